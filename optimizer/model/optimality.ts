/**
 * When a plan may be called optimal. A solver stops at its requested MIP gap (`--gap`) and calls that
 * "optimal"; the plan says Optimal, and `provenOptimal: true`, only when the true gap is zero to solver
 * tolerance: objective − bound ≤ {@link PROVEN_OPTIMAL_ABS_USD} + {@link PROVEN_OPTIMAL_REL} × |objective|.
 * Anything else is Feasible "within x % of optimal", with the true gap, in every output.
 */
import { relativeGap } from '../solvers/solution-check.js';
import type { FeasibleResult, OptimalResult } from '../solvers/types.js';

/** Absolute tolerance in USD: HiGHS's default mip_abs_gap (1e-6), the solver's own notion of "gap zero". */
export const PROVEN_OPTIMAL_ABS_USD = 1e-6;

/** Relative tolerance: rounding noise of a double-precision objective summed over many terms. */
export const PROVEN_OPTIMAL_REL = 1e-9;

/** True when a plan of cost `objective` is optimal against the lower bound `bound`, to solver tolerance. */
export function isProvenOptimal(objective: number, bound: number): boolean {
  return Number.isFinite(bound) && objective - bound <= PROVEN_OPTIMAL_ABS_USD + PROVEN_OPTIMAL_REL * Math.abs(objective);
}

/**
 * The honest reading of a solver result: `optimal` only when proven to tolerance (gap then exactly 0),
 * otherwise `feasible` with the true relative gap (Infinity when there is no bound).
 */
export function honestResult(result: OptimalResult | FeasibleResult): OptimalResult | FeasibleResult {
  if (isProvenOptimal(result.objective, result.bound)) return { ...result, status: 'optimal', gap: 0 };
  return { ...result, status: 'feasible', gap: relativeGap(result.objective, result.bound) };
}
