/**
 * A size guard in front of javascript-lp-solver. It solves on a dense simplex tableau of (rows + 1) × (columns + 1)
 * doubles, so a large model either fails to allocate it ("Invalid typed array length" at 100 synthetic components:
 * 14,900 rows × 142,029 columns, 2.1 billion cells) or runs out of memory. Above LPSOLVE_MAX_TABLEAU_CELLS the model
 * is not handed to it: the solve answers with an error that says why, and optimize() falls back to the heuristic's
 * plan (feasible, not proven optimal, with a warning) as for any solver error. Other backends pass through.
 */
import type { LinearModel, SolveOptions, SolveResult, SolverBackend } from './solvers/types.js';

/**
 * Most tableau cells (rows × columns) javascript-lp-solver is given: 20 million doubles, 160 MB. The
 * 10-component synthetic model (1,228 × 7,402, 9.1 M cells) solves in about 6 s; the 100-component one is 230 times
 * larger than the limit.
 */
export const LPSOLVE_MAX_TABLEAU_CELLS = 20_000_000;

/** The reason a model is refused by `solver`, or undefined when it may be solved. */
export function sizeRefusal(solver: SolverBackend['name'], model: LinearModel): string | undefined {
  if (solver !== 'lpsolve') return undefined;
  const rows = model.constraints.length;
  const cols = model.variables.length;
  const cells = (rows + 1) * (cols + 1);
  if (cells <= LPSOLVE_MAX_TABLEAU_CELLS) return undefined;
  return `the model (${rows} rows × ${cols} columns) needs a dense tableau of ${cells.toExponential(2)} cells, above javascript-lp-solver's limit of ${LPSOLVE_MAX_TABLEAU_CELLS.toExponential(0)}; use --solver highs for models of this size`;
}

/** The solver with the size guard in front: refused models get an error result without reaching the worker. */
export function withSizeGuard(solver: SolverBackend): SolverBackend {
  if (solver.name !== 'lpsolve') return solver;
  return {
    name: solver.name,
    ...(solver.warmUp ? { warmUp: (hint: { readonly estimatedNonzeros: number }) => solver.warmUp?.(hint) } : {}),
    solve(model: LinearModel, options: SolveOptions): Promise<SolveResult> {
      const why = sizeRefusal(solver.name, model);
      if (why !== undefined) return Promise.resolve({ status: 'error', solver: solver.name, wallSec: 0, message: why });
      return solver.solve(model, options);
    },
  };
}
