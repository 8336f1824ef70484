import { describe, expect, it } from 'vitest';
import { SOLVER_NAMES, getSolver } from './index.js';
import { mulberry32, randomMilp } from './random-models.js';
import type { LinearModel, SolveOptions, SolveResult } from './types.js';

const OPTIONS: SolveOptions = { timeLimitSec: 20, mipRelGap: 0 };
const MODELS = 30;

/** Independent feasibility check (does not reuse solution-check.ts). Returns the objective. */
function verify(model: LinearModel, values: readonly number[]): number {
  expect(values).toHaveLength(model.variables.length);
  model.variables.forEach((v, j) => {
    const x = values[j] as number;
    if (v.type !== 'continuous') expect(Number.isInteger(x), `${v.name} = ${x} integral`).toBe(true);
    expect(x, `${v.name} lower bound`).toBeGreaterThanOrEqual(v.lb - 1e-9);
    expect(x, `${v.name} upper bound`).toBeLessThanOrEqual(v.ub + 1e-9);
  });
  for (const row of model.constraints) {
    const activity = row.vars.reduce((s, j, k) => s + (row.coefs[k] as number) * (values[j] as number), 0);
    expect(activity, `${row.name} >= ${row.lb}`).toBeGreaterThanOrEqual(row.lb - 1e-6);
    expect(activity, `${row.name} <= ${row.ub}`).toBeLessThanOrEqual(row.ub + 1e-6);
  }
  const { vars, coefs, constant } = model.objective;
  return vars.reduce((s, j, k) => s + (coefs[k] as number) * (values[j] as number), constant);
}

function objectiveOf(r: SolveResult): number {
  if (r.status !== 'optimal') throw new Error(`${r.solver}: expected optimal, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.objective;
}

describe('differential: all backends agree on seeded random MILPs', () => {
  const sizes = mulberry32(2024);
  const cases = Array.from({ length: MODELS }, (_, k) => {
    const variables = 6 + Math.floor(sizes() * 9); // 6..14
    const constraints = 3 + Math.floor(sizes() * 6); // 3..8
    return { seed: 1000 + k, variables, constraints };
  });

  it.each(cases)('seed $seed ($variables vars, $constraints rows)', async ({ seed, variables, constraints }) => {
    const model = randomMilp(seed, { variables, constraints });
    const results = await Promise.all(SOLVER_NAMES.map((name) => getSolver(name).solve(model, OPTIONS)));
    const objectives = results.map(objectiveOf);
    results.forEach((r, k) => {
      if (r.status !== 'optimal') return;
      const recomputed = verify(model, r.values);
      expect(Math.abs(recomputed - r.objective)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r.objective)));
      expect(r.solver).toBe(SOLVER_NAMES[k]);
    });
    const reference = objectives[0] as number;
    for (const z of objectives) {
      expect(Math.abs(z - reference) / Math.max(1, Math.abs(reference))).toBeLessThanOrEqual(1e-6);
    }
  });
});
