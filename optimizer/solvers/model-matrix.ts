/**
 * Compact, solver-ready views of a {@link LinearModel}: a dense objective and a CSR constraint matrix with
 * duplicate entries merged and exact zeros dropped, plus an up-front validity check.
 *
 * Every backend and the LP writer go through these helpers, so "x + x" in a row means 2x everywhere
 * (HiGHS' LP reader would otherwise keep only one of the two objective terms, and GLPK's rejects them).
 */
import type { LinearExpr, LinearModel } from './types.js';

/** Constraint matrix in compressed sparse row form (row i spans starts[i] .. starts[i+1]). */
export interface CsrMatrix {
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Objective coefficients as one dense array (duplicates summed). */
export function denseObjective(model: LinearModel): Float64Array {
  const cost = new Float64Array(model.variables.length);
  const { vars, coefs } = model.objective;
  for (let k = 0; k < vars.length; k++) {
    const j = vars[k] as number;
    cost[j] = (cost[j] as number) + (coefs[k] as number);
  }
  return cost;
}

/** The rows as CSR, in model order, with duplicate column indices merged and zero coefficients removed. */
export function constraintMatrix(model: LinearModel): CsrMatrix {
  const n = model.variables.length;
  let nnz = 0;
  for (const row of model.constraints) nnz += row.vars.length;
  const starts = new Int32Array(model.constraints.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  // position[j] = where column j sits in the current row, or -1.
  const position = new Int32Array(n).fill(-1);
  let out = 0;
  model.constraints.forEach((row, i) => {
    const rowStart = out;
    for (let k = 0; k < row.vars.length; k++) {
      const j = row.vars[k] as number;
      const at = position[j] as number;
      if (at >= 0) {
        values[at] = (values[at] as number) + (row.coefs[k] as number);
      } else {
        position[j] = out;
        indices[out] = j;
        values[out] = row.coefs[k] as number;
        out++;
      }
    }
    // Drop entries that are (or summed to) zero, and reset the markers.
    let keep = rowStart;
    for (let p = rowStart; p < out; p++) {
      position[indices[p] as number] = -1;
      if (values[p] !== 0) {
        indices[keep] = indices[p] as number;
        values[keep] = values[p] as number;
        keep++;
      }
    }
    out = keep;
    starts[i + 1] = out;
  });
  return { starts, indices: indices.slice(0, out), values: values.slice(0, out) };
}

function checkExpr(expr: LinearExpr, n: number, what: string): string | null {
  if (expr.vars.length !== expr.coefs.length) return `${what}: vars and coefs differ in length`;
  for (let k = 0; k < expr.vars.length; k++) {
    const j = expr.vars[k] as number;
    if (!Number.isInteger(j) || j < 0 || j >= n) return `${what}: variable index ${j} out of range`;
    if (!Number.isFinite(expr.coefs[k] as number)) return `${what}: coefficient ${expr.coefs[k]} is not finite`;
  }
  return null;
}

/**
 * Checks the structural validity of a model (indices in range, finite coefficients, no NaN bounds,
 * no +Infinity lower or -Infinity upper bound). Returns a message for the first problem, or null.
 * Empty or crossed bound ranges are not errors here: they make the model infeasible, see {@link trivialInfeasibility}.
 */
export function validateModel(model: LinearModel): string | null {
  const n = model.variables.length;
  for (const v of model.variables) {
    if (Number.isNaN(v.lb) || Number.isNaN(v.ub) || v.lb === Infinity || v.ub === -Infinity) {
      return `variable ${v.name}: invalid bounds [${v.lb}, ${v.ub}]`;
    }
  }
  if (!Number.isFinite(model.objective.constant)) return 'objective constant is not finite';
  const obj = checkExpr(model.objective, n, 'objective');
  if (obj !== null) return obj;
  for (const row of model.constraints) {
    if (Number.isNaN(row.lb) || Number.isNaN(row.ub) || row.lb === Infinity || row.ub === -Infinity) {
      return `constraint ${row.name}: invalid bounds [${row.lb}, ${row.ub}]`;
    }
    const msg = checkExpr(row, n, `constraint ${row.name}`);
    if (msg !== null) return msg;
  }
  return null;
}

/** Effective bounds of a column: binaries are intersected with [0, 1]. */
export function columnBounds(model: LinearModel, j: number): [number, number] {
  const v = model.variables[j];
  if (v === undefined) throw new RangeError(`no variable ${j}`);
  return v.type === 'binary' ? [Math.max(0, v.lb), Math.min(1, v.ub)] : [v.lb, v.ub];
}

/**
 * Detects infeasibility that needs no solver: a variable whose bounds cross (or, for an integer/binary
 * variable, contain no integer), a row with crossed bounds, or an empty row whose bounds exclude 0.
 * Returns a description, or null when none applies.
 */
export function trivialInfeasibility(model: LinearModel, matrix: CsrMatrix): string | null {
  for (let j = 0; j < model.variables.length; j++) {
    const [lb, ub] = columnBounds(model, j);
    const v = model.variables[j];
    if (lb > ub) return `variable ${v?.name} has empty domain [${lb}, ${ub}]`;
    if (v?.type !== 'continuous' && Math.ceil(lb - 1e-9) > Math.floor(ub + 1e-9)) {
      return `integer variable ${v?.name} has no integer value in [${lb}, ${ub}]`;
    }
  }
  for (let i = 0; i < model.constraints.length; i++) {
    const row = model.constraints[i];
    if (row === undefined) continue;
    if (row.lb > row.ub) return `constraint ${row.name} has crossed bounds [${row.lb}, ${row.ub}]`;
    if (matrix.starts[i] === matrix.starts[i + 1] && (row.lb > 1e-9 || row.ub < -1e-9)) {
      return `constraint ${row.name} has no terms but requires ${row.lb} <= 0 <= ${row.ub}`;
    }
  }
  return null;
}
