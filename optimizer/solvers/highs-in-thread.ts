/**
 * Tiny HiGHS models solved on the calling thread: no worker to start, no model to copy across threads.
 *
 * Safe only because it is bounded: HiGHS' solve is synchronous and blocks the event loop, so the in-thread
 * attempt is limited to models of at most {@link IN_THREAD_MAX_NONZEROS} nonzeros and to
 * {@link IN_THREAD_MAX_SEC} of wall time, enforced twice: HiGHS' own `time_limit` and an interrupt callback
 * (simplex and MIP checkpoints) that stops the run once the deadline has passed. A model that is not finished
 * by then is handed to a worker with the rest of the caller's limit (see backend-common.ts), where the hard kill
 * applies as for every other solve. The instance is loaded once per process from the same compiled module as
 * the workers' (highsWasmModule), and every model is disposed after its run.
 * Keep the run logic in step with runHighs in solver-worker.mjs.
 */
import type { HighsDone, WorkerJob } from './worker-protocol.js';

/** Largest model (nonzeros) tried on the calling thread. */
export const IN_THREAD_MAX_NONZEROS = 2_500;

/** Longest the calling thread is blocked by one in-thread attempt, in seconds. */
export const IN_THREAD_MAX_SEC = 1;

type HighsJob = Extract<WorkerJob, { backend: 'highs' }>;

/** The parts of highs-js used here (typed structurally: its types need the WebAssembly declarations). */
interface InterruptEvent {
  interrupt(): void;
}
interface HighsModelApi {
  options: { set(values: Record<string, unknown>): void };
  info: { get(name: string): unknown };
  setSolution(solution: { colValue: Float64Array }): unknown;
  run(callbacks?: Record<number, (event: InterruptEvent) => undefined>): unknown;
  clearSolver(): void;
  getModelStatus(): number;
  getSolution(): { colValue: Float64Array; rowDual?: Float64Array };
  getObjectiveValue(): number;
  dispose(): void;
}
interface HighsApi {
  createModel(model: HighsJob['model']): HighsModelApi;
  constants: {
    callbackType: { simplexInterrupt: number; mipInterrupt: number };
    modelStatus: { optimal: number; unboundedOrInfeasible: number; timeLimit: number; interrupted: number };
    solutionStatus: { feasible: number };
  };
}

let instance: Promise<HighsApi> | null = null;

function loadInstance(wasmModule: object | null): Promise<HighsApi> {
  instance ??= (async () => {
    const { default: loadHighs } = (await import('highs')) as unknown as { default: (o: object) => Promise<HighsApi> };
    if (wasmModule === null) return loadHighs({});
    // Emscripten's hook for a compiled module (solver-worker.mjs, fromCompiled); on failure, a copy of its own.
    const wasm = (globalThis as unknown as { WebAssembly: { Instance: new (module: object, imports: object) => object } }).WebAssembly;
    const fromCompiled = {
      instantiateWasm(imports: object, receive: (instance: object) => void): object {
        receive(new wasm.Instance(wasmModule, imports));
        return {};
      },
    };
    return loadHighs(fromCompiled).catch(() => loadHighs({}));
  })();
  // A failed load is not kept: the caller falls back to a worker, and a later call may try again.
  instance.catch(() => {
    instance = null;
  });
  return instance;
}

function finiteOrNull(x: unknown): number | null {
  const v = typeof x === 'bigint' ? Number(x) : x;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Solves a HiGHS job on this thread within min(job.timeLimitSec, {@link IN_THREAD_MAX_SEC}). Returns HiGHS' end
 * state, or null when the attempt reached that cap before the caller's own limit (the caller then solves in a
 * worker). Throws only if the library cannot be loaded.
 */
export async function runHighsInThread(job: HighsJob): Promise<HighsDone | null> {
  const highs = await loadInstance(job.wasmModule);
  const capSec = Math.min(job.timeLimitSec, IN_THREAD_MAX_SEC);
  const capped = capSec < job.timeLimitSec;
  const start = performance.now();
  const deadline = start + capSec * 1000;
  const model = highs.createModel(job.model);
  try {
    model.options.set({
      output_flag: false,
      time_limit: capSec,
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
    const stopAtDeadline = (event: InterruptEvent): undefined => {
      if (performance.now() > deadline) event.interrupt();
      return undefined;
    };
    const cb = highs.constants.callbackType;
    const callbacks = { [cb.simplexInterrupt]: stopAtDeadline, [cb.mipInterrupt]: stopAtDeadline };
    const constants = highs.constants.modelStatus;
    model.run(callbacks);
    let status = model.getModelStatus();
    const stopped = (s: number): boolean => s === constants.timeLimit || s === constants.interrupted;
    if (capped && stopped(status)) return null;
    let reran = false;
    if (status === constants.unboundedOrInfeasible && performance.now() < deadline) {
      model.options.set({ presolve: 'off' });
      model.clearSolver();
      model.run(callbacks);
      status = model.getModelStatus();
      reran = true;
      if (capped && stopped(status)) return null;
    }
    const info = (name: string): number | null => {
      try {
        return finiteOrNull(model.info.get(name));
      } catch {
        return null;
      }
    };
    const hasSolution = info('primal_solution_status') === highs.constants.solutionStatus.feasible;
    const solution = hasSolution ? model.getSolution() : null;
    const rowDuals = !job.isMip && status === constants.optimal && solution !== null && solution.rowDual !== undefined ? solution.rowDual : null;
    return {
      backend: 'highs',
      modelStatus: status,
      hasSolution,
      values: solution !== null ? solution.colValue : null,
      rowDuals,
      dualBound: job.isMip ? info('mip_dual_bound') : null,
      objective: hasSolution ? model.getObjectiveValue() : null,
      reranWithoutPresolve: reran,
      elapsedSec: (performance.now() - start) / 1000,
    };
  } finally {
    model.dispose();
  }
}
