/**
 * Differential checks on seeded random instances with every policy feature (testing/random-rich-instance.ts),
 * too large to enumerate: the three solver backends agree on the optimum wherever they finish; the full
 * pipeline with every reduction (dominated options pruned, interchangeable zones merged) has the same optimum
 * as the same pipeline with none (`prune: false`); the transport, aggregated and pairwise transfer
 * formulations agree. The default HiGHS run of each seed is computed once and shared by the three checks.
 */
import { describe, expect, it } from 'vitest';
import { optimize, type OptimizeOutcome, type OptimizeRequest } from './optimize.js';
import { getSolver } from './solvers/index.js';
import type { SolverBackend, SolverName } from './solvers/types.js';
import { randomInstance } from './testing/random-instances.js';

const SIZE = { components: 4, sites: 4, offeringsPerSite: 3, multiPlacementChance: 0.15, features: 'all' as const };
const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i);
const SOLVERS: Record<SolverName, SolverBackend> = { highs: getSolver('highs'), glpk: getSolver('glpk'), lpsolve: getSolver('lpsolve') };

async function run(seed: number, over: Partial<OptimizeRequest> & { solverName?: SolverName } = {}): Promise<OptimizeOutcome> {
  const inst = randomInstance(seed, SIZE);
  const { solverName, ...rest } = over;
  return optimize({
    deploymentPolicy: inst.deploymentPolicy,
    dataflowPolicy: inst.dataflowPolicy,
    catalog: inst.catalog,
    solver: SOLVERS[solverName ?? 'highs'],
    timeLimitSec: 30,
    mipGap: 0,
    explain: false,
    now: () => performance.now(),
    ...rest,
  });
}

/** The default run of each seed (HiGHS, every reduction, auto formulation), computed once. */
const referenceRuns = new Map<number, Promise<OptimizeOutcome>>();
const reference = (seed: number): Promise<OptimizeOutcome> => {
  let r = referenceRuns.get(seed);
  if (!r) {
    r = run(seed);
    referenceRuns.set(seed, r);
  }
  return r;
};

const objective = (o: OptimizeOutcome): number | 'infeasible' | 'other' =>
  o.kind === 'planned' ? o.cost.totalUsd : o.kind === 'infeasible' ? 'infeasible' : 'other';

function expectSame(a: number | string, b: number | string, label: string): void {
  if (typeof a === 'number' && typeof b === 'number') expect(b, label).toBeCloseTo(a, 5);
  else expect(b, label).toBe(a);
}

describe('differential checks (40 seeded instances with every feature)', () => {
  it('highs, glpk and lpsolve agree on the optimum wherever they finish', async () => {
    let compared = 0;
    for (const seed of SEEDS.slice(0, 30)) {
      const ref = objective(await reference(seed));
      for (const solverName of ['glpk', 'lpsolve'] as const) {
        const other = await run(seed, { solverName, timeLimitSec: 10 });
        if (other.kind === 'no-solution') continue; // did not finish: nothing to compare
        expectSame(ref, objective(other), `seed ${seed} ${solverName}`);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(40);
  }, 600_000);

  it('the pipeline with every reduction and the one with none have the same optimum', async () => {
    let reduced = 0;
    let planned = 0;
    for (const seed of SEEDS) {
      const withReductions = await reference(seed);
      const without = await run(seed, { prune: false });
      expectSame(objective(withReductions), objective(without), `seed ${seed}`);
      if (withReductions.kind === 'planned' && without.kind === 'planned') {
        planned += 1;
        if (withReductions.stats.options < without.stats.options || withReductions.stats.locations < without.stats.locations) reduced += 1;
      }
    }
    // The reductions must actually shrink most planned instances for the comparison to mean anything.
    expect(planned).toBeGreaterThan(15);
    expect(reduced).toBeGreaterThan(planned / 2);
  }, 600_000);

  it('the transport, aggregated and pairwise transfer formulations have the same optimum', async () => {
    for (const seed of SEEDS.slice(0, 20)) {
      const a = objective(await reference(seed));
      for (const formulation of ['transport', 'aggregated', 'pairwise'] as const) {
        expectSame(a, objective(await run(seed, { formulation })), `seed ${seed} ${formulation}`);
      }
    }
  }, 600_000);
});
