/**
 * Differential checks on seeded random instances: the three solver backends agree on the optimum wherever
 * they finish; pruning dominated options never changes the optimum; the aggregated transfer formulation and
 * the naive pairwise one give the same optimum.
 */
import { describe, expect, it } from 'vitest';
import { optimize, type OptimizeOutcome, type OptimizeRequest } from './optimize.js';
import { getSolver } from './solvers/index.js';
import type { SolverName } from './solvers/types.js';
import { randomInstance } from './testing/random-instances.js';

const SIZE = { components: 4, sites: 4, offeringsPerSite: 3, multiPlacementChance: 0.15 };
const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i);

async function run(seed: number, over: Partial<OptimizeRequest> & { solverName?: SolverName } = {}): Promise<OptimizeOutcome> {
  const inst = randomInstance(seed, SIZE);
  return optimize({
    deploymentPolicy: inst.deploymentPolicy,
    dataflowPolicy: inst.dataflowPolicy,
    catalog: inst.catalog,
    solver: getSolver(over.solverName ?? 'highs'),
    timeLimitSec: 30,
    mipGap: 1e-9,
    explain: false,
    now: () => performance.now(),
    ...over,
  });
}

const objective = (o: OptimizeOutcome): number | 'infeasible' | 'other' =>
  o.kind === 'planned' ? o.cost.totalUsd : o.kind === 'infeasible' ? 'infeasible' : 'other';

describe('differential checks', () => {
  it('highs, glpk and lpsolve agree on the optimum wherever they finish', async () => {
    let compared = 0;
    for (const seed of SEEDS) {
      const ref = objective(await run(seed));
      for (const solverName of ['glpk', 'lpsolve'] as const) {
        const other = await run(seed, { solverName });
        if (other.kind === 'no-solution') continue; // did not finish: nothing to compare
        const value = objective(other);
        if (typeof ref === 'number' && typeof value === 'number') expect(value, `seed ${seed} ${solverName}`).toBeCloseTo(ref, 5);
        else expect(value, `seed ${seed} ${solverName}`).toBe(ref);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(60);
  }, 600_000);

  it('pruning dominated options never changes the optimum', async () => {
    let pruned = 0;
    for (const seed of SEEDS) {
      const withPruning = await run(seed);
      const without = await run(seed, { prune: false });
      const a = objective(withPruning);
      const b = objective(without);
      if (typeof a === 'number' && typeof b === 'number') expect(a, `seed ${seed}`).toBeCloseTo(b, 6);
      else expect(a, `seed ${seed}`).toBe(b);
      if (withPruning.kind === 'planned' && without.kind === 'planned' && withPruning.stats.options < without.stats.options) pruned += 1;
    }
    // Pruning must actually remove options on most instances for the comparison to mean anything.
    expect(pruned).toBeGreaterThan(20);
  }, 600_000);

  it('the transport, aggregated and pairwise transfer formulations have the same optimum', async () => {
    for (const seed of SEEDS.slice(0, 25)) {
      const a = objective(await run(seed, { formulation: 'transport' }));
      for (const formulation of ['aggregated', 'pairwise'] as const) {
        const b = objective(await run(seed, { formulation }));
        if (typeof a === 'number' && typeof b === 'number') expect(b, `seed ${seed} ${formulation}`).toBeCloseTo(a, 6);
        else expect(b, `seed ${seed} ${formulation}`).toBe(a);
      }
    }
  }, 600_000);
});
