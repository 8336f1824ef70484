/** plan diff on plain values: moves, resizes, additions and removals against the approved Atlas; status.diff. */
import { describe, expect, it } from 'vitest';
import { diffPlacements, placementsOfAtlas, renderPlanDiff, type PlacedUnit } from './plan-diff.js';

const u = (id: string, flavor = 'm5.large', nodes = 1, spot = false): PlacedUnit => ({ id, component: id.split('@')[0]!, flavor, nodes, spot });

describe('diffPlacements', () => {
  it.each([
    // nothing changed
    [[u('a@aws/r/z1')], [u('a@aws/r/z1')], { moved: 0, resized: 0, added: 0, removed: 0 }],
    // another zone: moved
    [[u('a@aws/r/z1')], [u('a@aws/r/z2')], { moved: 1, resized: 0, added: 0, removed: 0 }],
    // same place, more nodes: resized
    [[u('a@aws/r/z1')], [u('a@aws/r/z1', 'm5.large', 3)], { moved: 0, resized: 1, added: 0, removed: 0 }],
    // same place, spot instead of on-demand: resized
    [[u('a@aws/r/z1')], [u('a@aws/r/z1', 'm5.large', 1, true)], { moved: 0, resized: 1, added: 0, removed: 0 }],
    // a new component and a dropped one
    [[u('a@aws/r/z1')], [u('b@aws/r/z1')], { moved: 0, resized: 0, added: 1, removed: 1 }],
    // a component spread over one more zone: moved (its placement set changed)
    [[u('a@aws/r/z1')], [u('a@aws/r/z1'), u('a@aws/r/z2')], { moved: 1, resized: 0, added: 0, removed: 0 }],
  ])('%j -> %j', (from, to, counts) => {
    const d = diffPlacements(from, to, 1);
    expect({ moved: d.moved.length, resized: d.resized.length, added: d.added.length, removed: d.removed.length }).toEqual(counts);
  });
});

describe('placementsOfAtlas', () => {
  it('reads node pools, and counts VM instances per placement', () => {
    const atlas = {
      spec: {
        clusters: [
          { nodePools: [{ placementId: 'a@aws/r/z1', component: 'a', flavor: 'm5.large', nodes: 2, spot: false }] },
          {
            instances: [
              { placementId: 'b@gcp/r/z', component: 'b', flavor: 'e2-small', spot: true },
              { placementId: 'b@gcp/r/z', component: 'b', flavor: 'e2-small', spot: true },
            ],
          },
        ],
      },
    };
    expect(placementsOfAtlas(atlas)).toEqual([u('a@aws/r/z1', 'm5.large', 2), u('b@gcp/r/z', 'e2-small', 2, true)]);
  });
});

describe('renderPlanDiff', () => {
  it("adds the last re-solve's status.diff with its cost delta and migration cost", () => {
    const text = renderPlanDiff(
      {
        name: 'shop-plan',
        namespace: 'apps',
        spec: { application: 'shop', revision: 3, placements: [] },
        statusDiff: { fromRevision: 2, moved: ['web'], added: [], removed: ['cache'], costDeltaUsd: -1234.5, migrationUsd: 50 },
      },
      { metadata: { name: 'shop' }, spec: { planRef: { name: 'shop-plan', revision: 3 }, clusters: [] } },
    );
    expect(text).toBe(
      'Plan apps/shop-plan revision 3 against the approved revision 3 (Atlas shop): no placement changed\n' +
        'Last re-solve against revision 2: moved web; removed cache; cost -$1,234.50 over the horizon (migration $50.00 included)',
    );
  });
});
