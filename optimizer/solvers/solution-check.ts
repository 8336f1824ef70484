/**
 * Backend-independent post-processing of a candidate solution: integer rounding, an independent
 * feasibility check against every row and bound, the objective value, and the relative gap.
 *
 * No backend's word is taken for feasibility: javascript-lp-solver can hand back a fractional answer
 * at its timeout, and a wasm solver could in principle be wrong, so every incumbent passes through
 * {@link checkCandidate} before it is reported as feasible or optimal.
 */
import type { CsrMatrix } from './model-matrix.js';
import { columnBounds } from './model-matrix.js';
import type { LinearModel } from './types.js';

/** Integer and binary values within this distance of an integer are rounded to it. */
export const INTEGRALITY_TOLERANCE = 1e-6;

/** Relative tolerance of the feasibility check (scaled by the magnitude of the row's terms and bound). */
export const FEASIBILITY_TOLERANCE = 1e-6;

/** A candidate that passed every check, with integers rounded and the objective recomputed. */
export interface CheckedSolution {
  readonly values: Float64Array;
  readonly objective: number;
}

/** Why a candidate was rejected. */
export interface RejectedSolution {
  readonly reason: string;
}

/** Relative gap |objective - bound| / max(1e-9, |objective|) (Infinity when the bound is not finite). */
export function relativeGap(objective: number, bound: number): number {
  if (!Number.isFinite(bound)) return Infinity;
  return Math.abs(objective - bound) / Math.max(1e-9, Math.abs(objective));
}

/** Objective value (constant included) of an assignment. */
export function objectiveValue(model: LinearModel, cost: Float64Array, values: ArrayLike<number>): number {
  let z = model.objective.constant;
  for (let j = 0; j < cost.length; j++) {
    const c = cost[j] as number;
    if (c !== 0) z += c * (values[j] as number);
  }
  return z;
}

/**
 * Rounds integer and binary values that lie within {@link INTEGRALITY_TOLERANCE} of an integer, then
 * checks every variable bound and row. Returns the cleaned solution, or the first violation found.
 */
export function checkCandidate(
  model: LinearModel,
  matrix: CsrMatrix,
  cost: Float64Array,
  raw: ArrayLike<number>,
): CheckedSolution | RejectedSolution {
  const n = model.variables.length;
  if (raw.length !== n) return { reason: `solution has ${raw.length} values for ${n} variables` };
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = model.variables[j];
    let x = raw[j] as number;
    if (!Number.isFinite(x)) return { reason: `variable ${v?.name} = ${x}` };
    if (v?.type !== 'continuous') {
      const r = Math.round(x);
      if (Math.abs(x - r) > INTEGRALITY_TOLERANCE) return { reason: `integer variable ${v?.name} = ${x} is fractional` };
      x = r === 0 ? 0 : r; // no -0
    }
    const [lb, ub] = columnBounds(model, j);
    const tol = FEASIBILITY_TOLERANCE * Math.max(1, Math.abs(x));
    if (x < lb - tol || x > ub + tol) return { reason: `variable ${v?.name} = ${x} outside [${lb}, ${ub}]` };
    values[j] = x;
  }
  const { starts, indices, values: coefs } = matrix;
  for (let i = 0; i < model.constraints.length; i++) {
    const row = model.constraints[i];
    if (row === undefined) continue;
    let activity = 0;
    let scale = 1;
    for (let p = starts[i] as number; p < (starts[i + 1] as number); p++) {
      const term = (coefs[p] as number) * (values[indices[p] as number] as number);
      activity += term;
      scale = Math.max(scale, Math.abs(term));
    }
    const tolLo = FEASIBILITY_TOLERANCE * Math.max(scale, Number.isFinite(row.lb) ? Math.abs(row.lb) : 0);
    const tolHi = FEASIBILITY_TOLERANCE * Math.max(scale, Number.isFinite(row.ub) ? Math.abs(row.ub) : 0);
    if (activity < row.lb - tolLo || activity > row.ub + tolHi) {
      return { reason: `constraint ${row.name}: activity ${activity} outside [${row.lb}, ${row.ub}]` };
    }
  }
  return { values, objective: objectiveValue(model, cost, values) };
}

/** Type guard for {@link checkCandidate}'s result. */
export function isRejected(c: CheckedSolution | RejectedSolution): c is RejectedSolution {
  return 'reason' in c;
}

/**
 * A valid lower bound never exceeds the objective of a feasible solution; when a solver's bound does
 * (by rounding noise, or because it was reported for the unrounded solution), it is clamped to the objective.
 */
export function clampBound(bound: number | null | undefined, objective: number): number {
  if (bound === null || bound === undefined || Number.isNaN(bound)) return -Infinity;
  return Math.min(bound, objective);
}
