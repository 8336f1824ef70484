/**
 * javascript-lp-solver backend (1.0.x, pure JavaScript, dense tableau): toy sizes only.
 *
 * Variables are non-negative in this library, so negative lower bounds use `unrestricted`, and every
 * other bound becomes a one-variable constraint. The library's `timeout` (ms) is soft and, when it fires,
 * the answer may be "feasible" with fractional integers: every answer is re-checked here (integrality,
 * rows, bounds) and a non-integral or violating one is never reported as feasible.
 * It reports no bound and no gap: a branch and bound that finished before the timeout is reported as
 * optimal with bound = objective; a run that reached the timeout gives no optimality proof, so an
 * incumbent is reported as 'feasible' with bound -Infinity.
 */
import type { ConstraintBound, Model as LpsolveModel } from 'javascript-lp-solver';
import type { BackendSpec, BackendTuning, PreparedModel } from './backend-common.js';
import { errorResult, feasibleResult, optimalResult, solveInWorker, timeoutResult, unfinishedResult } from './backend-common.js';
import { columnBounds } from './model-matrix.js';
import { checkCandidate, isRejected } from './solution-check.js';
import type { LinearModel, SolveOptions, SolveResult, SolverBackend } from './types.js';
import type { LpsolveDone } from './worker-protocol.js';
import type { WorkerRun } from './worker-runner.js';

/** A run that used this share of its limit or more is treated as stopped by the timeout. */
const TIMEOUT_SHARE = 0.98;

const OBJECTIVE = 'obj';
const varId = (j: number): string => `v${j}`;

function rowBound(lb: number, ub: number): ConstraintBound | null {
  if (lb === ub) return { equal: lb };
  const bound: { min?: number; max?: number } = {};
  if (Number.isFinite(lb)) bound.min = lb;
  if (Number.isFinite(ub)) bound.max = ub;
  return bound.min === undefined && bound.max === undefined ? null : bound;
}

/** Builds the javascript-lp-solver JSON model (variables v0.., rows r0.., bound rows b0..). */
export function toLpsolveModel(prep: PreparedModel): LpsolveModel {
  const { model, matrix, cost } = prep;
  const constraints: Record<string, ConstraintBound> = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  const unrestricted: Record<string, 1> = {};
  const columns: Record<string, number>[] = model.variables.map((v, j) => {
    const coefs: Record<string, number> = { [OBJECTIVE]: cost[j] as number };
    const [lb, ub] = columnBounds(model, j);
    if (lb < 0) unrestricted[varId(j)] = 1;
    // The library's own lower bound is 0; any other bound is a row of its own.
    const bound = rowBound(lb === 0 ? -Infinity : lb, ub);
    if (bound !== null) {
      constraints[`b${j}`] = bound;
      coefs[`b${j}`] = 1;
    }
    if (v.type !== 'continuous') ints[varId(j)] = 1;
    variables[varId(j)] = coefs;
    return coefs;
  });
  model.constraints.forEach((row, i) => {
    const bound = rowBound(row.lb, row.ub);
    if (bound === null) return; // free row
    constraints[`r${i}`] = bound;
    for (let p = matrix.starts[i] as number; p < (matrix.starts[i + 1] as number); p++) {
      const col = columns[matrix.indices[p] as number];
      if (col !== undefined) col[`r${i}`] = matrix.values[p] as number;
    }
  });
  return { name: model.name, optimize: OBJECTIVE, opType: 'min', constraints, variables, ints, unrestricted, options: { tolerance: 0 } };
}

function interpretDone(prep: PreparedModel, done: LpsolveDone, options: SolveOptions, wallSec: number): SolveResult {
  const name = 'lpsolve' as const;
  if (!done.bounded) return errorResult(name, wallSec, 'lpsolve: the model is unbounded');
  const timedOut = prep.isMip && done.elapsedSec >= TIMEOUT_SHARE * options.timeLimitSec;
  const n = prep.model.variables.length;
  const raw = new Float64Array(n);
  for (let j = 0; j < n; j++) raw[j] = done.vars[varId(j)] ?? 0;
  const candidate = done.feasible ? checkCandidate(prep.model, prep.matrix, prep.cost, raw) : null;
  if (timedOut) {
    // No optimality proof, and the answer may be fractional: only a checked incumbent counts.
    if (candidate !== null && !isRejected(candidate)) return feasibleResult(name, wallSec, candidate, null);
    return timeoutResult(name, wallSec, null);
  }
  if (candidate === null) return { solver: name, status: 'infeasible', wallSec };
  if (isRejected(candidate)) return errorResult(name, wallSec, `lpsolve returned a solution that fails the check: ${candidate.reason}`);
  return optimalResult(name, wallSec, candidate, candidate.objective);
}

/** Turns a javascript-lp-solver worker run into a result. */
export function interpretLpsolveRun(prep: PreparedModel, run: WorkerRun, options: SolveOptions, wallSec: number): SolveResult {
  if (run.done !== null && run.done.backend === 'lpsolve') return interpretDone(prep, run.done, options, wallSec);
  return unfinishedResult(lpsolveSpec, prep, run, wallSec, null);
}

const lpsolveSpec: BackendSpec = {
  name: 'lpsolve',
  notInstalledMessage: 'javascript-lp-solver is not installed: npm install javascript-lp-solver',
  build(prep, options, moduleId) {
    return { job: { backend: 'lpsolve', moduleId, timeLimitSec: options.timeLimitSec, model: toLpsolveModel(prep) }, transfer: [] };
  },
  interpret: interpretLpsolveRun,
};

/** Creates a javascript-lp-solver backend (toy models; see the module comment for its limits). */
export function createLpsolveBackend(tuning: BackendTuning = {}): SolverBackend {
  return {
    name: 'lpsolve',
    solve: (model: LinearModel, options: SolveOptions) => solveInWorker(lpsolveSpec, tuning, 'javascript-lp-solver', model, options),
  };
}
