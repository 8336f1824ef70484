/**
 * Property of the conflict search on seeded random infeasible applications (optimizer/testing/random-infeasible.ts):
 * what it says is true. Checked by editing the policies (not through the search's own relaxation code):
 * - relaxing the reported resolution makes the app feasible;
 * - with one conflict, each line reported as enough alone is, and each line marked "not enough alone" is not.
 */
import { describe, expect, it } from 'vitest';
import { optimize, type OptimizeOutcome } from '../optimize.js';
import { getSolver } from '../solvers/index.js';
import { catalogOf, randomInfeasibleCandidate, relaxInPolicy, type InfeasibleCandidate } from '../testing/random-infeasible.js';

const solver = getSolver('highs');

function run(c: InfeasibleCandidate): Promise<OptimizeOutcome> {
  return optimize({
    deploymentPolicy: c.deploymentPolicy,
    dataflowPolicy: c.dataflowPolicy,
    catalog: catalogOf(c.catalogSpec),
    solver,
    timeLimitSec: 60,
    mipGap: 1e-4,
    explain: false,
    now: () => performance.now(),
  });
}

/** Seeds tried, and how many must reach the conflict search for the test to mean something. */
const SEEDS = 300;
const MIN_CHECKED = 40;
/** Kinds of constraint ids that appear in the answers over these seeds: filters and model rows alike. */
const EXPECTED_KINDS = [
  'budget',
  'continents',
  'countries',
  'gpuModel',
  'latency',
  'maxLocations',
  'permitted',
  'permittedZones',
  'profile',
  'quota',
  'required',
  'spread',
];

describe('conflict search answers hold on random infeasible apps', () => {
  it(`over ${SEEDS} seeds, every answer is confirmed by editing the policies`, async () => {
    let checked = 0;
    let multi = 0;
    let notEnoughAlone = 0;
    const kinds = new Set<string>();
    for (let seed = 1; seed <= SEEDS && checked < 60; seed += 1) {
      const c = randomInfeasibleCandidate(seed);
      const out = await run(c);
      if (out.kind !== 'infeasible' || !out.conflicts) continue;
      const set = out.conflicts;
      for (const g of set.groups) for (const m of g.members) kinds.add(m.id.split(':')[0] as string);
      expect(set.complete, `seed ${seed}`).toBe(true);
      expect(set.resolution.length, `seed ${seed}: ${JSON.stringify(set)}`).toBeGreaterThan(0);
      const fixed = await run(relaxInPolicy(c, set.resolution));
      expect(fixed.kind, `seed ${seed}: relaxing ${set.resolution.join(', ')}`).toBe('planned');
      if (set.groups.length === 1) {
        for (const m of set.groups[0]?.members ?? []) {
          const alone = await run(relaxInPolicy(c, [m.id]));
          const claimed = set.groups[0]?.fixes.includes(m.id) ?? false;
          expect(alone.kind === 'planned', `seed ${seed}: relaxing ${m.id} alone (claimed ${claimed ? 'enough' : 'not enough'})`).toBe(claimed);
          if (!claimed) notEnoughAlone += 1;
        }
      } else multi += 1;
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(MIN_CHECKED);
    // The generator also produces apps with several independent conflicts.
    expect(multi).toBeGreaterThan(0);
    // Apps are included whose single conflict has a line that is not enough alone (it is in a second conflict).
    expect(notEnoughAlone).toBeGreaterThan(0);
    // Every kind of filter the search may relax shows up in some answer (see the coverage list below).
    expect([...kinds].sort()).toEqual(EXPECTED_KINDS);
  }, 600_000);
});
