/**
 * The parts every backend shares: checking options and model, short-cutting models that need no solver,
 * running the prepared job in a worker with a hard limit, and turning candidates into results.
 * Nothing here throws to the caller: every failure becomes an {@link ErrorResult}.
 */
import type { CsrMatrix } from './model-matrix.js';
import { constraintMatrix, denseObjective, trivialInfeasibility, validateModel } from './model-matrix.js';
import type { CheckedSolution } from './solution-check.js';
import { checkCandidate, clampBound, isRejected, relativeGap } from './solution-check.js';
import type { ErrorResult, LinearModel, SolveOptions, SolveResult, SolverName } from './types.js';
import type { WorkerJob } from './worker-protocol.js';
import type { WarmWorker } from './warm-worker.js';
import { sharedWarmWorker } from './warm-worker.js';
import type { WorkerRun } from './worker-runner.js';
import { defaultGraceSec, runSolverWorker } from './worker-runner.js';

/**
 * Models with at most this many nonzeros count as small (the examples have 2 k to 27 k, a 100-component
 * application 313 k): they are solved by the warm worker, and HiGHS solves them without presolve and on
 * baseline-compiled wasm code (see highs-backend.ts). Larger ones get a fresh worker, as before.
 */
export const SMALL_MODEL_NONZEROS = 100_000;

/** Which worker runs a solve: the warm one for small models (`auto`), always the warm one, or a fresh one. */
export type WorkerChoice = 'auto' | 'warm' | 'fresh';

/** Knobs of a backend instance (the defaults suit production). */
export interface BackendTuning {
  /**
   * Seconds the worker may run past `timeLimitSec` before it is terminated (default
   * {@link defaultGraceSec}). Tests may pass a negative value to force the hard kill early.
   */
  readonly graceSec?: number;
  /** Module specifier the worker imports for the library (tests point it at a missing module). */
  readonly moduleId?: string;
  /** Which worker runs the solves. @default 'auto' (the warm worker for models of at most {@link SMALL_MODEL_NONZEROS}) */
  readonly worker?: WorkerChoice;
  /** The warm worker to use. @default the process's shared one ({@link sharedWarmWorker}) */
  readonly warmWorker?: WarmWorker;
  /** Try tiny models on the calling thread first (HiGHS only, bounded: see highs-in-thread.ts). @default true */
  readonly inThread?: boolean;
}

/** True when `prep` is small enough for the warm worker under `choice`. */
export function usesWarmWorker(prep: PreparedModel, choice: WorkerChoice = 'auto'): boolean {
  return choice === 'warm' || (choice === 'auto' && prep.matrix.values.length <= SMALL_MODEL_NONZEROS);
}

/** A validated model with its compact matrix and objective. */
export interface PreparedModel {
  readonly model: LinearModel;
  readonly matrix: CsrMatrix;
  readonly cost: Float64Array;
  readonly isMip: boolean;
}

/** A worker job and the buffers to transfer (not copy) with it. */
export interface PreparedJob {
  readonly job: WorkerJob;
  readonly transfer: ArrayBuffer[];
}

/** How one backend builds its worker job and reads the run. */
export interface BackendSpec {
  readonly name: SolverName;
  /** Message for a missing library (ERR_MODULE_NOT_FOUND when the worker imports it). */
  readonly notInstalledMessage: string;
  build(prep: PreparedModel, options: SolveOptions, moduleId: string, tuning: BackendTuning): PreparedJob | Promise<PreparedJob>;
  interpret(prep: PreparedModel, run: WorkerRun, options: SolveOptions, wallSec: number): SolveResult;
  /**
   * Solves a tiny model on the calling thread within a short cap, or returns null (not tiny, or not finished
   * within the cap: the worker then gets the rest of the limit). `elapsed` gives the seconds since the solve began.
   */
  solveInThread?(prep: PreparedModel, job: WorkerJob, elapsed: () => number): Promise<SolveResult | null>;
}

/** An ErrorResult. */
export function errorResult(solver: SolverName, wallSec: number, message: string): ErrorResult {
  return { solver, status: 'error', wallSec, message };
}

/** An optimal result for a checked solution; the bound is clamped to the objective. */
export function optimalResult(solver: SolverName, wallSec: number, sol: CheckedSolution, bound: number): SolveResult {
  const b = clampBound(bound, sol.objective);
  return {
    solver,
    status: 'optimal',
    wallSec,
    objective: sol.objective,
    bound: b,
    gap: relativeGap(sol.objective, b),
    values: Array.from(sol.values),
  };
}

/** A feasible (limit reached) result for a checked solution; pass -Infinity or null when no bound is known. */
export function feasibleResult(solver: SolverName, wallSec: number, sol: CheckedSolution, bound: number | null): SolveResult {
  const b = clampBound(bound, sol.objective);
  return {
    solver,
    status: 'feasible',
    wallSec,
    objective: sol.objective,
    bound: b,
    gap: relativeGap(sol.objective, b),
    values: Array.from(sol.values),
  };
}

/** A timeout result (no incumbent). */
export function timeoutResult(solver: SolverName, wallSec: number, bound: number | null): SolveResult {
  return { solver, status: 'timeout', wallSec, bound: bound ?? -Infinity };
}

/**
 * Result for a run that ended without a final report: a worker failure becomes an error; a hard kill
 * becomes 'feasible' with the last streamed incumbent (if it checks out) or 'timeout'.
 */
export function unfinishedResult(spec: BackendSpec, prep: PreparedModel, run: WorkerRun, wallSec: number, bound: number | null): SolveResult {
  if (run.failure !== null) {
    const { message, code } = run.failure;
    if (code === 'ERR_MODULE_NOT_FOUND') return errorResult(spec.name, wallSec, `${spec.notInstalledMessage} (${message})`);
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') return errorResult(spec.name, wallSec, `${spec.name}: out of memory (${message})`);
    const diag = run.stderrTail === '' ? '' : `; stderr: ${run.stderrTail}`;
    return errorResult(spec.name, wallSec, `${spec.name} failed: ${message}${diag}`);
  }
  if (run.incumbent !== null) {
    const sol = checkCandidate(prep.model, prep.matrix, prep.cost, run.incumbent.values);
    if (!isRejected(sol)) return feasibleResult(spec.name, wallSec, sol, bound);
  }
  if (run.killed) return timeoutResult(spec.name, wallSec, bound);
  return errorResult(spec.name, wallSec, `${spec.name}: the worker exited without a result`);
}

function checkOptions(options: SolveOptions): string | null {
  if (!(Number.isFinite(options.timeLimitSec) && options.timeLimitSec > 0))
    return `timeLimitSec must be a positive number, got ${options.timeLimitSec}`;
  if (!(Number.isFinite(options.mipRelGap) && options.mipRelGap >= 0)) return `mipRelGap must be a non-negative number, got ${options.mipRelGap}`;
  return null;
}

/** Prepares the model, or returns the result when no solver is needed (invalid, trivially infeasible, no columns). */
export function prepare(name: SolverName, model: LinearModel): PreparedModel | SolveResult {
  const invalid = validateModel(model);
  if (invalid !== null) return errorResult(name, 0, `invalid model ${model.name}: ${invalid}`);
  const matrix = constraintMatrix(model);
  if (trivialInfeasibility(model, matrix) !== null) return { solver: name, status: 'infeasible', wallSec: 0 };
  const cost = denseObjective(model);
  const prep: PreparedModel = { model, matrix, cost, isMip: model.variables.some((v) => v.type !== 'continuous') };
  if (model.variables.length === 0) {
    // Every row is empty and (by the trivial check) satisfied by 0.
    return optimalResult(name, 0, { values: new Float64Array(0), objective: model.objective.constant }, model.objective.constant);
  }
  return prep;
}

/** Solves `model` with the backend described by `spec`: validation, worker, hard limit, interpretation. */
export async function solveInWorker(
  spec: BackendSpec,
  tuning: BackendTuning,
  defaultModuleId: string,
  model: LinearModel,
  options: SolveOptions,
): Promise<SolveResult> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  try {
    const badOptions = checkOptions(options);
    if (badOptions !== null) return errorResult(spec.name, 0, badOptions);
    const prep = prepare(spec.name, model);
    if ('status' in prep) return { ...prep, wallSec: elapsed() };
    const moduleId = tuning.moduleId ?? defaultModuleId;
    let { job, transfer } = await spec.build(prep, options, moduleId, tuning);
    if (spec.solveInThread !== undefined && tuning.inThread !== false) {
      const inThread = await spec.solveInThread(prep, job, elapsed).catch(() => null);
      if (inThread !== null) return inThread;
      const remainingSec = options.timeLimitSec - elapsed();
      if (remainingSec < options.timeLimitSec)
        ({ job, transfer } = await spec.build(prep, { ...options, timeLimitSec: Math.max(0.1, remainingSec) }, moduleId, tuning));
    }
    const grace = tuning.graceSec ?? defaultGraceSec(options.timeLimitSec);
    const hardLimitSec = job.timeLimitSec + grace;
    const run = usesWarmWorker(prep, tuning.worker)
      ? await (tuning.warmWorker ?? sharedWarmWorker()).run(job, hardLimitSec, transfer, options.onHandedOver)
      : await runSolverWorker(job, hardLimitSec, transfer, options.onHandedOver);
    return spec.interpret(prep, run, options, elapsed());
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return errorResult(spec.name, elapsed(), `${spec.name}: unexpected failure: ${e.message}`);
  }
}
