/**
 * javascript-lp-solver is not handed models above LPSOLVE_MAX_TABLEAU_CELLS: at 100 synthetic components optimize()
 * answers with the heuristic's plan and a warning that says why, instead of "Invalid typed array length".
 */
import { describe, expect, it } from 'vitest';
import { syntheticApp } from '../benchmarks/synthetic-app.js';
import { loadBundledCatalog } from '../providers/catalog/load-catalog.js';
import { formatIssue } from '../src/validate/issue.js';
import { optimize } from './optimize.js';
import { LPSOLVE_MAX_TABLEAU_CELLS, sizeRefusal } from './solver-size-guard.js';
import { getSolver } from './solvers/index.js';
import type { LinearModel } from './solvers/types.js';

/** A model with `rows` empty rows and `cols` columns (only the sizes matter to the guard). */
function modelOf(rows: number, cols: number): LinearModel {
  return {
    name: 'm',
    variables: Array.from({ length: cols }, (_, i) => ({ name: `x${i}`, type: 'continuous' as const, lb: 0, ub: 1 })),
    objective: { constant: 0, vars: [], coefs: [] },
    constraints: Array.from({ length: rows }, (_, i) => ({ name: `r${i}`, vars: [], coefs: [], lb: 0, ub: 1 })),
  };
}

describe('javascript-lp-solver size guard', () => {
  it('refuses only javascript-lp-solver, and only above the documented tableau size', () => {
    expect(LPSOLVE_MAX_TABLEAU_CELLS).toBe(20_000_000);
    expect(sizeRefusal('lpsolve', modelOf(1999, 9999))).toBeUndefined(); // 2,000 x 10,000 = the limit
    expect(sizeRefusal('lpsolve', modelOf(2000, 9999))).toBe(
      "the model (2000 rows × 9999 columns) needs a dense tableau of 2.00e+7 cells, above javascript-lp-solver's limit of 2e+7; use --solver highs for models of this size",
    );
    expect(sizeRefusal('highs', modelOf(2000, 9999))).toBeUndefined();
  });

  it('answers a 100-component application with the heuristic plan and says why the solver was skipped', async () => {
    const out = await optimize({
      ...syntheticApp({ components: 100, edges: 200 }, 7),
      catalog: loadBundledCatalog(),
      solver: getSolver('lpsolve'),
      // A limit far above the run's second: under load the deadline must not pass before the solver is asked.
      timeLimitSec: 30,
      mipGap: 0.0001,
      explain: false,
      now: () => performance.now(),
    });
    expect(out.kind).toBe('planned');
    if (out.kind !== 'planned' || !out.model) throw new Error(out.kind);
    const rows = out.model.constraints.length;
    const cols = out.model.variables.length;
    expect(rows * cols).toBeGreaterThan(LPSOLVE_MAX_TABLEAU_CELLS);
    expect(out.result.status).toBe('feasible');
    expect(out.plan.status?.solver?.provenOptimal).toBe(false);
    const cells = ((rows + 1) * (cols + 1)).toExponential(2);
    expect(out.notes.map(formatIssue)).toContain(
      `(DeploymentPolicy/synthetic-100): warning: solver lpsolve failed (the model (${rows} rows × ${cols} columns) needs a dense tableau of ${cells} cells, above javascript-lp-solver's limit of 2e+7; use --solver highs for models of this size); the plan is the heuristic's, feasible but not proven optimal (no lower bound)`,
    );
  }, 60_000);
});
