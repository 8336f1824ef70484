/**
 * A site's offerings read one at a time, for the hot paths that look at few of them: the candidate builder's
 * cheapest flavor (it goes through a site's flavors by price and stops early) and the gateway price (one flavor
 * by name). A catalog that holds its offerings in columns (the bundled index) answers these without making an
 * Offering object for every flavor of every site it is asked about; any other catalog is read through
 * {@link siteOfferingsOf}'s adapter over its `offerings()` array. Both give the same offerings, in the same
 * order, and the same price order ({@link lowestPriceOrder}).
 */
import type { Catalog, Offering } from './types.js';

/** A site's offerings by lowest hourly price: positions (into the site's stable order) and their prices. */
export interface LowestPriceOrder {
  readonly order: Int32Array;
  /** lowest[k] is the lowest hourly price of the offering at order[k]. */
  readonly lowest: Float64Array;
}

/** One site's offerings, positioned as in `Catalog.offerings()` of that site. */
export interface SiteOfferings {
  readonly count: number;
  /** The offering at a position (the same object `offerings()[i]` gives). */
  at(i: number): Offering;
  /** Every offering, in order (the `offerings()` array itself). */
  all(): readonly Offering[];
  /** True when some offering is limited to some of the site's zones. */
  readonly zoneLimited: boolean;
  /** Position of the first offering of that name, -1 when there is none. */
  indexOf(name: string): number;
  /**
   * The offerings by lowest hourly price (the spot price counted when `spot` and published), ties in position
   * order; null when a price is not a finite number or two offerings share a name (the caller then reads them in
   * position order). Computed once per site and flag.
   */
  byLowestPrice(spot: boolean): LowestPriceOrder | null;
}

/** The columns {@link lowestPriceOrder} reads, by position. */
export interface PriceColumns {
  readonly count: number;
  priceUsdHr(i: number): number;
  /** The spot price, undefined where none is published. */
  spotPriceUsdHr(i: number): number | undefined;
  name(i: number): string;
}

/** The order of {@link SiteOfferings.byLowestPrice}, from any column reader (one definition for every catalog). */
export function lowestPriceOrder(cols: PriceColumns, spot: boolean): LowestPriceOrder | null {
  const n = cols.count;
  const low = new Float64Array(n);
  const names = new Set<string>();
  for (let i = 0; i < n; i += 1) {
    const price = cols.priceUsdHr(i);
    const spotPrice = spot ? cols.spotPriceUsdHr(i) : undefined;
    const v = spotPrice !== undefined ? Math.min(price, spotPrice) : price;
    // With a price that is not a number, or two flavors of one name, the best depends on the order: none.
    if (!Number.isFinite(v)) return null;
    names.add(cols.name(i));
    low[i] = v;
  }
  if (names.size !== n) return null;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (low[a] as number) - (low[b] as number) || a - b);
  return { order, lowest: Float64Array.from(order, (i) => low[i] as number) };
}

/**
 * {@link lowestPriceOrder} of `cols` for each flag, computed on first request: the `byLowestPrice` of every
 * {@link SiteOfferings}.
 */
export function lowestPriceOrders(cols: PriceColumns): (spot: boolean) => LowestPriceOrder | null {
  const orders = new Map<boolean, LowestPriceOrder | null>();
  return (spot) => {
    if (!orders.has(spot)) orders.set(spot, lowestPriceOrder(cols, spot));
    return orders.get(spot) ?? null;
  };
}

/** {@link SiteOfferings} over an array of offerings (cached per array: the catalogs hand out one per site). */
class ArraySiteOfferings implements SiteOfferings {
  readonly count: number;
  readonly zoneLimited: boolean;
  readonly byLowestPrice: (spot: boolean) => LowestPriceOrder | null;

  constructor(private readonly offerings: readonly Offering[]) {
    this.count = offerings.length;
    this.zoneLimited = offerings.some((o) => o.zones !== undefined);
    this.byLowestPrice = lowestPriceOrders({
      count: offerings.length,
      priceUsdHr: (i) => (offerings[i] as Offering).priceUsdHr,
      spotPriceUsdHr: (i) => (offerings[i] as Offering).spotPriceUsdHr,
      name: (i) => (offerings[i] as Offering).name,
    });
  }

  at(i: number): Offering {
    const o = this.offerings[i];
    if (o === undefined) throw new RangeError(`offering position ${i} out of range (${this.count})`);
    return o;
  }

  all(): readonly Offering[] {
    return this.offerings;
  }

  indexOf(name: string): number {
    return this.offerings.findIndex((o) => o.name === name);
  }
}

const adapters = new WeakMap<readonly Offering[], SiteOfferings>();

/** An array of one site's offerings as {@link SiteOfferings} (one adapter per array). */
export function offeringsView(offerings: readonly Offering[]): SiteOfferings {
  let adapter = adapters.get(offerings);
  if (adapter === undefined) {
    adapter = new ArraySiteOfferings(offerings);
    adapters.set(offerings, adapter);
  }
  return adapter;
}

/** The offerings of a site as {@link SiteOfferings}: the catalog's own view when it has one, else an adapter. */
export function siteOfferingsOf(catalog: Pick<Catalog, 'offerings' | 'siteOfferings'>, platform: string, region: string): SiteOfferings {
  return catalog.siteOfferings?.(platform, region) ?? offeringsView(catalog.offerings(platform, region));
}
