/**
 * Prices and round-trip times between the candidate locations of the two ends of every edge, computed once
 * from the catalog and shared by the model builder, the decoder and the explanations.
 */
import type { Catalog, EgressQuote, SiteInfo } from '../../src/catalog/types.js';
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
  /** A small number per site of the candidate locations (numeric cache keys instead of strings). */
  private readonly siteNumbers = new Map<string, number>();
  /** The site of each site number. */
  private readonly sitesByNumber: SiteInfo[] = [];
  /** RTT by (site number, site number), NaN until asked: one catalog lookup per site pair. */
  private readonly rttBySite: Float64Array;
  /** USD/GB by monthly volume, then by pair class (buildEdge): edges of the same volume share their quotes. */
  private readonly pricesByVolume = new Map<number, Map<number, number>>();
  readonly edges: readonly EdgePairs[];

  constructor(
    private readonly app: Application,
    readonly candidates: CandidateSet,
    private readonly catalog: Catalog,
  ) {
    // Every site an edge can use, numbered before the first edge: the tables below are sized by their count.
    for (const cc of candidates.components) for (const entry of cc.locations) this.siteNumber(entry.location.site);
    const n = this.sitesByNumber.length;
    this.rttBySite = new Float64Array(n * n).fill(Number.NaN);
    this.edges = app.edges.map((e) => this.buildEdge(e.from, e.to, e.volumeGB));
  }

  /** RTT between two numbered sites (Infinity when the catalog cannot tell), asked of the catalog once per pair. */
  private siteRtt(sa: number, sb: number): number {
    const k = sa * this.sitesByNumber.length + sb;
    const known = this.rttBySite[k] as number;
    if (!Number.isNaN(known)) return known;
    const a = this.sitesByNumber[sa] as SiteInfo;
    const b = this.sitesByNumber[sb] as SiteInfo;
    const v = this.catalog.latency(a.platform, a.region, b.platform, b.region)?.rttMs ?? Number.POSITIVE_INFINITY;
    this.rttBySite[k] = v;
    return v;
  }

  /** The number of a site (numbered in the order first seen). */
  private siteNumber(site: SiteInfo): number {
    let n = this.siteNumbers.get(site.key);
    if (n === undefined) {
      n = this.sitesByNumber.length;
      this.siteNumbers.set(site.key, n);
      this.sitesByNumber.push(site);
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
    const src = (this.candidates.components[from]?.locations ?? []).map((e) => e.location);
    const dst = (this.candidates.components[to]?.locations ?? []).map((e) => e.location);
    const rows = src.length;
    const cols = dst.length;
    const srcSites = Int32Array.from(src, (l) => this.siteNumbers.get(l.site.key) as number);
    const dstSites = Int32Array.from(dst, (l) => this.siteNumbers.get(l.site.key) as number);
    const usdPerGB = new Float64Array(rows * cols);
    const rttMs = new Float64Array(rows * cols);
    // The price of a pair depends on its two sites and, inside one site, on whether the zones are the same
    // (egress-model.ts): one quote per such class and monthly volume, not one per zone pair and edge.
    const monthlyGB = (volumeGB * HOURS_PER_MONTH) / this.app.horizonHours;
    const prices = this.pricesByVolume.get(monthlyGB) ?? new Map<number, number>();
    this.pricesByVolume.set(monthlyGB, prices);
    // Every site of the candidates is numbered (constructor), so the numbers stay below the base.
    const keyBase = this.sitesByNumber.length + 1;
    for (let i = 0; i < rows; i += 1) {
      const a = src[i] as Location;
      const sa = srcSites[i] as number;
      for (let j = 0; j < cols; j += 1) {
        const sb = dstSites[j] as number;
        const k = i * cols + j;
        rttMs[k] = this.siteRtt(sa, sb);
        if (volumeGB <= 0) continue;
        const b = dst[j] as Location;
        const key = sa === sb ? -1 - sa * 2 - (a.zone.name === b.zone.name ? 0 : 1) : sa * keyBase + sb;
        let price = prices.get(key);
        if (price === undefined) {
          price = this.quote(a, b, volumeGB).usdPerGB;
          prices.set(key, price);
        }
        usdPerGB[k] = price;
      }
    }
    return { rows, cols, usdPerGB, rttMs };
  }
}
