/**
 * The columnar catalog's one-at-a-time view of a site's offerings (ColumnarOfferingSet.view) against the array
 * adapter over the same site's `offerings()` (src/catalog/site-offerings.ts): the same objects at the same
 * positions, the same name lookups and the same price order. On the bundled index, and on an index encoded
 * from data that has what the bundled one lacks: flavors limited to some zones, two flavors of one name, a
 * price that is not finite, spot prices tied with on-demand ones.
 */
import { describe, expect, it } from 'vitest';
import { offeringsView, type SiteOfferings } from '../../src/catalog/site-offerings.js';
import type { Offering } from '../../src/catalog/types.js';
import type { CatalogData } from './catalog-data.js';
import { decodeCatalogIndex, encodeCatalogIndex } from './catalog-index.js';
import { InMemoryCatalog } from './in-memory-catalog.js';
import { loadBundledCatalog } from './load-catalog.js';
import { ArrayOfferingSet } from './offering-set.js';

/** Compares a catalog's own view of every site with the adapter over its arrays; returns the sites compared. */
function compareViews(catalog: InMemoryCatalog, readRowsFirst: boolean): { sites: number; orders: number; limited: number } {
  let sites = 0;
  let orders = 0;
  let limited = 0;
  for (const site of catalog.sites()) {
    const view = catalog.siteOfferings(site.platform, site.region) as SiteOfferings;
    expect(view, site.key).toBeDefined();
    // Rows read one at a time before the whole array is made must be the objects the array then holds.
    const early = readRowsFirst ? Array.from({ length: view.count }, (_, i) => view.at(i)) : [];
    const offerings = catalog.offerings(site.platform, site.region);
    const adapter = offeringsView(offerings);
    expect(view.count, site.key).toBe(offerings.length);
    expect(view.all(), site.key).toBe(offerings);
    // One assertion per site (55k offerings): the positions where the view and the array disagree.
    const wrong = offerings.flatMap((o, i) =>
      view.at(i) !== o || (readRowsFirst && early[i] !== o) || view.indexOf(o.name) !== adapter.indexOf(o.name) ? [`#${i} ${o.name}`] : [],
    );
    expect(wrong, site.key).toEqual([]);
    expect(view.indexOf('no-such-flavor'), site.key).toBe(-1);
    expect(() => view.at(view.count), site.key).toThrow(RangeError);
    expect(view.zoneLimited, site.key).toBe(adapter.zoneLimited);
    if (view.zoneLimited) limited += 1;
    for (const spot of [false, true]) {
      const mine = view.byLowestPrice(spot);
      expect(mine, `${site.key} spot=${spot}`).toEqual(adapter.byLowestPrice(spot));
      // The order itself, independently: ascending lowest price, ties by position.
      if (mine !== null) {
        orders += 1;
        const low = (o: Offering): number => (spot && o.spotPriceUsdHr !== undefined ? Math.min(o.priceUsdHr, o.spotPriceUsdHr) : o.priceUsdHr);
        const expected = offerings.map((o, i) => ({ i, v: low(o) })).sort((a, b) => a.v - b.v || a.i - b.i);
        expect(Array.from(mine.order), `${site.key} spot=${spot}`).toEqual(expected.map((e) => e.i));
        expect(Array.from(mine.lowest), `${site.key} spot=${spot}`).toEqual(expected.map((e) => e.v));
      }
    }
    sites += 1;
  }
  return { sites, orders, limited };
}

/** The bundled data with the features the bundled catalog lacks, written into a few sites. */
function withOddOfferings(data: CatalogData): CatalogData {
  const groups = data.sites.map((_, s) => [...data.offerings.ofSite(s)]);
  groups.forEach((g, s) => {
    const site = data.sites[s];
    if (site === undefined || g.length < 3) return;
    const zones = site.zones.map((z) => z.name);
    const first = g[0] as Offering;
    if (s % 4 === 0 && zones.length > 1) g[1] = { ...(g[1] as Offering), zones: [zones[0] as string] };
    if (s % 4 === 1) g[2] = { ...(g[2] as Offering), name: first.name };
    if (s % 4 === 2) g[0] = { ...first, priceUsdHr: Number.POSITIVE_INFINITY };
    if (s % 4 === 3) g[1] = { ...(g[1] as Offering), spotPriceUsdHr: first.priceUsdHr, priceUsdHr: first.priceUsdHr };
  });
  return { ...data, offerings: new ArrayOfferingSet(groups) };
}

describe('a site offerings view of the columnar catalog', () => {
  it('gives the objects, names and price order of the offerings array, on the bundled index', () => {
    const catalog = loadBundledCatalog();
    const seen = compareViews(catalog, true);
    expect(seen.sites).toBeGreaterThan(100);
    expect(seen.orders).toBeGreaterThan(200);
  });

  it('does the same where flavors are zone-limited, share a name or have a price that is not finite', () => {
    const odd = withOddOfferings(loadBundledCatalog().data);
    // Through the index's columns (a JSON round trip, as the index file is read).
    const decoded = decodeCatalogIndex(JSON.parse(JSON.stringify(encodeCatalogIndex(odd))));
    const seen = compareViews(new InMemoryCatalog(decoded), false);
    expect(seen.limited).toBeGreaterThan(10);
    // Sites with a repeated name or a price that is not finite have no order; the rest still do.
    const nulls = decoded.sites.filter((s) => new InMemoryCatalog(decoded).siteOfferings(s.platform, s.region)?.byLowestPrice(false) === null);
    expect(nulls.length).toBeGreaterThan(20);
    expect(seen.orders).toBeGreaterThan(100);
  });
});
