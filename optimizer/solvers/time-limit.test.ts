import { describe, expect, it } from 'vitest';
import { createGlpkBackend, createHighsBackend, getSolver } from './index.js';
import { multiKnapsack } from './random-models.js';
import type { LinearModel, SolveResult, SolverName } from './types.js';

/** 200 items × 20 dimensions: no backend proves optimality within a few seconds. */
const HARD = multiKnapsack(42, 200, 20);
/** 100 items × 10 dimensions: HiGHS and GLPK reach a 2 % gap in well under a second. */
const MODERATE = multiKnapsack(42, 100, 10);
/** Default grace for a 1 s limit is 5 s; a little slack on top for worker start-up on a loaded machine. */
const WALL_BOUND_SEC = 1 + 5 + 2;

function checkFeasible(model: LinearModel, values: readonly number[]): void {
  for (const row of model.constraints) {
    const activity = row.vars.reduce((s, j, k) => s + (row.coefs[k] as number) * (values[j] as number), 0);
    expect(activity).toBeLessThanOrEqual(row.ub + 1e-9);
  }
  expect(values.every((v) => v === 0 || v === 1)).toBe(true);
}

async function timed(solve: () => Promise<SolveResult>): Promise<{ result: SolveResult; sec: number }> {
  const t = performance.now();
  const result = await solve();
  return { result, sec: (performance.now() - t) / 1000 };
}

describe('time limits', () => {
  it.each<SolverName>(['highs', 'glpk', 'lpsolve'])('%s returns within a bounded wall time at timeLimitSec 1', async (name) => {
    const { result, sec } = await timed(() => getSolver(name).solve(HARD, { timeLimitSec: 1, mipRelGap: 0 }));
    expect(sec).toBeLessThan(WALL_BOUND_SEC);
    expect(result.wallSec).toBeLessThan(WALL_BOUND_SEC);
    expect(['feasible', 'timeout']).toContain(result.status);
    if (result.status === 'feasible') {
      checkFeasible(HARD, result.values);
      expect(result.gap).toBeGreaterThanOrEqual(0);
      expect(result.bound).toBeLessThanOrEqual(result.objective);
      if (name === 'lpsolve') {
        // No bound from javascript-lp-solver: the gap is unknown.
        expect(result.bound).toBe(-Infinity);
        expect(result.gap).toBe(Infinity);
      } else {
        // HiGHS reports mip_dual_bound; GLPK's bound is read from its progress lines.
        expect(Number.isFinite(result.gap)).toBe(true);
        expect(result.gap).toBeGreaterThan(0);
      }
    }
  });

  it('keeps the last streamed HiGHS incumbent and bound when the hard kill fires', async () => {
    // A 20 s HiGHS time limit with a grace of -18.5 s: the worker is killed after 1.5 s, mid-search.
    const { result, sec } = await timed(() => createHighsBackend({ graceSec: -18.5 }).solve(HARD, { timeLimitSec: 20, mipRelGap: 0 }));
    expect(sec).toBeLessThan(4);
    expect(result.status).toBe('feasible');
    if (result.status === 'feasible') {
      checkFeasible(HARD, result.values);
      expect(Number.isFinite(result.bound)).toBe(true);
      expect(result.gap).toBeGreaterThan(0);
    }
  });

  it('reports a killed GLPK run as a timeout with the last printed bound', async () => {
    const { result, sec } = await timed(() => createGlpkBackend({ graceSec: -18.5 }).solve(HARD, { timeLimitSec: 20, mipRelGap: 0 }));
    expect(sec).toBeLessThan(4);
    expect(result.status).toBe('timeout');
    if (result.status === 'timeout') expect(result.bound).toBeLessThan(0);
  });

  it('stops at the requested gap and reports it as optimal within that gap', async () => {
    for (const backend of [getSolver('highs'), getSolver('glpk')]) {
      const result = await backend.solve(MODERATE, { timeLimitSec: 20, mipRelGap: 0.02 });
      expect(result.status, backend.name).toBe('optimal');
      if (result.status === 'optimal') {
        expect(result.gap).toBeLessThanOrEqual(0.02 + 1e-9);
        checkFeasible(MODERATE, result.values);
      }
    }
  });
});
