/**
 * PlacementState's incremental move cost against the full cost of the assignment before and after the move
 * (costOfAssignment), on seeded random instances with every feature: a wrong delta (a cluster fee, a gateway
 * or a transfer counted on the wrong side of a move) would steer the heuristic and the explanations wrongly.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/util/prng.js';
import { buildApplication } from '../model/application.js';
import { costOfAssignment, type Assignment, type Chosen } from '../model/assignment.js';
import { buildCandidates } from '../model/candidates.js';
import { PairTable } from '../model/pair-table.js';
import { randomInstance } from '../testing/random-instances.js';
import { PlacementState } from './placement-state.js';

describe('PlacementState.evaluate', () => {
  it('gives the same change of cost as pricing the whole assignment before and after, over random move sequences', () => {
    let moves = 0;
    let gatewayMoves = 0;
    let requiredBreaks = 0;
    let sharedMoves = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const inst = randomInstance(seed, { components: 5, sites: 5, offeringsPerSite: 3, multiPlacementChance: 0.3, features: 'all' });
      // Every other seed leaves maxLocations unset (unbounded), as a policy may.
      const dp =
        seed % 2 === 0
          ? {
              ...inst.deploymentPolicy,
              spec: {
                ...inst.deploymentPolicy.spec,
                deploymentPolicies: inst.deploymentPolicy.spec.deploymentPolicies.map(({ maxLocations: _, ...item }) => item),
              },
            }
          : inst.deploymentPolicy;
      const built = buildApplication(dp, inst.dataflowPolicy);
      if (!built.ok) continue;
      const cr = buildCandidates(built.app, inst.catalog);
      if (!cr.ok) continue;
      const app = built.app;
      const cands = cr.candidates;
      const pairs = new PairTable(app, cands, inst.catalog);
      const rnd = mulberry32(seed);
      const draw = (c: number): Chosen => {
        const locs = cands.components[c]?.locations ?? [];
        const l = Math.floor(rnd() * locs.length);
        return { l, o: Math.floor(rnd() * (locs[l]?.options.length ?? 1)) };
      };
      const initial: Assignment = cands.components.map((_, c) => [draw(c)]);
      const state = new PlacementState(app, cands, pairs, initial);
      for (let step = 0; step < 30; step++) {
        const c = Math.floor(rnd() * cands.components.length);
        const current = state.placements(c);
        const adding = current.length < 2 && rnd() < 0.2;
        const removing = !adding && current.length > 1 && rnd() < 0.2;
        const index = adding ? current.length : Math.floor(rnd() * current.length);
        const next = removing ? undefined : draw(c);
        const before = costOfAssignment(app, cands, pairs, state.assignment());
        // Another location first, then another option at the same location: the location part of the effect is
        // memoised per location, and the option's own part must still be its own.
        // The current assignment with placement `index` of c replaced by (or, at the end, added as) `q`.
        const replacedBy = (q: Chosen): Assignment =>
          state.assignment().map((ps, k) => (k === c ? ps.map((p, i) => (i === index ? q : p)).concat(index === ps.length ? [q] : []) : ps));
        const elsewhere = draw(c);
        expect(state.evaluate(c, index, elsewhere).deltaUsd, `seed ${seed} step ${step} (elsewhere)`).toBeCloseTo(
          costOfAssignment(app, cands, pairs, replacedBy(elsewhere)).totalUsd - before.totalUsd,
          6,
        );
        if (next !== undefined) {
          const options = cands.components[c]?.locations[next.l]?.options.length ?? 1;
          const other: Chosen = { l: next.l, o: (next.o + 1) % options };
          expect(state.evaluate(c, index, other).deltaUsd, `seed ${seed} step ${step} (other option)`).toBeCloseTo(
            costOfAssignment(app, cands, pairs, replacedBy(other)).totalUsd - before.totalUsd,
            6,
          );
        }
        const effect = state.evaluate(c, index, next);
        state.apply(c, index, next);
        const after = costOfAssignment(app, cands, pairs, state.assignment());
        expect(effect.deltaUsd, `seed ${seed} step ${step}`).toBeCloseTo(after.totalUsd - before.totalUsd, 6);
        // The constraints the move breaks, as a state built afresh on the result sees them (quotas aside: a
        // move checks the quota of its own site only).
        const unquoted = (bs: readonly string[]): string[] => [...new Set(bs.filter((b) => !b.includes('quota')))].sort();
        const fresh = new PlacementState(app, cands, pairs, state.assignment());
        expect(unquoted(effect.breaks), `seed ${seed} step ${step} (breaks)`).toEqual(unquoted(fresh.currentBreaks(c)));
        if (effect.breaks.some((b) => b.includes('required'))) requiredBreaks++;
        // Two placements at one location, read off the assignment itself (the state counts them per location).
        const locations = (state.assignment()[c] ?? []).map((p) => p.l);
        const shared = new Set(locations).size < locations.length;
        const name = app.components[c]?.name ?? '';
        expect(effect.breaks.includes(`${name}: two placements in one zone`), `seed ${seed} step ${step} (shared location)`).toBe(shared);
        if (shared) sharedMoves++;
        const gateways = (cost: typeof before): number => [...cost.clusters.values()].reduce((s, v) => s + v.gatewayUsd, 0);
        if (Math.abs(gateways(after) - gateways(before)) > 1e-9) gatewayMoves++;
        moves++;
      }
    }
    expect(moves).toBeGreaterThan(500);
    // The moves must open and close gateways often, or the comparison proves little about them.
    expect(gatewayMoves).toBeGreaterThan(50);
    // Moves that leave a required group unmet must occur, or the breaks comparison proves little about them.
    expect(requiredBreaks).toBeGreaterThan(20);
    // And moves onto a location the component already holds.
    expect(sharedMoves).toBeGreaterThan(20);
  });
});
