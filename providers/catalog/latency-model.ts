/**
 * Round-trip times over precomputed maps, cached per pair of sites in a dense array.
 *
 * Order: a measurement of the pair (per-cloud matrix, else Skyplane), else the measurement of the reverse
 * pair; for one site without a diagonal figure, a small constant (estimated); else the great-circle estimate
 * from both sites' coordinates (estimated); undefined when a site is unknown or lacks coordinates.
 */
import type { LatencyQuote, SiteInfo } from '../../src/catalog/types.js';
import type { LatencyEntry } from './catalog-data.js';
import { INTRA_SITE_RTT_MS, RULE_SOURCES, estimateRttMs, greatCircleKm } from './catalog-rules.js';
import type { SiteIndex } from './site-index.js';

const INTRA_SITE: LatencyQuote = Object.freeze({ rttMs: INTRA_SITE_RTT_MS, estimated: true, source: RULE_SOURCES.intraSite });

/** Answers RTT queries between the sites of a fixed set. */
export class LatencyModel {
  /** Measured figures by source site key, then destination site key (quotes are made when first asked). */
  private readonly measured = new Map<string, Map<string, LatencyEntry>>();
  /** undefined: not computed yet; null: computed, no figure. */
  private readonly cache: (LatencyQuote | null | undefined)[];
  private readonly n: number;

  /**
   * @param index positions of the catalog's sites
   * @param latencies measured figures, at most one per directed pair
   */
  constructor(
    private readonly index: SiteIndex,
    latencies: readonly LatencyEntry[],
  ) {
    for (const e of latencies) {
      let bySrc = this.measured.get(e.src);
      if (bySrc === undefined) {
        bySrc = new Map();
        this.measured.set(e.src, bySrc);
      }
      bySrc.set(e.dst, e);
    }
    this.n = index.size;
    this.cache = new Array<LatencyQuote | null | undefined>(this.n * this.n);
  }

  /** RTT between two sites; undefined when a site is unknown or no figure can be given (no coordinates). */
  quote(srcPlatform: string, srcRegion: string, dstPlatform: string, dstRegion: string): LatencyQuote | undefined {
    const i = this.index.indexOf(srcPlatform, srcRegion);
    const j = this.index.indexOf(dstPlatform, dstRegion);
    if (i < 0 || j < 0) return undefined;
    const at = i * this.n + j;
    let q = this.cache[at];
    if (q === undefined) this.cache[at] = q = this.resolve(this.index.sites[i]!, this.index.sites[j]!);
    return q ?? undefined;
  }

  private resolve(a: SiteInfo, b: SiteInfo): LatencyQuote | null {
    const m = this.measured.get(a.key)?.get(b.key) ?? this.measured.get(b.key)?.get(a.key);
    if (m !== undefined) return Object.freeze({ rttMs: m.rttMs, estimated: false, source: m.source });
    if (a.key === b.key) return INTRA_SITE;
    if (a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined) return null;
    const rttMs = estimateRttMs(greatCircleKm(a.lat, a.lon, b.lat, b.lon));
    return Object.freeze({ rttMs, estimated: true, source: RULE_SOURCES.greatCircle });
  }
}
