import { describe, expect, it } from 'vitest';
import { SOLVER_NAMES, createGlpkBackend, getSolver, isSolverName, solve } from './index.js';
import { ASSIGNMENT_OPTIMUM, KNAPSACK_OPTIMUM, MIXED_OPTIMUM, assignment, infeasible, knapsack, mixed } from './test-models.js';
import type { LinearModel, SolveOptions, SolveResult } from './types.js';

const OPTIONS: SolveOptions = { timeLimitSec: 20, mipRelGap: 0 };

function expectOptimal(result: SolveResult, objective: number): asserts result is Extract<SolveResult, { status: 'optimal' }> {
  if (result.status !== 'optimal') throw new Error(`${result.solver}: expected optimal, got ${JSON.stringify(result)}`);
  expect(result.objective).toBeCloseTo(objective, 6);
  expect(result.gap).toBeLessThanOrEqual(1e-6);
  expect(result.bound).toBeLessThanOrEqual(result.objective);
}

describe.each(SOLVER_NAMES)('%s on hand-made models', (name) => {
  const backend = getSolver(name);

  it('solves a knapsack', async () => {
    const r = await backend.solve(knapsack(), OPTIONS);
    expectOptimal(r, KNAPSACK_OPTIMUM);
    expect(r.values).toEqual([0, 1, 1, 0, 1]);
    expect(r.solver).toBe(name);
    expect(r.wallSec).toBeGreaterThan(0);
  });

  it('solves an assignment problem', async () => {
    const r = await backend.solve(assignment(), OPTIONS);
    expectOptimal(r, ASSIGNMENT_OPTIMUM);
    expect(r.values.reduce((s, v) => s + v, 0)).toBe(3);
    expect(r.values.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('solves a model with an equality, a ranged row, a free variable and a constant', async () => {
    const r = await backend.solve(mixed(), OPTIONS);
    expectOptimal(r, MIXED_OPTIMUM);
    const [x, y, z, w] = r.values;
    expect(x).toBe(5);
    expect(y).toBeCloseTo(1.5, 6);
    expect(z).toBeCloseTo(3.5, 6);
    expect(w).toBeCloseTo(-1, 6);
  });

  it('reports an infeasible model', async () => {
    const r = await backend.solve(infeasible(), OPTIONS);
    expect(r.status).toBe('infeasible');
  });

  it('reports an infeasible pure LP', async () => {
    const lp: LinearModel = {
      name: 'lp_infeasible',
      variables: [
        { name: 'a', type: 'continuous', lb: 0, ub: 2 },
        { name: 'b', type: 'continuous', lb: -Infinity, ub: 1 },
      ],
      objective: { vars: [0, 1], coefs: [1, 1], constant: 0 },
      constraints: [{ name: 'need', vars: [0, 1], coefs: [1, 1], lb: 3.5, ub: Infinity }],
    };
    expect((await backend.solve(lp, OPTIONS)).status).toBe('infeasible');
  });

  it('accepts (or ignores) a warm start', async () => {
    const r = await backend.solve(knapsack(), { ...OPTIONS, incumbent: [1, 1, 0, 0, 0] });
    expectOptimal(r, KNAPSACK_OPTIMUM);
    const wrongLength = await backend.solve(knapsack(), { ...OPTIONS, incumbent: [1] });
    expectOptimal(wrongLength, KNAPSACK_OPTIMUM);
  });

  it('reports an unbounded model as an error', async () => {
    const unbounded: LinearModel = {
      name: 'unbounded',
      variables: [
        { name: 'x', type: 'integer', lb: 0, ub: Infinity },
        { name: 'y', type: 'continuous', lb: 0, ub: Infinity },
      ],
      objective: { vars: [0, 1], coefs: [-1, -1], constant: 0 },
      constraints: [{ name: 'c', vars: [0, 1], coefs: [1, -1], lb: -Infinity, ub: 3 }],
    };
    const r = await backend.solve(unbounded, OPTIONS);
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.message).toMatch(/unbounded/);
  });

  it('solves a pure LP exactly', async () => {
    const lp: LinearModel = {
      name: 'lp',
      variables: [
        { name: 'a', type: 'continuous', lb: 0, ub: 4 },
        { name: 'b', type: 'continuous', lb: 1, ub: Infinity },
      ],
      objective: { vars: [0, 1], coefs: [-3, -2], constant: 1 },
      constraints: [{ name: 'cap', vars: [0, 1, 1], coefs: [1, 1, 1], lb: -Infinity, ub: 10 }],
    };
    // duplicate b in the row: a + 2b <= 10 → a = 4, b = 3 → -12 - 6 + 1 = -17
    const r = await backend.solve(lp, OPTIONS);
    expectOptimal(r, -17);
    expect(r.values[0]).toBeCloseTo(4, 6);
    expect(r.values[1]).toBeCloseTo(3, 6);
  });
});

describe('argument and environment problems', () => {
  it('returns an ErrorResult for bad options and invalid models', async () => {
    const bad = await solve(knapsack(), 'highs', { timeLimitSec: -1 });
    expect(bad.status).toBe('error');
    const broken: LinearModel = { ...knapsack(), objective: { vars: [7], coefs: [1], constant: 0 } };
    const r = await solve(broken, 'highs');
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.message).toMatch(/out of range/);
  });

  it('says clearly when glpk.js is not installed', async () => {
    const r = await createGlpkBackend({ moduleId: 'glpk.js-not-installed/node' }).solve(knapsack(), OPTIONS);
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.message).toMatch(/glpk\.js is not installed; it is an optional GPL-3\.0 backend: npm install glpk\.js/);
  });

  it('detects trivial infeasibility and empty models without a solver', async () => {
    const crossed: LinearModel = { ...knapsack(), constraints: [{ name: 'never', vars: [], coefs: [], lb: 1, ub: 2 }] };
    expect((await solve(crossed, 'glpk')).status).toBe('infeasible');
    const empty: LinearModel = { name: 'empty', variables: [], objective: { vars: [], coefs: [], constant: 4 }, constraints: [] };
    const r = await solve(empty, 'lpsolve');
    expectOptimal(r, 4);
  });

  it('validates solver names', () => {
    expect(isSolverName('highs')).toBe(true);
    expect(isSolverName('cplex')).toBe(false);
    expect(() => getSolver('cplex' as never)).toThrow(RangeError);
  });
});
