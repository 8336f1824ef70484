/**
 * MILP solver backends behind one interface ({@link SolverBackend}, see types.ts):
 * - `highs`: HiGHS 1.15 (wasm, MIT) — the default; reports the best bound and gap.
 * - `glpk`: GLPK 5.0 via glpk.js (wasm, **GPL-3.0**, optional dependency, loaded lazily only when used).
 * - `lpsolve`: javascript-lp-solver (pure JS) — toy models only, no bound.
 * Every solve runs in its own worker thread with a hard kill at timeLimitSec plus a grace period, and
 * every returned solution is re-checked against the model. Solver problems never throw: they come back
 * as an ErrorResult.
 */
import type { BackendTuning } from './backend-common.js';
import { createGlpkBackend } from './glpk-backend.js';
import { createHighsBackend } from './highs-backend.js';
import { createLpsolveBackend } from './lpsolve-backend.js';
import type { LinearModel, SolveOptions, SolveResult, SolverBackend, SolverName } from './types.js';

export type * from './types.js';
export type { BackendTuning } from './backend-common.js';
export { writeCplexLp } from './lp-format.js';
export type { WriteLpOptions } from './lp-format.js';
export { createGlpkBackend } from './glpk-backend.js';
export { createHighsBackend } from './highs-backend.js';
export { createLpsolveBackend } from './lpsolve-backend.js';

/** All backend names, the default first. */
export const SOLVER_NAMES: readonly SolverName[] = ['highs', 'glpk', 'lpsolve'];

/** The default backend. */
export const DEFAULT_SOLVER: SolverName = 'highs';

/** Options used by {@link solve} for anything not given: 60 s, 0.01 % relative gap (HiGHS' default). */
export const DEFAULT_SOLVE_OPTIONS: SolveOptions = { timeLimitSec: 60, mipRelGap: 1e-4 };

/** True when `name` is one of {@link SOLVER_NAMES} (for parsing CLI flags and config). */
export function isSolverName(name: string): name is SolverName {
  return (SOLVER_NAMES as readonly string[]).includes(name);
}

const FACTORIES: Record<SolverName, (tuning?: BackendTuning) => SolverBackend> = {
  highs: createHighsBackend,
  glpk: createGlpkBackend,
  lpsolve: createLpsolveBackend,
};

/** The backend called `name`. Throws a RangeError for a name that is not a {@link SolverName}. */
export function getSolver(name: SolverName, tuning?: BackendTuning): SolverBackend {
  const factory: ((tuning?: BackendTuning) => SolverBackend) | undefined = FACTORIES[name];
  if (factory === undefined) throw new RangeError(`unknown solver "${String(name)}"; expected one of ${SOLVER_NAMES.join(', ')}`);
  return factory(tuning);
}

/** Solves `model` with backend `name` (default highs); missing options take {@link DEFAULT_SOLVE_OPTIONS}. */
export function solve(model: LinearModel, name: SolverName = DEFAULT_SOLVER, options: Partial<SolveOptions> = {}): Promise<SolveResult> {
  return getSolver(name).solve(model, { ...DEFAULT_SOLVE_OPTIONS, ...options });
}
