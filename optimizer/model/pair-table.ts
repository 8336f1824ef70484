/**
 * Prices and round-trip times between the candidate locations of the two ends of every edge, computed once
 * from the catalog and shared by the model builder, the decoder and the explanations.
 */
import type { Catalog, EgressQuote } from '../../src/catalog/types.js';
import type { Application } from './application.js';
import type { CandidateSet, Location } from './candidates.js';

/** Hours in the month that egress volume tiers refer to. */
export const HOURS_PER_MONTH = 730;

/** Per edge: matrices over (source candidate index, destination candidate index), row-major. */
export interface EdgePairs {
  readonly rows: number;
  readonly cols: number;
  /** USD per GB for this edge's monthly volume. */
  readonly usdPerGB: Float64Array;
  /** RTT in ms; Infinity when unknown. */
  readonly rttMs: Float64Array;
}

export class PairTable {
  /** RTT by (location index, location index), NaN until asked: one catalog lookup per site pair, no string keys. */
  private readonly rttByIndex: Float64Array;
  private readonly rttCache = new Map<string, number>();
  private readonly siteNumbers = new Map<string, number>();
  /** USD/GB by monthly volume, then by pair class (buildEdge): edges of the same volume share their quotes. */
  private readonly pricesByVolume = new Map<number, Map<number, number>>();
  readonly edges: readonly EdgePairs[];

  constructor(
    private readonly app: Application,
    readonly candidates: CandidateSet,
    private readonly catalog: Catalog,
  ) {
    const n = candidates.locations.length;
    this.rttByIndex = new Float64Array(n * n).fill(Number.NaN);
    this.edges = app.edges.map((e) => this.buildEdge(e.from, e.to, e.volumeGB));
  }

  /** RTT between two locations' sites (Infinity when the catalog cannot tell). */
  rtt(a: Location, b: Location): number {
    const n = this.candidates.locations.length;
    const k = a.index * n + b.index;
    const indexed = this.candidates.locations[a.index] === a && this.candidates.locations[b.index] === b;
    const known = indexed ? (this.rttByIndex[k] as number) : Number.NaN;
    if (!Number.isNaN(known)) return known;
    const key = `${a.site.key}|${b.site.key}`;
    let v = this.rttCache.get(key);
    if (v === undefined) {
      v = this.catalog.latency(a.site.platform, a.site.region, b.site.platform, b.site.region)?.rttMs ?? Number.POSITIVE_INFINITY;
      this.rttCache.set(key, v);
    }
    if (indexed) this.rttByIndex[k] = v;
    return v;
  }

  /** A small number per site of the candidate locations, for numeric cache keys. */
  private siteNumber(l: Location): number {
    let n = this.siteNumbers.get(l.site.key);
    if (n === undefined) {
      n = this.siteNumbers.size;
      this.siteNumbers.set(l.site.key, n);
    }
    return n;
  }

  /** Full egress quote for a volume sent over the horizon from a to b. */
  quote(a: Location, b: Location, volumeGB: number): EgressQuote {
    const monthlyGB = (volumeGB * HOURS_PER_MONTH) / this.app.horizonHours;
    return this.catalog.egress(
      { platform: a.site.platform, region: a.site.region, zone: a.zone.name },
      { platform: b.site.platform, region: b.site.region, zone: b.zone.name },
      monthlyGB,
    );
  }

  private buildEdge(from: number, to: number, volumeGB: number): EdgePairs {
    const src = this.candidates.components[from]?.locations ?? [];
    const dst = this.candidates.components[to]?.locations ?? [];
    const rows = src.length;
    const cols = dst.length;
    const usdPerGB = new Float64Array(rows * cols);
    const rttMs = new Float64Array(rows * cols);
    // The price of a pair depends on its two sites and, inside one site, on whether the zones are the same
    // (egress-model.ts): one quote per such class and monthly volume, not one per zone pair and edge.
    const monthlyGB = (volumeGB * HOURS_PER_MONTH) / this.app.horizonHours;
    const prices = this.pricesByVolume.get(monthlyGB) ?? new Map<number, number>();
    this.pricesByVolume.set(monthlyGB, prices);
    for (let i = 0; i < rows; i += 1) {
      const a = (src[i] as { location: Location }).location;
      for (let j = 0; j < cols; j += 1) {
        const b = (dst[j] as { location: Location }).location;
        rttMs[i * cols + j] = this.rtt(a, b);
        if (volumeGB <= 0) continue;
        const sa = this.siteNumber(a);
        const sb = this.siteNumber(b);
        const key = sa === sb ? -1 - sa * 2 - (a.zone.name === b.zone.name ? 0 : 1) : sa * (this.candidates.locations.length + 1) + sb;
        let price = prices.get(key);
        if (price === undefined) {
          price = this.quote(a, b, volumeGB).usdPerGB;
          prices.set(key, price);
        }
        usdPerGB[i * cols + j] = price;
      }
    }
    return { rows, cols, usdPerGB, rttMs };
  }
}
