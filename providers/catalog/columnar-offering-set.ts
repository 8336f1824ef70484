/**
 * An {@link OfferingSet} over the index's columns: typed arrays of numbers and string indices. A site's
 * Offering objects are made on its first request and cached, so loading does not pay for sites never asked.
 */
import type { Offering, SiteInfo } from '../../src/catalog/types.js';
import { makeOffering } from './catalog-data.js';
import type { OfferingSet } from './offering-set.js';
import { lowestPriceOrders, type SiteOfferings } from '../../src/catalog/site-offerings.js';

/** The decoded columns (see CatalogIndexFile in catalog-index.ts for the layout). */
export interface OfferingColumnsView {
  readonly count: number;
  readonly strings: readonly string[];
  /** Offerings per site position. */
  readonly perSite: readonly number[];
  /** 5 x count: vcpus, ramGiB, gpuCount, priceUsdHr, spotPriceUsdHr (NaN: none). */
  readonly f64: Float64Array;
  /** 5 x count: name, gpuModel (-1: none), source, nameLabel, zone list (-1: every zone). */
  readonly i32: Int32Array;
  readonly zoneLists: readonly (readonly string[])[];
}

/** Offerings held column-wise, materialized per site (or, through {@link ColumnarOfferingSet.view}, per row) on demand. */
export class ColumnarOfferingSet implements OfferingSet {
  readonly size: number;
  private readonly start: Int32Array;
  private readonly cache: (readonly Offering[] | undefined)[];
  /** Offering objects made so far, by row: ofSite and the views share them, so each row has one object. */
  private readonly rows: (Offering | undefined)[];
  private readonly views: (SiteOfferings | undefined)[];

  /**
   * @param sites the catalog's sites (positions match `columns.perSite`)
   * @param columns the decoded columns
   * @throws Error when the per-site counts do not add up to the row count
   */
  constructor(
    private readonly sites: readonly SiteInfo[],
    private readonly columns: OfferingColumnsView,
  ) {
    this.size = columns.count;
    this.start = new Int32Array(sites.length + 1);
    for (let i = 0; i < sites.length; i++) this.start[i + 1] = this.start[i]! + (columns.perSite[i] ?? 0);
    if (this.start[sites.length] !== columns.count) {
      throw new Error(`catalog index: ${columns.count} offerings but per-site counts sum to ${this.start[sites.length]}`);
    }
    this.cache = new Array<readonly Offering[] | undefined>(sites.length);
    this.rows = new Array<Offering | undefined>(columns.count);
    this.views = new Array<SiteOfferings | undefined>(sites.length);
  }

  ofSite(site: number): readonly Offering[] {
    const hit = this.cache[site];
    if (hit !== undefined) return hit;
    if (this.sites[site] === undefined) return [];
    const out: Offering[] = [];
    for (let r = this.start[site]!, end = this.start[site + 1]!; r < end; r++) out.push(this.row(site, r));
    const frozen = Object.freeze(out);
    this.cache[site] = frozen;
    return frozen;
  }

  /** The site's offerings read from the columns, one object made per row asked for. */
  view(site: number): SiteOfferings | undefined {
    const known = this.views[site];
    if (known !== undefined) return known;
    if (this.sites[site] === undefined) return undefined;
    const first = this.start[site]!;
    const count = this.start[site + 1]! - first;
    const { f64: f, i32: k, count: n } = this.columns;
    let zoneLimited = false;
    for (let r = first; r < first + count; r++) if (k[4 * n + r]! >= 0) zoneLimited = true;
    const prices = {
      count,
      priceUsdHr: (i: number) => f[3 * n + first + i]!,
      spotPriceUsdHr: (i: number) => {
        const spot = f[4 * n + first + i]!;
        return Number.isNaN(spot) ? undefined : spot;
      },
      name: (i: number) => this.str(k[first + i]!),
    };
    const view: SiteOfferings = {
      count,
      zoneLimited,
      at: (i) => {
        if (!(i >= 0 && i < count)) throw new RangeError(`offering position ${i} out of range (${count})`);
        return this.row(site, first + i);
      },
      all: () => this.ofSite(site),
      indexOf: (name) => {
        for (let i = 0; i < count; i++) if (this.columns.strings[k[first + i]!] === name) return i;
        return -1;
      },
      byLowestPrice: lowestPriceOrders(prices),
    };
    this.views[site] = view;
    return view;
  }

  /** The Offering of row r (of site position `site`), made on first request. */
  private row(site: number, r: number): Offering {
    const known = this.rows[r];
    if (known !== undefined) return known;
    const s = this.sites[site]!;
    const { f64: f, i32: k, count: n } = this.columns;
    const gpu = k[n + r]!;
    const spot = f[4 * n + r]!;
    const zones = k[4 * n + r]!;
    const made = makeOffering({
      platform: s.platform,
      region: s.region,
      zones: zones < 0 ? undefined : Object.freeze([...(this.columns.zoneLists[zones] ?? [])]),
      name: this.str(k[r]!),
      nameLabel: this.str(k[3 * n + r]!),
      vcpus: f[r]!,
      ramGiB: f[n + r]!,
      gpuModel: gpu < 0 ? undefined : this.str(gpu),
      gpuCount: f[2 * n + r]!,
      priceUsdHr: f[3 * n + r]!,
      spotPriceUsdHr: Number.isNaN(spot) ? undefined : spot,
      source: this.str(k[2 * n + r]!),
    });
    this.rows[r] = made;
    return made;
  }

  private str(i: number): string {
    const s = this.columns.strings[i];
    if (s === undefined) throw new Error(`catalog index: string ${i} out of range`);
    return s;
  }
}
