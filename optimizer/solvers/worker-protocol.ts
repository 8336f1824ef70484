/**
 * Messages between the main thread and the solver worker (solver-worker.mjs, plain JavaScript).
 *
 * The main thread does all translation of the {@link LinearModel} into each library's input (typed here)
 * and all interpretation of results; the worker only loads the library, calls its blocking solve, and
 * streams back what it learns on the way (HiGHS incumbents, HiGHS/GLPK bounds), so that a hard kill
 * still leaves the best incumbent and bound behind. Keep this file and solver-worker.mjs in step.
 */
import type { ModelData } from 'highs';
import type { Model as LpsolveModel } from 'javascript-lp-solver';

/** Structural subset of glpk.js' `LP` type (glpk.js is optional, so its types cannot be required). */
export interface GlpkLp {
  name: string;
  objective: { direction: number; name: string; vars: { name: string; coef: number }[] };
  subjectTo: { name: string; vars: { name: string; coef: number }[]; bnds: { type: number; ub: number; lb: number } }[];
  bounds: { name: string; type: number; ub: number; lb: number }[];
  generals: string[];
}

/** What the worker should do: which library (by module specifier) and the prepared input. */
export type WorkerJob =
  | {
      readonly backend: 'highs';
      readonly moduleId: string;
      readonly timeLimitSec: number;
      readonly mipRelGap: number;
      readonly model: ModelData;
      readonly isMip: boolean;
      /** Warm start (one value per column), or null. */
      readonly incumbent: Float64Array | null;
      /**
       * highs.wasm compiled once by the main thread (a WebAssembly.Module, typed opaquely because this
       * project's TypeScript libs do not declare WebAssembly), or null: the worker then compiles its own.
       */
      readonly wasmModule: object | null;
      /** False turns HiGHS' presolve off (it costs more than it saves on small placement models); default on. */
      readonly presolve?: boolean;
      /**
       * False turns HiGHS' feasibility-jump heuristic off (about 9 ms of set-up per MIP run, half of a small
       * placement model's solve, and a warm start is given anyway); default on.
       */
      readonly feasibilityJump?: boolean;
    }
  | {
      readonly backend: 'glpk';
      readonly moduleId: string;
      readonly timeLimitSec: number;
      readonly mipRelGap: number;
      readonly lp: GlpkLp;
      readonly isMip: boolean;
    }
  | {
      readonly backend: 'lpsolve';
      readonly moduleId: string;
      readonly timeLimitSec: number;
      readonly model: LpsolveModel;
    };

/** Raw end state of a HiGHS run. */
export interface HighsDone {
  readonly backend: 'highs';
  /** HiGHS model status code (7 optimal, 8 infeasible, 9 infeasible-or-unbounded, 10 unbounded, 13 time limit, ...). */
  readonly modelStatus: number;
  /** primal_solution_status === 2 (a feasible primal solution is available). */
  readonly hasSolution: boolean;
  readonly values: Float64Array | null;
  /** Row duals of an optimal LP (reduced costs are c − Aᵀ·rowDuals); null for a MIP or without an optimum. */
  readonly rowDuals: Float64Array | null;
  /** mip_dual_bound (MIP) or null. */
  readonly dualBound: number | null;
  readonly objective: number | null;
  /** True when status 9 made the worker re-run without presolve to tell infeasible from unbounded. */
  readonly reranWithoutPresolve: boolean;
  readonly elapsedSec: number;
  /**
   * How the worker's HiGHS instance was made: from the job's compiled module (`shared`), or from highs.wasm by the
   * worker itself (`own`: no module was sent, or the one sent could not be instantiated).
   */
  readonly instance?: 'shared' | 'own';
}

/** Raw end state of a glpk.js run. */
export interface GlpkDone {
  readonly backend: 'glpk';
  /** GLPK solution status (1 undefined, 2 feasible, 3 infeasible, 4 no feasible, 5 optimal, 6 unbounded). */
  readonly status: number;
  readonly z: number | null;
  readonly vars: Record<string, number>;
  /** Upper-case GLPK termination message, e.g. "TIME LIMIT EXCEEDED; SEARCH TERMINATED", or null. */
  readonly termination: string | null;
  /** Last lines GLPK printed (for error messages). */
  readonly tail: readonly string[];
  readonly elapsedSec: number;
}

/** Raw end state of a javascript-lp-solver run. */
export interface LpsolveDone {
  readonly backend: 'lpsolve';
  readonly feasible: boolean;
  readonly bounded: boolean;
  readonly isIntegral: boolean;
  readonly result: number;
  /** Non-zero variable values by id (the library omits zeros). */
  readonly vars: Record<string, number>;
  readonly elapsedSec: number;
}

/** Main thread to a persistent (warm) worker: run this job; the next one is sent only after its final message. */
export interface WorkerJobMessage {
  readonly kind: 'job';
  readonly job: WorkerJob;
}

/** workerData of a persistent worker (a one-shot worker gets its {@link WorkerJob} as workerData instead). */
export interface PersistentWorkerData {
  readonly persistent: true;
  /** Module specifiers the worker imports as soon as it starts (a warm-up: the first job finds them loaded). */
  readonly preload?: readonly string[];
}

/** Any backend's end state. */
export type WorkerDone = HighsDone | GlpkDone | LpsolveDone;

/** Worker to main thread. */
export type WorkerMessage =
  /** A new incumbent (HiGHS improving-solution callback): values in model order. */
  | { readonly kind: 'incumbent'; readonly objective: number; readonly values: Float64Array; readonly bound: number | null }
  /** Progress: best proven bound so far (and incumbent objective, if any). */
  | { readonly kind: 'progress'; readonly bound: number | null; readonly objective: number | null }
  | { readonly kind: 'done'; readonly done: WorkerDone }
  /** The worker failed; code is the Node error code when there is one (e.g. ERR_MODULE_NOT_FOUND). */
  | { readonly kind: 'failed'; readonly message: string; readonly code: string | null };
