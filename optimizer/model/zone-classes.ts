/**
 * Zone merging: which zones of a site a component must see as separate candidate locations.
 *
 * Zones of one site are *interchangeable* when they have the same type and the same offerings (an offering
 * limited to some zones lists all of them or none). A *flow group* is a set of components connected by edges
 * with a positive volume (a component without such an edge is a group of its own). For a flow group K and a
 * class Z of interchangeable zones of site s, when no location selector (permitted or required) of any member
 * of K tells the zones of Z apart (each selector matches all of Z or none of it), every member of K sees only
 * one representative zone z* of Z; the other zones of Z are recorded as its equivalents.
 *
 * Why this is exact. Take any feasible plan and move every placement of every member of K that lies in Z to
 * z*, dropping a placement that lands where its component already has one. Then:
 * - compute: a component's options (flavors, prices, spot prices, node counts) are the same in every zone of
 *   Z; a dropped placement only removes cost (prices are never negative);
 * - cluster fee, quotas, spread and latency depend on the site only (quota use can only fall);
 * - permitted, required and residency: no selector of a member of K tells Z's zones apart, so a placement
 *   matches the same selectors at z* (and the kept one of a dropped pair matches what the pair matched);
 * - transfers: members of K exchange data only with members of K. Under the catalog contract below, a flow
 *   from or to z* costs what it cost from or to its old zone, except a flow between two placements that now
 *   share z*, which pays the same-zone price, never more than the inter-zone one. Every source routes to its
 *   cheapest reachable destination, so no flow costs more; a dropped source placement sends nothing;
 * - components outside K, and their flows, do not move.
 * The moved plan is feasible and costs no more, so restricting K to z* keeps an optimal plan. A component
 * pinned to one zone of Z (the 100 TB case: A on zone b, its partner B free) therefore makes every member of
 * its flow group see every zone of Z.
 *
 * Catalog contract this relies on (the bundled catalog's egress rule 1 in providers/catalog/egress-model.ts,
 * and optimizer/testing/fake-catalog.ts): egress between two locations depends on their zones only through
 * whether they are the same zone of the same site, and within a site the same-zone price is never above the
 * inter-zone price. Offerings are priced per site, so equal offering sets mean equal prices.
 *
 * A migration cost (migration.ts) is one more thing that can tell zones apart: when a member of K ran before in a
 * zone of Z other than z*, moving it to z* may add a move it did not pay, so Z stays split for all of K. When every
 * previous placement of K's members in Z is at z*, moving onto z* never adds a move (a placement off its previous
 * zones pays the same at any zone of Z that is not one of them), and the merge stays exact.
 */
import type { LocationSelector } from '../../src/api/policy.js';
import type { SiteInfo, ZoneInfo } from '../../src/catalog/types.js';
import type { SiteOfferings } from '../../src/catalog/site-offerings.js';
import type { Application } from './application.js';

/**
 * The classes of interchangeable zones of a site: same type and same offerings. Within a class the default
 * zone comes first (it is the representative), then the site's order.
 */
export function zoneClasses(site: SiteInfo, offerings: SiteOfferings): ZoneInfo[][] {
  const zones = [...site.zones].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  const bySignature = new Map<string, ZoneInfo[]>();
  // With no offering limited to some zones (the bundled catalog has none), every zone offers the same list and the
  // type alone tells the classes apart; the lists are compared (and the offerings read) only otherwise.
  const limited = offerings.zoneLimited;
  for (const z of zones) {
    const offered = limited
      ? offerings
          .all()
          .filter((o) => o.zones === undefined || o.zones.includes(z.name))
          .map((o) => o.name)
      : [];
    const signature = JSON.stringify([z.type, offered]);
    const cls = bySignature.get(signature);
    if (cls) cls.push(z);
    else bySignature.set(signature, [z]);
  }
  return [...bySignature.values()];
}

/**
 * Flow groups: group[c] is the same number for every two components joined by a path of edges with a
 * positive volume.
 */
export function flowGroups(app: Application): number[] {
  const parent = app.components.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[i] !== r) {
      const next = parent[i] as number;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  for (const e of app.edges) {
    if (e.volumeGB <= 0) continue;
    const a = root(e.from);
    const b = root(e.to);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  return parent.map((_, i) => root(i));
}

/** True when the selector matches some but not all zones of the class. */
export function tellsApart(sel: LocationSelector, site: SiteInfo, cls: readonly ZoneInfo[], matches: SelectorMatch): boolean {
  const n = cls.filter((z) => matches(sel, site, z)).length;
  return n > 0 && n < cls.length;
}

/** The selector matcher of the candidate builder (passed in to keep one definition of matching). */
export type SelectorMatch = (sel: LocationSelector, site: SiteInfo, zone: ZoneInfo) => boolean;

/**
 * Decides, per flow group, site and zone class, whether the class may be merged into its representative:
 * no selector of any member of the group tells its zones apart. Answers are cached.
 */
export class ZoneMerger {
  private readonly groups: number[];
  private readonly members = new Map<number, number[]>();
  private readonly cache = new Map<string, boolean>();

  /**
   * @param pinned true when a member's previous placement (migration.ts) tells the class's zones apart: a moved
   *   placement would then pay a migration cost it did not pay before, so the class must stay split.
   */
  constructor(
    private readonly app: Application,
    private readonly matches: SelectorMatch,
    private readonly pinned: (c: number, site: SiteInfo, cls: readonly ZoneInfo[]) => boolean = () => false,
  ) {
    this.groups = flowGroups(app);
    this.groups.forEach((g, c) => this.members.set(g, [...(this.members.get(g) ?? []), c]));
  }

  /** True when component c may see class `cls` (index `k` of site's classes) as its representative zone only. */
  mergeable(c: number, site: SiteInfo, cls: readonly ZoneInfo[], k: number): boolean {
    if (cls.length < 2) return true;
    const g = this.groups[c] as number;
    const key = `${g}|${site.key}|${k}`;
    let ok = this.cache.get(key);
    if (ok === undefined) {
      ok = !(this.members.get(g) ?? []).some((m) => {
        const comp = this.app.components[m];
        if (!comp) return false;
        if (this.pinned(m, site, cls)) return true;
        return [...comp.permitted, ...comp.required.flat()].some((sel) => tellsApart(sel, site, cls, this.matches));
      });
      this.cache.set(key, ok);
    }
    return ok;
  }
}
