/**
 * The optimizer against exhaustive enumeration on 100 seeded random instances that use every policy feature
 * (zones of differing offerings and types, zone selectors, WireGuard gateways between clouds and on-prem sites, ComputeProfile specs, profile labels with
 * wildcards, residency, spot, quotas, spread, latency, budget, VirtualMachine; testing/random-rich-instance.ts).
 * Each seed is solved with every reduction and with none (`prune: false`); both must find the enumerated
 * optimum (or report infeasible exactly when no plan exists), be proven optimal, and pass the independent
 * evaluator at their own cost. The larger sweep (1,000 seeds, larger instances, the basic mix) is in
 * optimize-enumeration.slow.test.ts: `npx vitest run --project slow`.
 */
import { describe, expect, it } from 'vitest';
import { getSolver } from './solvers/index.js';
import { checkAgainstEnumeration, type SeedReport } from './testing/enumeration-check.js';
import { randomInstance } from './testing/random-instances.js';

const SIZE = { components: 3, sites: 3, offeringsPerSite: 2, multiPlacementChance: 0.2, features: 'all' as const };
const SEEDS = Array.from({ length: 100 }, (_, i) => i + 1);
const highs = getSolver('highs');

describe('optimizer vs exhaustive enumeration (100 seeded instances with every feature, reductions on and off)', () => {
  it('finds the enumerated optimum with and without reductions, or reports infeasible exactly when no plan exists', async () => {
    const reports: SeedReport[] = [];
    for (const seed of SEEDS) reports.push(await checkAgainstEnumeration(randomInstance(seed, SIZE), highs, seed % 5 === 0));
    expect(reports.flatMap((r) => r.problems.map((p) => `seed ${r.seed}: ${p}`))).toEqual([]);
    // The mix must exercise the interesting cases, or the comparison proves little.
    const count = (f: (r: SeedReport) => boolean): number => reports.filter(f).length;
    expect(count((r) => r.feasible)).toBeGreaterThan(45);
    expect(count((r) => !r.feasible)).toBeGreaterThan(15);
    expect(count((r) => r.multiPlacement)).toBeGreaterThan(3);
    expect(count((r) => r.reduced)).toBeGreaterThan(20);
    expect(count((r) => r.feasible && r.usesZoneSelector)).toBeGreaterThan(10);
    expect(count((r) => r.feasible && r.usesComputeProfile)).toBeGreaterThan(10);
    expect(count((r) => r.gateways)).toBeGreaterThan(5);
  }, 600_000);
});
