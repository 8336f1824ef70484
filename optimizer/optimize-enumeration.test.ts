/**
 * The optimizer against exhaustive enumeration on 200 seeded random instances: the MILP's optimum equals the
 * cheapest feasible plan found by enumerating every plan and judging it with the independent evaluator, and
 * every plan the optimizer returns passes that evaluator with the solver's objective as its cost.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from './evaluate/index.js';
import { optimize } from './optimize.js';
import { getSolver } from './solvers/index.js';
import { enumerateOptimum } from './testing/enumerate.js';
import { randomInstance } from './testing/random-instances.js';

const SIZE = { components: 3, sites: 3, offeringsPerSite: 2, multiPlacementChance: 0.15 };
const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);
const highs = getSolver('highs');

describe('optimizer vs exhaustive enumeration (200 seeded instances)', () => {
  it('finds the enumerated optimum, or reports infeasible exactly when no plan exists', async () => {
    let planned = 0;
    let multi = 0;
    for (const seed of SEEDS) {
      const inst = randomInstance(seed, SIZE);
      const reference = enumerateOptimum(inst.deploymentPolicy, inst.dataflowPolicy, inst.catalog, 730);
      const out = await optimize({
        deploymentPolicy: inst.deploymentPolicy,
        dataflowPolicy: inst.dataflowPolicy,
        catalog: inst.catalog,
        solver: highs,
        timeLimitSec: 30,
        mipGap: 1e-9,
        explain: seed % 10 === 0,
        now: () => performance.now(),
      });
      if (reference === undefined) {
        expect(out.kind, `seed ${seed}`).toBe('infeasible');
        continue;
      }
      expect(out.kind, `seed ${seed}`).toBe('planned');
      if (out.kind !== 'planned') continue;
      planned += 1;
      if (out.assignment.some((ps) => ps.length > 1)) multi += 1;
      expect(out.result.status, `seed ${seed}`).toBe('optimal');
      expect(out.cost.totalUsd, `seed ${seed}`).toBeCloseTo(reference, 6);
      if (out.result.status === 'optimal') expect(out.result.objective, `seed ${seed}`).toBeCloseTo(reference, 6);
      const ev = evaluatePlan({
        deploymentPolicy: inst.deploymentPolicy,
        dataflowPolicy: inst.dataflowPolicy,
        placements: out.plan.spec.placements,
        catalog: inst.catalog,
        horizonHours: out.plan.spec.horizonHours,
      });
      expect(ev.violations, `seed ${seed}`).toEqual([]);
      expect(ev.costs.totalUsd, `seed ${seed}`).toBeCloseTo(out.plan.spec.costs.totalUsd, 4);
    }
    // The instance mix must exercise the interesting cases, or the comparison proves little.
    expect(planned).toBeGreaterThan(120);
    expect(multi).toBeGreaterThan(3);
  }, 600_000);
});
