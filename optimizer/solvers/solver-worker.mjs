// Solver worker: runs blocking solves for the main thread (see worker-runner.ts and warm-worker.ts).
//
// Plain JavaScript on purpose, so the same file runs under vitest (TypeScript sources) and from dist/
// without a TypeScript loader. The message shapes are typed in worker-protocol.ts; keep them in step.
// All translation and interpretation happens in TypeScript on the main thread: this file only loads the
// library (by the module specifier it is given, so a missing optional library fails here, lazily),
// calls its solve, and streams incumbents and bounds while the solve blocks this thread.
//
// Two modes: with a job in workerData it runs that one job and ends (a fresh worker per solve); with
// `{ persistent: true }` it stays alive and runs the jobs posted to it one after the other, keeping each
// library instance (HiGHS' wasm instance, GLPK's) loaded between jobs: a warm worker.
import { parentPort, workerData } from 'node:worker_threads';

/** @param {unknown} msg @param {Transferable[]} [transfer] */
function post(msg, transfer) {
  parentPort?.postMessage(msg, transfer ?? []);
}

/** @param {unknown} x */
function finiteOrNull(x) {
  const v = typeof x === 'bigint' ? Number(x) : x;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const PROGRESS_INTERVAL_MS = 250;

/** Library instances kept between the jobs of a persistent worker, by module specifier. */
const instances = new Map();

/** @param {string} key @param {() => Promise<unknown>} load */
function instance(key, load) {
  let p = instances.get(key);
  if (p === undefined) {
    p = load();
    instances.set(key, p);
    // A failed load is not cached: the next job tries again (and reports the failure again).
    p.catch(() => instances.delete(key));
  }
  return p;
}

/**
 * Emscripten's options to load HiGHS from a module the main thread compiled: its `instantiateWasm` hook (the
 * highs package has no option of its own for a compiled module). A module that cannot be instantiated makes
 * the load fail, rather than leave Emscripten waiting on a callback that never comes. `used` says afterwards
 * whether the library called the hook (it would compile its own copy if it did not).
 */
function fromCompiled(wasmModule) {
  const options = {
    used: false,
    instantiateWasm(imports, receive) {
      options.used = true;
      receive(new WebAssembly.Instance(wasmModule, imports));
      return {};
    },
  };
  return options;
}

async function runHighs(job) {
  // A module compiled once by the main thread shares its (tiered-up) code across workers, and lets a
  // worker exit at once instead of waiting for its own background wasm compilation.
  const { api: highs, from } = await instance(`highs:${job.moduleId}`, async () => {
    const { default: loadHighs } = await import(job.moduleId);
    if (job.wasmModule === null) return { api: await loadHighs({}), from: 'own' };
    // Should the shared module fail to instantiate, the worker compiles its own copy.
    const options = fromCompiled(job.wasmModule);
    return loadHighs(options).then(
      (api) => ({ api, from: options.used ? 'shared' : 'own' }),
      async () => ({ api: await loadHighs({}), from: 'own' }),
    );
  });
  const start = performance.now();
  const model = highs.createModel(job.model);
  try {
    model.options.set({
      output_flag: false,
      time_limit: job.timeLimitSec,
      mip_rel_gap: job.mipRelGap,
      presolve: job.presolve === false ? 'off' : 'choose',
      mip_heuristic_run_feasibility_jump: job.feasibilityJump !== false,
    });
    if (job.incumbent !== null) {
      try {
        model.setSolution({ colValue: job.incumbent });
      } catch {
        // An unusable warm start is not an error: the caller compares against it anyway.
      }
    }
    const cb = highs.constants.callbackType;
    let lastProgress = 0;
    const callbacks = job.isMip
      ? {
          [cb.mipImprovingSolution](event) {
            const d = event.data;
            if (d.mip_solution !== undefined) {
              post({
                kind: 'incumbent',
                objective: d.objective_function_value ?? NaN,
                values: d.mip_solution,
                bound: finiteOrNull(d.mip_dual_bound),
              });
            }
            return undefined;
          },
          [cb.mipInterrupt](event) {
            const now = performance.now();
            if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
              lastProgress = now;
              post({
                kind: 'progress',
                bound: finiteOrNull(event.data.mip_dual_bound),
                objective: finiteOrNull(event.data.mip_primal_bound),
              });
            }
            return undefined;
          },
        }
      : undefined;
    model.run(callbacks);
    let status = model.getModelStatus();
    let reran = false;
    const constants = highs.constants.modelStatus;
    if (status === constants.unboundedOrInfeasible && (performance.now() - start) / 1000 < job.timeLimitSec) {
      // Presolve could not tell infeasible from unbounded; the time limit is cumulative over runs.
      model.options.set({ presolve: 'off' });
      model.clearSolver();
      model.run(callbacks);
      status = model.getModelStatus();
      reran = true;
    }
    const info = (name) => {
      try {
        return finiteOrNull(model.info.get(name));
      } catch {
        return null;
      }
    };
    const hasSolution = info('primal_solution_status') === highs.constants.solutionStatus.feasible;
    const solution = hasSolution ? model.getSolution() : null;
    const values = solution !== null ? solution.colValue : null;
    // Row duals of an optimal LP (reduced costs d = c − Aᵀy): the optimizer turns them into a dual bound.
    const rowDuals = !job.isMip && status === constants.optimal && solution !== null && solution.rowDual !== undefined ? solution.rowDual : null;
    post({
      kind: 'done',
      done: {
        backend: 'highs',
        modelStatus: status,
        hasSolution,
        values,
        rowDuals,
        dualBound: job.isMip ? info('mip_dual_bound') : null,
        objective: hasSolution ? model.getObjectiveValue() : null,
        reranWithoutPresolve: reran,
        elapsedSec: (performance.now() - start) / 1000,
        instance: from,
      },
    });
  } finally {
    model.dispose();
  }
}

// GLPK progress line, e.g. "+ 29559: mip =  -5.585000000e+03 >=  -5.602000000e+03   0.3% (5459; 762)".
const GLPK_PROGRESS = /^\+\s*\d+:\s+(?:mip =|>>>>>)\s+(.+?)\s+(?:>=|<=)\s+(.+?)\s+(?:(?:<\s*)?[\d.]+%\s+)?\(\d+;\s*\d+\)\s*$/;
// Termination messages are upper case, e.g. "TIME LIMIT EXCEEDED; SEARCH TERMINATED".
const GLPK_TERMINATION = /^[A-Z][A-Z ;]+$/;

/** Where GLPK's terminal output goes during the current job (glpk.js binds console.log once, when created). */
let glpkLine = () => {};

async function runGlpk(job) {
  const tail = [];
  let termination = null;
  glpkLine = (line) => {
    const text = String(line).trimEnd();
    tail.push(text);
    if (tail.length > 30) tail.shift();
    if (GLPK_TERMINATION.test(text)) termination = text;
    const m = GLPK_PROGRESS.exec(text);
    if (m !== null) {
      const objective = finiteOrNull(Number(m[1]));
      const bound = m[2] === 'tree is empty' ? objective : finiteOrNull(Number(m[2]));
      post({ kind: 'progress', bound, objective });
    }
  };
  // glpk.js binds console.log when its wasm module is created: capture its terminal output to read the
  // termination reason and the best bound, which its result object does not carry.
  console.log = (...args) => glpkLine(args.join(' '));
  console.error = (...args) => glpkLine(args.join(' '));
  const glpk = await instance(`glpk:${job.moduleId}`, async () => {
    const { default: GLPK } = await import(job.moduleId);
    return GLPK();
  });
  const start = performance.now();
  const r = glpk.solve(job.lp, {
    msglev: glpk.GLP_MSG_ALL,
    // glpk.js passes tmlim * 1000 as a C int (milliseconds): keep it below INT_MAX.
    tmlim: Math.min(job.timeLimitSec, 2_000_000),
    mipgap: job.mipRelGap,
    // Without presolve GLPK's simplex distinguishes infeasible from undefined for pure LPs.
    presol: job.isMip,
  });
  post({
    kind: 'done',
    done: {
      backend: 'glpk',
      status: r.result.status,
      z: finiteOrNull(r.result.z),
      vars: r.result.vars,
      termination,
      tail,
      elapsedSec: (performance.now() - start) / 1000,
    },
  });
}

const LPSOLVE_META = new Set(['feasible', 'result', 'bounded', 'isIntegral']);

async function runLpsolve(job) {
  const { default: solver } = await import(job.moduleId);
  const model = { ...job.model, options: { ...job.model.options, timeout: Math.max(1, Math.round(job.timeLimitSec * 1000)) } };
  const start = performance.now();
  const r = solver.Solve(model);
  const vars = {};
  for (const [k, v] of Object.entries(r)) {
    if (!LPSOLVE_META.has(k) && typeof v === 'number') vars[k] = v;
  }
  post({
    kind: 'done',
    done: {
      backend: 'lpsolve',
      feasible: r.feasible === true,
      bounded: r.bounded !== false,
      isIntegral: r.isIntegral === true,
      result: typeof r.result === 'number' ? r.result : NaN,
      vars,
      elapsedSec: (performance.now() - start) / 1000,
    },
  });
}

const RUNNERS = { highs: runHighs, glpk: runGlpk, lpsolve: runLpsolve };

/** Runs one job; every outcome ends with exactly one 'done' or 'failed' message. */
async function runJob(job) {
  try {
    const run = RUNNERS[job.backend];
    if (run === undefined) throw new Error(`unknown backend ${job.backend}`);
    await run(job);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ kind: 'failed', message: e.message, code: typeof e.code === 'string' ? e.code : null });
  }
}

if (workerData !== null && typeof workerData === 'object' && workerData.persistent === true) {
  // A persistent worker's output is not piped (see warm-worker.ts): whatever a library prints must not reach
  // the process's stdout, which may be carrying JSON or YAML.
  const silent = () => {};
  console.log = silent;
  console.info = silent;
  console.warn = silent;
  console.error = silent;
  // Jobs arrive one at a time: the main thread sends the next only after this one's final message.
  parentPort?.on('message', (msg) => {
    if (msg !== null && typeof msg === 'object' && msg.kind === 'job') void runJob(msg.job);
  });
  // Libraries asked for ahead of the first job (a failure is reported by the job that needs the library).
  for (const id of Array.isArray(workerData.preload) ? workerData.preload : []) import(id).catch(() => {});
} else {
  await runJob(workerData);
}
