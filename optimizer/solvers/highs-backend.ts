/**
 * HiGHS backend (highs-js 1.15.x, HiGHS compiled to WebAssembly, MIT): the default solver.
 *
 * The model goes in through the structured persistent API (CSR arrays, no LP text to parse), with
 * `time_limit` and `mip_rel_gap` set and an optional warm start (`setSolution`). HiGHS reports the best
 * bound (`mip_dual_bound`), and while it runs the worker streams every improving solution and, every
 * 250 ms, the current bound; so even when the hard kill fires the result keeps the last incumbent and bound.
 * Status 9 (infeasible or unbounded, from presolve) is resolved by a second run without presolve.
 * Small models (at most SMALL_MODEL_NONZEROS nonzeros) are solved by the warm worker, whose wasm instance
 * stays loaded between solves (each model is disposed after its solve), without presolve (on the placement
 * models presolve costs more than the whole solve); larger ones get a fresh worker and a fresh instance.
 */
import type { ModelData } from 'highs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { BackendSpec, BackendTuning, PreparedModel } from './backend-common.js';
import {
  errorResult,
  feasibleResult,
  optimalResult,
  prepare,
  SMALL_MODEL_NONZEROS,
  solveInWorker,
  unfinishedResult,
  usesWarmWorker,
} from './backend-common.js';
import { IN_THREAD_MAX_NONZEROS, runHighsInThread } from './highs-in-thread.js';
import { columnBounds } from './model-matrix.js';
import { sharedWarmWorker, type WarmWorker } from './warm-worker.js';
import { warmUpModel } from './warm-up.js';
import { defaultGraceSec } from './worker-runner.js';
import { checkCandidate, isRejected } from './solution-check.js';
import { BASELINE_TIER_FLAG } from './wasm-tier-flags.js';
import type { LinearModel, SolveOptions, SolveResult, SolverBackend } from './types.js';
import type { HighsDone, WorkerJob } from './worker-protocol.js';
import type { WorkerRun } from './worker-runner.js';

/** HiGHS model status codes (highs.constants.modelStatus). */
const STATUS = {
  optimal: 7,
  infeasible: 8,
  unboundedOrInfeasible: 9,
  unbounded: 10,
  objectiveBound: 11,
  objectiveTarget: 12,
  timeLimit: 13,
  iterationLimit: 14,
  solutionLimit: 16,
  interrupted: 17,
} as const;

const STATUS_NAMES: Record<number, string> = {
  0: 'not set',
  1: 'load error',
  2: 'model error',
  3: 'presolve error',
  4: 'solve error',
  5: 'postsolve error',
  6: 'empty',
  9: 'infeasible or unbounded',
  10: 'unbounded',
  15: 'unknown',
};

const LIMIT_STATUSES: ReadonlySet<number> = new Set([
  STATUS.objectiveBound,
  STATUS.objectiveTarget,
  STATUS.timeLimit,
  STATUS.iterationLimit,
  STATUS.solutionLimit,
  STATUS.interrupted,
]);

/** Builds highs-js `ModelData` (CSR, typed arrays) from a prepared model. */
export function toHighsModel(prep: PreparedModel): ModelData {
  const { model, matrix, cost } = prep;
  const n = model.variables.length;
  const m = model.constraints.length;
  const colLower = new Float64Array(n);
  const colUpper = new Float64Array(n);
  const integrality = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const [lb, ub] = columnBounds(model, j);
    colLower[j] = lb;
    colUpper[j] = ub;
    integrality[j] = model.variables[j]?.type === 'continuous' ? 0 : 1;
  }
  const rowLower = new Float64Array(m);
  const rowUpper = new Float64Array(m);
  model.constraints.forEach((row, i) => {
    rowLower[i] = row.lb;
    rowUpper[i] = row.ub;
  });
  return {
    numCols: n,
    numRows: m,
    offset: model.objective.constant,
    colCost: cost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows: m, numCols: n, starts: matrix.starts, indices: matrix.indices, values: matrix.values },
    ...(prep.isMip ? { integrality } : {}),
  };
}

function interpretDone(prep: PreparedModel, run: WorkerRun, done: HighsDone, wallSec: number): SolveResult {
  const name = 'highs' as const;
  const status = done.modelStatus;
  if (status === STATUS.infeasible) return { solver: name, status: 'infeasible', wallSec };
  const candidate = done.hasSolution && done.values !== null ? checkCandidate(prep.model, prep.matrix, prep.cost, done.values) : null;
  const rejected = candidate !== null && isRejected(candidate) ? candidate.reason : null;
  const sol = candidate !== null && !isRejected(candidate) ? candidate : null;
  if (status === STATUS.optimal) {
    if (sol === null) return errorResult(name, wallSec, `highs reported optimal but the solution fails the check: ${rejected ?? 'no solution'}`);
    // An LP optimum is exact; for a MIP the proven bound is mip_dual_bound.
    const result = optimalResult(name, wallSec, sol, prep.isMip ? (done.dualBound ?? -Infinity) : sol.objective);
    if (result.status !== 'optimal' || !done.rowDuals || done.rowDuals.length !== prep.model.constraints.length) return result;
    return { ...result, rowDuals: Array.from(done.rowDuals) };
  }
  if (LIMIT_STATUSES.has(status)) {
    const bound = maxBound(done.dualBound, run.bound);
    if (sol !== null) return feasibleResult(name, wallSec, sol, bound);
    // No usable final incumbent: fall back on the last streamed one, else report the timeout.
    return unfinishedResult(highsSpec, prep, { ...run, killed: true }, wallSec, bound);
  }
  if (status === STATUS.unbounded) return errorResult(name, wallSec, 'highs: the model is unbounded');
  if (status === STATUS.unboundedOrInfeasible) {
    const how = done.reranWithoutPresolve ? 'even without presolve' : 'no time left to re-run without presolve';
    return errorResult(name, wallSec, `highs: the model is infeasible or unbounded (${how})`);
  }
  return errorResult(name, wallSec, `highs ended with status ${status} (${STATUS_NAMES[status] ?? 'unexpected'})`);
}

function maxBound(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** Turns a HiGHS worker run into a result. */
export function interpretHighsRun(prep: PreparedModel, run: WorkerRun, _options: SolveOptions, wallSec: number): SolveResult {
  if (run.done !== null && run.done.backend === 'highs') return interpretDone(prep, run, run.done, wallSec);
  return unfinishedResult(highsSpec, prep, run, wallSec, run.bound);
}

/** The one WebAssembly function used here (the project's TypeScript libs do not declare WebAssembly). */
interface WasmCompiler {
  compile(bytes: Uint8Array): Promise<object>;
  Module: new (bytes: Uint8Array) => object;
}

/**
 * How V8 compiles HiGHS' wasm code: `baseline` (Liftoff only: cheap to compile, about half as fast) or
 * `optimizing` (V8's default: Liftoff first, hot functions recompiled by TurboFan in the background).
 */
export type WasmTier = 'baseline' | 'optimizing';

let compiledWasm: Promise<object | null> | null = null;
let compiledTier: WasmTier | null = null;

/**
 * The tier for a process whose first HiGHS model has `nonzeros` nonzeros. A small model is solved in well
 * under a second, too short to earn back TurboFan's compile time (which, on 2 cores, competes with the
 * solve itself); a large one runs long enough for the optimized code to win.
 */
export function wasmTierFor(nonzeros: number): WasmTier {
  return nonzeros <= SMALL_MODEL_NONZEROS ? 'baseline' : 'optimizing';
}

/**
 * The tier set by the environment (`SKYCLUSTER_HIGHS_WASM_TIER=baseline|optimizing`), for processes that solve
 * many models over their life (a controller, a test file), where TurboFan's compile time is soon earned back.
 */
function tierOverride(): WasmTier | null {
  const v = process.env['SKYCLUSTER_HIGHS_WASM_TIER'];
  return v === 'baseline' || v === 'optimizing' ? v : null;
}

/** The tier the process's HiGHS module was compiled with, or null before the first compile. */
export function highsWasmTier(): WasmTier | null {
  return compiledTier;
}

/**
 * highs.wasm (3.5 MB) compiled once per process and handed to every worker: workers then share the
 * compiled and tiered-up code (faster solves after the first), and a finished worker exits at once
 * instead of waiting up to a second for its own background compilation jobs. Null if it cannot be
 * found or compiled (each worker then compiles its own copy).
 *
 * `tier` counts only on the first call: V8's flags are per process and read while wasm code runs, so every later
 * model runs under the tier of the first one a process solves (the choice is this module's: setting back all the
 * flags `--liftoff-only` changes would bring TurboFan back, optimizer/solvers/README.md).
 */
export function highsWasmModule(tier: WasmTier = 'optimizing'): Promise<object | null> {
  compiledWasm ??= (() => {
    fixWasmTier(tier);
    try {
      const wasm = (globalThis as unknown as { WebAssembly: WasmCompiler }).WebAssembly;
      // Read synchronously: the compile starts now, not when the caller next yields to the event loop.
      const bytes = readFileSync(createRequire(import.meta.url).resolve('highs/runtime'));
      return wasm.compile(bytes).catch(() => null);
    } catch {
      return Promise.resolve(null);
    }
  })();
  return compiledWasm;
}

/**
 * highs.wasm compiled synchronously on this thread (lazy compilation: mostly validation, about 20 ms), for the
 * warm-up, which must not wait for the event loop; it becomes the process's module. Null when a compile was already
 * started asynchronously or fails (the worker then compiles its own copy).
 */
function highsWasmModuleNow(tier: WasmTier): object | null {
  if (compiledWasm !== null) return null;
  fixWasmTier(tier);
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmCompiler }).WebAssembly;
    const module = new wasm.Module(readFileSync(createRequire(import.meta.url).resolve('highs/runtime')));
    compiledWasm = Promise.resolve(module);
    return module;
  } catch {
    return null;
  }
}

/** Fixes the process's tier on the first call (see {@link highsWasmModule}) and returns the tier in force. */
function fixWasmTier(tier: WasmTier): WasmTier {
  if (compiledTier === null) {
    compiledTier = tierOverride() ?? tier;
    if (compiledTier === 'baseline') setFlagsFromString(BASELINE_TIER_FLAG);
  }
  return compiledTier;
}

/** Warm workers that loaded HiGHS in a warm-up (their jobs need no module from the main thread). */
const warmedWorkers = new WeakSet<WarmWorker>();

const highsSpec: BackendSpec = {
  name: 'highs',
  notInstalledMessage: 'the highs package is not installed: npm install highs',
  async build(prep, options, moduleId, tuning) {
    const model = toHighsModel(prep);
    const incumbent =
      options.incumbent !== undefined && options.incumbent.length === prep.model.variables.length ? Float64Array.from(options.incumbent) : null;
    const nonzeros = prep.matrix.values.length;
    // A job for a warm worker that loaded HiGHS in a warm-up needs no module (a replacement worker compiles its own).
    const warmed =
      nonzeros > IN_THREAD_MAX_NONZEROS && usesWarmWorker(prep, tuning.worker) && warmedWorkers.has(tuning.warmWorker ?? sharedWarmWorker());
    const wasmModule = moduleId === 'highs' && !warmed ? await highsWasmModule(wasmTierFor(nonzeros)) : null;
    const { timeLimitSec, mipRelGap } = options;
    const presolve = nonzeros > SMALL_MODEL_NONZEROS;
    const feasibilityJump = nonzeros > SMALL_MODEL_NONZEROS;
    return {
      job: { backend: 'highs', moduleId, timeLimitSec, mipRelGap, model, isMip: prep.isMip, incumbent, wasmModule, presolve, feasibilityJump },
      transfer: [],
    };
  },
  interpret: interpretHighsRun,
  async solveInThread(prep, job, elapsed) {
    if (job.backend !== 'highs' || job.moduleId !== 'highs' || prep.matrix.values.length > IN_THREAD_MAX_NONZEROS) return null;
    const done = await runHighsInThread(job);
    if (done === null) return null;
    const run: WorkerRun = { done, failure: null, incumbent: null, bound: null, killed: false, wallSec: done.elapsedSec, stderrTail: '' };
    return interpretDone(prep, run, done, elapsed());
  },
};

/** Longest a warm-up solve may run (it takes milliseconds once HiGHS is loaded). */
const WARM_UP_LIMIT_SEC = 5;

/**
 * Warms HiGHS up for a model about to be built (warm-up.ts). Without an estimate: starts the warm worker thread
 * and has it import the library, which does not depend on the model. With one, for a small model (its solves use
 * the warm worker and baseline-compiled code, which the warm-up then fixes for the process): also compiles
 * highs.wasm, loads it on the warm worker and solves {@link warmUpModel} there. Only for the default library with
 * a warm worker allowed. Never throws.
 */
function warmUpHighs(tuning: BackendTuning, estimatedNonzeros: number | undefined): void {
  if (tuning.worker === 'fresh' || (tuning.moduleId ?? 'highs') !== 'highs') return;
  const warm = tuning.warmWorker ?? sharedWarmWorker();
  if (estimatedNonzeros === undefined) {
    warm.start(['highs']);
    return;
  }
  if (!(estimatedNonzeros <= SMALL_MODEL_NONZEROS)) return;
  const prep = prepare('highs', warmUpModel());
  if ('status' in prep) return;
  // Everything here is synchronous: the caller goes on building its model without yielding, and a step that
  // waited for the event loop (an asynchronous compile) would start only when the real solve does. So the tier is
  // fixed now and highs.wasm compiled synchronously, shared with the worker (whose lazily compiled code then also
  // serves in-thread solves); the worker's instance serves the later jobs, which need no module (see build).
  fixWasmTier(wasmTierFor(estimatedNonzeros));
  const wasmModule = highsWasmModuleNow(wasmTierFor(estimatedNonzeros));
  warmedWorkers.add(warm);
  const job: WorkerJob = {
    backend: 'highs',
    moduleId: 'highs',
    timeLimitSec: WARM_UP_LIMIT_SEC,
    mipRelGap: 0,
    model: toHighsModel(prep),
    isMip: prep.isMip,
    incumbent: null,
    wasmModule,
    presolve: false,
    feasibilityJump: false,
  };
  warm.warmUp(job, WARM_UP_LIMIT_SEC + defaultGraceSec(WARM_UP_LIMIT_SEC));
}

/** Creates a HiGHS backend. */
export function createHighsBackend(tuning: BackendTuning = {}): SolverBackend {
  return {
    name: 'highs',
    solve: (model: LinearModel, options: SolveOptions) => solveInWorker(highsSpec, tuning, 'highs', model, options),
    warmUp: (hint) => warmUpHighs(tuning, hint.estimatedNonzeros),
  };
}
