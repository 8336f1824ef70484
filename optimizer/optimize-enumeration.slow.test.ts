/**
 * The larger sweep behind optimize-enumeration.test.ts, in the `slow` vitest project that `npm test` does not
 * run. Run it by hand (about 10–20 minutes on 2 idle cores):
 *
 *   SKYCLUSTER_TEST_SKIP_BUILD=1 npx vitest run --project slow
 *
 * Every seed is solved with every reduction and with none (`prune: false`) and compared with exhaustive
 * enumeration judged by the independent evaluator (testing/enumeration-check.ts): 1,000 instances with every
 * policy feature, 200 with more flavors per site, and the 200 instances of the basic mix the default run
 * used before issue 9.
 */
import { describe, expect, it } from 'vitest';
import { getSolver } from './solvers/index.js';
import { checkAgainstEnumeration, type SeedReport } from './testing/enumeration-check.js';
import { randomInstance, type RandomInstanceSize } from './testing/random-instances.js';

const highs = getSolver('highs');
const seeds = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

async function sweep(size: RandomInstanceSize, list: readonly number[]): Promise<SeedReport[]> {
  const reports: SeedReport[] = [];
  for (const seed of list) {
    reports.push(await checkAgainstEnumeration(randomInstance(seed, size), highs, seed % 10 === 0));
    // Small models are solved on this thread, so the loop may never reach the event loop on its own; vitest's
    // progress calls to its main process then time out ("Timeout calling onTaskUpdate", an error of the run).
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(reports.flatMap((r) => r.problems.map((p) => `seed ${r.seed}: ${p}`))).toEqual([]);
  return reports;
}

const count = (reports: readonly SeedReport[], f: (r: SeedReport) => boolean): number => reports.filter(f).length;

describe('optimizer vs exhaustive enumeration, larger sweep (reductions on and off)', () => {
  it('1,000 instances with every feature', async () => {
    const reports = await sweep({ components: 3, sites: 3, offeringsPerSite: 2, multiPlacementChance: 0.2, features: 'all' }, seeds(1, 1000));
    expect(count(reports, (r) => r.feasible)).toBeGreaterThan(450);
    expect(count(reports, (r) => r.multiPlacement)).toBeGreaterThan(40);
    expect(count(reports, (r) => r.feasible && r.usesZoneSelector)).toBeGreaterThan(150);
  }, 3_600_000);

  it('200 instances with every feature and three flavors per site', async () => {
    const reports = await sweep({ components: 3, sites: 3, offeringsPerSite: 3, multiPlacementChance: 0.2, features: 'all' }, seeds(5001, 200));
    expect(count(reports, (r) => r.feasible)).toBeGreaterThan(90);
  }, 3_600_000);

  it('200 instances of the basic mix', async () => {
    const reports = await sweep({ components: 3, sites: 3, offeringsPerSite: 2, multiPlacementChance: 0.15 }, seeds(1, 200));
    expect(count(reports, (r) => r.feasible)).toBeGreaterThan(120);
  }, 3_600_000);
});
