/**
 * GLPK backend (glpk.js 5.x, GLPK 5.0 compiled to WebAssembly).
 *
 * Licence: glpk.js is GPL-3.0. It is an optionalDependency and is only ever loaded — inside the solver
 * worker, by dynamic import of `glpk.js/node` (the default export is the browser build) — when this
 * backend is asked to solve. If it is not installed the result is an ErrorResult saying so.
 *
 * Limits: `tmlim` and `mipgap` are passed through. glpk.js' result has no bound, so the worker captures
 * GLPK's terminal output (msglev ALL): the progress lines carry the best bound ("mip = X >= B"), printed
 * with 10 significant digits (it is lowered by one unit in the last place to stay a proven bound), and the
 * final upper-case line says why the search ended (time limit, gap tolerance, infeasible...).
 * GLPK's time limit is soft (checked between nodes; presolve, cuts and the root LP are not interrupted),
 * and its incumbent is only known at the end: when the hard kill fires, the result is 'timeout' with the
 * last printed bound.
 */
import type { BackendSpec, BackendTuning, PreparedModel } from './backend-common.js';
import { errorResult, feasibleResult, optimalResult, solveInWorker, timeoutResult, unfinishedResult } from './backend-common.js';
import { columnBounds } from './model-matrix.js';
import type { CheckedSolution } from './solution-check.js';
import { checkCandidate, isRejected } from './solution-check.js';
import type { LinearModel, SolveOptions, SolveResult, SolverBackend } from './types.js';
import type { GlpkDone, GlpkLp } from './worker-protocol.js';
import type { WorkerRun } from './worker-runner.js';

/** GLPK API constants (glpk.h; identical in every GLPK version). */
const GLP = { MIN: 1, FR: 1, LO: 2, UP: 3, DB: 4, FX: 5, UNDEF: 1, FEAS: 2, INFEAS: 3, NOFEAS: 4, OPT: 5, UNBND: 6 } as const;

const NOT_INSTALLED = 'glpk.js is not installed; it is an optional GPL-3.0 backend: npm install glpk.js';

/** GLPK bound type and values for lb <= x <= ub. */
function glpkBounds(lb: number, ub: number): { type: number; lb: number; ub: number } {
  const hasLb = Number.isFinite(lb);
  const hasUb = Number.isFinite(ub);
  if (hasLb && hasUb) return lb === ub ? { type: GLP.FX, lb, ub } : { type: GLP.DB, lb, ub };
  if (hasLb) return { type: GLP.LO, lb, ub: 0 };
  if (hasUb) return { type: GLP.UP, lb: 0, ub };
  return { type: GLP.FR, lb: 0, ub: 0 };
}

const colName = (j: number): string => `x${j}`;

/** Builds the glpk.js problem object (columns x0.., rows r0..; model names are not needed by GLPK). */
export function toGlpkLp(prep: PreparedModel): GlpkLp {
  const { model, matrix, cost } = prep;
  const n = model.variables.length;
  const objVars: { name: string; coef: number }[] = [];
  const bounds: GlpkLp['bounds'] = [];
  const generals: string[] = [];
  for (let j = 0; j < n; j++) {
    const c = cost[j] as number;
    if (c !== 0) objVars.push({ name: colName(j), coef: c });
    const [lb, ub] = columnBounds(model, j);
    bounds.push({ name: colName(j), ...glpkBounds(lb, ub) });
    if (model.variables[j]?.type !== 'continuous') generals.push(colName(j));
  }
  const subjectTo: GlpkLp['subjectTo'] = model.constraints.map((row, i) => {
    const vars: { name: string; coef: number }[] = [];
    for (let p = matrix.starts[i] as number; p < (matrix.starts[i + 1] as number); p++) {
      vars.push({ name: colName(matrix.indices[p] as number), coef: matrix.values[p] as number });
    }
    return { name: `r${i}`, vars, bnds: glpkBounds(row.lb, row.ub) };
  });
  return { name: model.name, objective: { direction: GLP.MIN, name: 'obj', vars: objVars }, subjectTo, bounds, generals };
}

/**
 * A printed GLPK bound (10 significant digits) lowered by one unit in the last printed place, plus the
 * model's objective constant (glpk.js takes no constant).
 */
function provenBound(printed: number | null, constant: number): number | null {
  if (printed === null) return null;
  return printed - (Math.abs(printed) * 1e-9 + 1e-9) + constant;
}

function termination(done: GlpkDone): string {
  return done.termination ?? '';
}

function interpretDone(prep: PreparedModel, run: WorkerRun, done: GlpkDone, options: SolveOptions, wallSec: number): SolveResult {
  const name = 'glpk' as const;
  const n = prep.model.variables.length;
  const raw = new Float64Array(n);
  for (let j = 0; j < n; j++) raw[j] = done.vars[colName(j)] ?? 0;
  const bound = provenBound(run.bound, prep.model.objective.constant);
  const why = termination(done);
  const tail = done.tail.slice(-5).join(' | ');
  const check = (): CheckedSolution | string => {
    const c = checkCandidate(prep.model, prep.matrix, prep.cost, raw);
    return isRejected(c) ? c.reason : c;
  };
  const unbounded = (): SolveResult => errorResult(name, wallSec, `glpk: the model is unbounded (${why})`);
  switch (done.status) {
    case GLP.OPT: {
      const sol = check();
      if (typeof sol === 'string') return errorResult(name, wallSec, `glpk reported optimal but the solution fails the check: ${sol}`);
      return optimalResult(name, wallSec, sol, sol.objective);
    }
    case GLP.FEAS: {
      const sol = check();
      if (typeof sol === 'string') return errorResult(name, wallSec, `glpk reported feasible but the solution fails the check: ${sol}`);
      if (why.includes('GAP TOLERANCE')) {
        // Stopped within mipgap: the printed bound, or the gap tolerance itself, proves the bound.
        const fallback = sol.objective - options.mipRelGap * (Math.abs(sol.objective) + 1e-9);
        return optimalResult(name, wallSec, sol, bound ?? fallback);
      }
      return feasibleResult(name, wallSec, sol, prep.isMip ? bound : null);
    }
    case GLP.NOFEAS:
      return { solver: name, status: 'infeasible', wallSec };
    case GLP.UNBND:
      return unbounded();
    default:
      if (why.includes('NO PRIMAL FEASIBLE') || why.includes('NO INTEGER FEASIBLE')) return { solver: name, status: 'infeasible', wallSec };
      if (why.includes('NO DUAL FEASIBLE') || why.includes('UNBOUNDED')) return unbounded();
      if (why.includes('TIME LIMIT')) return timeoutResult(name, wallSec, bound);
      return errorResult(name, wallSec, `glpk ended with status ${done.status}: ${tail}`);
  }
}

/** Turns a GLPK worker run into a result. */
export function interpretGlpkRun(prep: PreparedModel, run: WorkerRun, options: SolveOptions, wallSec: number): SolveResult {
  if (run.done !== null && run.done.backend === 'glpk') return interpretDone(prep, run, run.done, options, wallSec);
  return unfinishedResult(glpkSpec, prep, run, wallSec, provenBound(run.bound, prep.model.objective.constant));
}

const glpkSpec: BackendSpec = {
  name: 'glpk',
  notInstalledMessage: NOT_INSTALLED,
  build(prep, options, moduleId) {
    const lp = toGlpkLp(prep);
    return {
      job: { backend: 'glpk', moduleId, timeLimitSec: options.timeLimitSec, mipRelGap: options.mipRelGap, lp, isMip: prep.isMip },
      transfer: [],
    };
  },
  interpret: interpretGlpkRun,
};

/** Creates a GLPK backend (GPL-3.0 glpk.js, loaded lazily in the worker; see the module comment). */
export function createGlpkBackend(tuning: BackendTuning = {}): SolverBackend {
  return {
    name: 'glpk',
    solve: (model: LinearModel, options: SolveOptions) => solveInWorker(glpkSpec, tuning, 'glpk.js/node', model, options),
  };
}
