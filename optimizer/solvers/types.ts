/**
 * Solver-independent mixed-integer linear model and the result every backend returns.
 *
 * The model builder (optimizer/model) produces a {@link LinearModel}; a backend (HiGHS, GLPK,
 * javascript-lp-solver) consumes it and returns a {@link SolveResult}. Nothing here knows about
 * components, clouds or prices: rows and columns are plain data, so the same model can be written
 * out as CPLEX LP text (`--export-lp`) and checked with any other solver.
 */

/** Kind of a decision variable. */
export type VariableType = 'binary' | 'integer' | 'continuous';

/** One column of the model. Bounds may be ±Infinity. */
export interface Variable {
  /** Unique name, made of [A-Za-z0-9_.] only, so that it is valid in CPLEX LP format. */
  readonly name: string;
  readonly type: VariableType;
  readonly lb: number;
  readonly ub: number;
}

/** A sparse linear expression: sum of coefs[i] * x[vars[i]]. vars are indices into LinearModel.variables. */
export interface LinearExpr {
  readonly vars: readonly number[];
  readonly coefs: readonly number[];
}

/** One row: lb <= expr <= ub (use -Infinity / Infinity for one-sided rows, lb === ub for equalities). */
export interface Constraint extends LinearExpr {
  /** Unique name, [A-Za-z0-9_.] only. */
  readonly name: string;
  readonly lb: number;
  readonly ub: number;
}

/** A minimisation MILP. */
export interface LinearModel {
  readonly name: string;
  readonly variables: readonly Variable[];
  /** Objective to minimise: constant + sum coefs * x. */
  readonly objective: LinearExpr & { readonly constant: number };
  readonly constraints: readonly Constraint[];
}

/** Names of the solver backends. */
export type SolverName = 'highs' | 'glpk' | 'lpsolve';

/** Options every backend honours. */
export interface SolveOptions {
  /** Wall-clock limit in seconds. The backend returns its best incumbent when it expires. */
  readonly timeLimitSec: number;
  /** Relative MIP gap at which the search stops and the result counts as optimal (e.g. 0.001 = 0.1 %). */
  readonly mipRelGap: number;
  /**
   * Optional known feasible assignment (one value per variable). Backends that cannot take a warm start
   * ignore it; the caller still compares the backend's answer against it.
   */
  readonly incumbent?: readonly number[];
  /**
   * Called once the model is with the solver's worker thread (posted to it), so that the caller may use its own
   * thread meanwhile; never called by a solve that runs on the caller's thread or ends before that point.
   */
  readonly onHandedOver?: () => void;
}

/** Fields common to every result. */
interface ResultBase {
  readonly solver: SolverName;
  /** Wall-clock seconds spent in the backend, including the worker start-up. */
  readonly wallSec: number;
}

/** Proven optimal within the requested gap. */
export interface OptimalResult extends ResultBase {
  readonly status: 'optimal';
  readonly objective: number;
  /** Best proven lower bound (equals objective when the gap is 0). */
  readonly bound: number;
  /** Relative gap |objective - bound| / max(1e-9, |objective|). */
  readonly gap: number;
  readonly values: readonly number[];
  /**
   * Row duals of an LP optimum (HiGHS only; a model without integer variables): with them every column's
   * reduced cost is c_j − Σ_i rowDuals[i]·a_ij.
   */
  readonly rowDuals?: readonly number[];
}

/** The time limit expired with an integer-feasible incumbent that is not proven optimal. */
export interface FeasibleResult extends ResultBase {
  readonly status: 'feasible';
  readonly objective: number;
  /** Best lower bound known, or -Infinity when the backend reports none. */
  readonly bound: number;
  /** Relative gap, Infinity when no bound is known. */
  readonly gap: number;
  readonly values: readonly number[];
}

/** The model has no feasible solution (proven). */
export interface InfeasibleResult extends ResultBase {
  readonly status: 'infeasible';
}

/** The time limit expired before any integer-feasible solution was found. */
export interface TimedOutResult extends ResultBase {
  readonly status: 'timeout';
  readonly bound: number;
}

/** The backend failed (out of memory, crashed, unbounded model, library missing). */
export interface ErrorResult extends ResultBase {
  readonly status: 'error';
  readonly message: string;
}

export type SolveResult = OptimalResult | FeasibleResult | InfeasibleResult | TimedOutResult | ErrorResult;

/** One backend. */
export interface SolverBackend {
  readonly name: SolverName;
  /** Solves the model in a separate thread with a hard wall-clock limit (timeLimitSec plus a grace period). */
  solve(model: LinearModel, options: SolveOptions): Promise<SolveResult>;
  /**
   * Optional: starts loading the library for a model about to be built (see warm-up.ts), without waiting and
   * without keeping the process alive: with no estimate, only what does not depend on the model's size. A hint
   * only: solving without it, or after it failed, works the same.
   */
  warmUp?(hint: WarmUpHint): void;
}

/** What a caller knows about the model it is about to build (SolverBackend.warmUp). */
export interface WarmUpHint {
  /**
   * An estimate of the model's nonzeros that is, as far as the caller can tell, not below the real count; absent
   * when not known yet (only what does not depend on the model's size is loaded).
   */
  readonly estimatedNonzeros?: number;
}
