/**
 * Lookups over a Plan that every Harbor renderer needs: which cluster a placement runs in, and the
 * placements of each component, in a stable order.
 */
import type { Placement, PlanSpec } from '../api/plan.js';

/** A placement with the name of the cluster it runs in. */
export interface PlacedComponent {
  readonly placement: Placement;
  readonly cluster: string;
}

/**
 * Every placement of the plan with its cluster (the cluster of its platform/region), sorted by placement id.
 * A placement whose site has no cluster entry is returned in `unplaced` (a malformed plan).
 */
export function placedComponents(spec: Pick<PlanSpec, 'placements' | 'clusters'>): { placed: PlacedComponent[]; unplaced: Placement[] } {
  const bySite = new Map(spec.clusters.map((c) => [`${c.platform}/${c.region}`, c.name]));
  const placed: PlacedComponent[] = [];
  const unplaced: Placement[] = [];
  for (const p of [...spec.placements].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const cluster = bySite.get(`${p.platform}/${p.region}`);
    if (cluster === undefined) unplaced.push(p);
    else placed.push({ placement: p, cluster });
  }
  return { placed, unplaced };
}

/** The clusters each component runs in, sorted, keyed by component name. */
export function clustersByComponent(placed: readonly PlacedComponent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { placement, cluster } of placed) {
    const list = out.get(placement.component) ?? [];
    if (!list.includes(cluster)) list.push(cluster);
    out.set(placement.component, list.sort());
  }
  return out;
}
