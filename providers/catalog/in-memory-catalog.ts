/**
 * The Catalog implementation: pure, built from {@link CatalogData} (parsed files, a decoded index or an
 * extended catalog), with every lookup O(1) over maps and dense per-pair arrays. The egress and latency models
 * are built on their first query: a bundled catalog that is at once extended (registered sites) never builds
 * its own (their maps of measured pairs cost about 10 ms per catalog).
 */
import type { SiteOfferings } from '../../src/catalog/site-offerings.js';
import type { Catalog, EgressQuote, LatencyQuote, LocationRef, Offering, Provenance, SiteInfo } from '../../src/catalog/types.js';
import type { CatalogData } from './catalog-data.js';
import { EgressModel } from './egress-model.js';
import { LatencyModel } from './latency-model.js';
import { SiteIndex } from './site-index.js';

const NO_OFFERINGS: readonly Offering[] = Object.freeze([]);

/** A catalog held in memory. Immutable: extending it builds a new one (see extendCatalog). */
export class InMemoryCatalog implements Catalog {
  /** Provenance entries, sorted by id. */
  readonly provenance: readonly Provenance[];
  private readonly siteList: readonly SiteInfo[];
  private readonly index: SiteIndex;
  private readonly provenanceById: ReadonlyMap<string, Provenance>;
  private egressModel: EgressModel | undefined;
  private latencyModel: LatencyModel | undefined;

  /**
   * @param data the catalog as data; kept as is (extendCatalog and the index encoder read it)
   */
  constructor(readonly data: CatalogData) {
    this.provenance = Object.freeze([...data.provenance]);
    this.provenanceById = new Map(data.provenance.map((p) => [p.id, p]));
    this.siteList = Object.freeze([...data.sites]);
    this.index = new SiteIndex(this.siteList);
  }

  /** All sites, sorted by platform then region. */
  sites(): readonly SiteInfo[] {
    return this.siteList;
  }

  /** The site of a platform and region, or undefined. */
  site(platform: string, region: string): SiteInfo | undefined {
    const i = this.index.indexOf(platform, region);
    return i < 0 ? undefined : this.siteList[i];
  }

  /** Offerings of a site sorted by name; empty when the site is unknown. */
  offerings(platform: string, region: string): readonly Offering[] {
    const i = this.index.indexOf(platform, region);
    return i < 0 ? NO_OFFERINGS : this.data.offerings.ofSite(i);
  }

  /** The offerings of a site read one at a time, when the catalog holds them in columns (site-offerings.ts). */
  siteOfferings(platform: string, region: string): SiteOfferings | undefined {
    const i = this.index.indexOf(platform, region);
    return i < 0 ? undefined : this.data.offerings.view?.(i);
  }

  /** Egress price of `monthlyGB` from `src` to `dst` (rules: see egress-model.ts and docs/catalog.md). */
  egress(src: LocationRef, dst: LocationRef, monthlyGB: number): EgressQuote {
    this.egressModel ??= new EgressModel(this.index, this.data.egress);
    return this.egressModel.quote(src, dst, monthlyGB);
  }

  /**
   * RTT between two sites. Undefined when a site is unknown, and also when no measurement exists and a site has
   * no coordinates (an on-prem site registered without lat/lon): the caller reports it.
   */
  latency(srcPlatform: string, srcRegion: string, dstPlatform: string, dstRegion: string): LatencyQuote | undefined {
    this.latencyModel ??= new LatencyModel(this.index, this.data.latencies);
    return this.latencyModel.quote(srcPlatform, srcRegion, dstPlatform, dstRegion);
  }

  /** The provenance entry of an id used in a `source` field, or undefined. */
  provenanceOf(id: string): Provenance | undefined {
    return this.provenanceById.get(id);
  }

  /** Number of offerings over all sites. */
  get offeringCount(): number {
    return this.data.offerings.size;
  }
}
