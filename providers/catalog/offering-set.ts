/**
 * The offerings of a catalog, per site. Two implementations: {@link ArrayOfferingSet} over ready objects (CSV
 * build, extendCatalog) and ColumnarOfferingSet (catalog-index.ts) over the index's typed arrays, which makes a
 * site's Offering objects on first request, so that loading the index does not allocate 55k objects up front.
 */
import type { Offering } from '../../src/catalog/types.js';

/** Offerings grouped by site position (the order of CatalogData.sites). */
export interface OfferingSet {
  /** Number of offerings over all sites. */
  readonly size: number;
  /** Offerings of the site at position `site`, in a stable order; empty for a position without offerings. */
  ofSite(site: number): readonly Offering[];
}

const NONE: readonly Offering[] = Object.freeze([]);

/** An OfferingSet over ready, frozen arrays. */
export class ArrayOfferingSet implements OfferingSet {
  readonly size: number;
  private readonly groups: readonly (readonly Offering[])[];

  /** @param groups offerings per site position */
  constructor(groups: readonly (readonly Offering[])[]) {
    this.groups = groups.map((g) => (g.length === 0 ? NONE : Object.freeze([...g])));
    this.size = this.groups.reduce((n, g) => n + g.length, 0);
  }

  ofSite(site: number): readonly Offering[] {
    return this.groups[site] ?? NONE;
  }
}

/** Every offering of a set, site by site (materializes all of them). */
export function allOfferings(set: OfferingSet, siteCount: number): Offering[] {
  const out: Offering[] = [];
  for (let i = 0; i < siteCount; i++) for (const o of set.ofSite(i)) out.push(o);
  return out;
}
