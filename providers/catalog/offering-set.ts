/**
 * The offerings of a catalog, per site. Two implementations: {@link ArrayOfferingSet} over ready objects (CSV
 * build, extendCatalog) and ColumnarOfferingSet (catalog-index.ts) over the index's typed arrays, which makes a
 * site's Offering objects on first request, so that loading the index does not allocate 55k objects up front.
 */
import type { SiteOfferings } from '../../src/catalog/site-offerings.js';
import type { Offering } from '../../src/catalog/types.js';

/** Offerings grouped by site position (the order of CatalogData.sites). */
export interface OfferingSet {
  /** Number of offerings over all sites. */
  readonly size: number;
  /** Offerings of the site at position `site`, in a stable order; empty for a position without offerings. */
  ofSite(site: number): readonly Offering[];
  /** The same offerings read one at a time, where the set can do that without making them all (columnar sets). */
  view?(site: number): SiteOfferings | undefined;
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

/**
 * An OfferingSet that takes some sites' offerings from an underlying set (by that set's site position) and
 * holds ready arrays for the others: extendCatalog's result, so that registering a few sites does not
 * materialize the bundled offerings of every other site (ColumnarOfferingSet makes them on first request).
 */
export class LayeredOfferingSet implements OfferingSet {
  private readonly groups: readonly (number | readonly Offering[])[];
  private total: number | undefined;

  /** @param groups per site position: the underlying set's position of the site, or its offerings */
  constructor(
    private readonly under: OfferingSet,
    groups: readonly (number | undefined | readonly Offering[])[],
  ) {
    this.groups = groups.map((g) => (g === undefined ? NONE : typeof g === 'number' ? g : g.length === 0 ? NONE : Object.freeze([...g])));
  }

  get size(): number {
    this.total ??= this.groups.reduce<number>((n, _, i) => n + this.ofSite(i).length, 0);
    return this.total;
  }

  ofSite(site: number): readonly Offering[] {
    const g = this.groups[site];
    if (g === undefined) return NONE;
    return typeof g === 'number' ? this.under.ofSite(g) : g;
  }

  view(site: number): SiteOfferings | undefined {
    const g = this.groups[site];
    return typeof g === 'number' ? this.under.view?.(g) : undefined;
  }
}

/** Every offering of a set, site by site (materializes all of them). */
export function allOfferings(set: OfferingSet, siteCount: number): Offering[] {
  const out: Offering[] = [];
  for (let i = 0; i < siteCount; i++) for (const o of set.ofSite(i)) out.push(o);
  return out;
}
