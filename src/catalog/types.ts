/**
 * The provider catalog as the pure core sees it: sites (a provider's region with its zones), instance
 * offerings, egress prices and round-trip latencies. The bundled implementation lives in providers/
 * (it reads files); the optimizer and the evaluator only ever use this interface.
 */
import type { SiteOfferings } from './site-offerings.js';

/** Kind of a zone, as in SkyCluster's ProviderProfile: a cloud zone, an edge site or a near-the-edge site. */
export type ZoneType = 'cloud' | 'edge' | 'nte';

/** One zone of a site. */
export interface ZoneInfo {
  readonly name: string;
  readonly type: ZoneType;
  /** The zone used when a policy does not name one. Exactly one zone of a site is the default. */
  readonly isDefault: boolean;
}

/** A volume tier of a price: `usdPerGB` applies to the part of the monthly volume at or above `fromGB`. */
export interface PriceTier {
  readonly fromGB: number;
  readonly usdPerGB: number;
}

/** Where a figure comes from: the public source and the date of its snapshot. */
export interface Provenance {
  /** Short id used in `source` fields, e.g. `skyplane-cost-grid-2022-05-10`. */
  readonly id: string;
  /** Human description of the source (repository, price list, page). */
  readonly description: string;
  /** Date of the snapshot, ISO `YYYY-MM-DD` (or `YYYY-MM` when only the month is known). */
  readonly date: string;
  /** File under providers/data the figures were read from. */
  readonly file?: string;
}

/** A provider's region (SkyCluster: one ProviderProfile). Cloud regions come from the bundled catalog. */
export interface SiteInfo {
  /** `${platform}/${region}`, unique in a catalog. */
  readonly key: string;
  /** aws | gcp | azure for clouds; baremetal, openstack, ... for on-prem sites. */
  readonly platform: string;
  readonly region: string;
  readonly regionAlias?: string;
  /** Lower-case, dash-separated: north-america, south-america, europe, asia, africa, oceania, middle-east. */
  readonly continent?: string;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country?: string;
  readonly lat?: number;
  readonly lon?: number;
  /** Public cloud region, or an on-prem / edge site registered by a ProviderProfile. */
  readonly kind: 'cloud' | 'onprem';
  readonly zones: readonly ZoneInfo[];
  /**
   * Hourly fixed cost of one Kubernetes cluster in this site: the managed control plane only (bundled catalog:
   * providers/data/cluster-fees.json), or a ProviderProfile's clusterFeeUsdHr. The WireGuard gateway of a site
   * linked across clouds is priced apart, from the catalog's offerings (gateway.ts), and added to the plan's fee.
   */
  readonly clusterFeeUsdHr: number;
  /** Quotas shared by every component placed in this site; undefined means unlimited. */
  readonly quotas?: { readonly vcpus?: number; readonly gpus?: number };
  /** Id of the Provenance entry the site comes from. */
  readonly source: string;
}

/** One instance flavor offered in a site (in every zone of the site unless `zones` narrows it). */
export interface Offering {
  readonly platform: string;
  readonly region: string;
  /** Zones that offer it; undefined means every zone of the site. */
  readonly zones?: readonly string[];
  /** Provider's flavor name, e.g. m5.xlarge, n2-standard-4, Standard_D4s_v5, p2.large. */
  readonly name: string;
  /** SkyCluster compute-profile label, e.g. `4vCPU-16GB`; derived from vcpus/ram when the source has none. */
  readonly nameLabel: string;
  readonly vcpus: number;
  readonly ramGiB: number;
  /** GPU model as written by the source (A100, H100, T4, ...), undefined when there is no GPU. */
  readonly gpuModel?: string;
  readonly gpuCount: number;
  /** On-demand USD per hour. */
  readonly priceUsdHr: number;
  /** Spot / preemptible USD per hour; undefined where none is published. */
  readonly spotPriceUsdHr?: number;
  /** Provenance id (and its date) of the price. */
  readonly source: string;
}

/** A concrete place: a zone of a site. */
export interface LocationRef {
  readonly platform: string;
  readonly region: string;
  readonly zone: string;
}

/** Egress price of a transfer from one location to another. */
export interface EgressQuote {
  /** Total USD for `monthlyGB` (volume tiers applied to that volume). */
  readonly costUsd: number;
  /** costUsd / monthlyGB (0 for a zero volume). */
  readonly usdPerGB: number;
  /**
   * Which rule priced it: same-zone, inter-zone, skyplane-grid, cloud-inter-region, internet-tier,
   * onprem-tier, ingress-free.
   */
  readonly rule: string;
  /** Provenance id of the figure. */
  readonly source: string;
}

/** Round-trip time between two sites. */
export interface LatencyQuote {
  readonly rttMs: number;
  /** True when no measurement exists and the figure is a distance-based estimate. */
  readonly estimated: boolean;
  readonly source: string;
}

/** The catalog: all lookups are O(1) (hash maps built when the catalog is loaded). */
export interface Catalog {
  readonly provenance: readonly Provenance[];
  /** All sites, in a stable order (platform, then region). */
  sites(): readonly SiteInfo[];
  site(platform: string, region: string): SiteInfo | undefined;
  /** Offerings of a site, in a stable order; empty when the site is unknown. */
  offerings(platform: string, region: string): readonly Offering[];
  /**
   * The same offerings read one at a time (site-offerings.ts), for a catalog that can give them without making
   * every Offering object; undefined (or absent) where it cannot: callers then use siteOfferingsOf's adapter.
   */
  siteOfferings?(platform: string, region: string): SiteOfferings | undefined;
  /** Egress price from src to dst for a monthly volume in GB. */
  egress(src: LocationRef, dst: LocationRef, monthlyGB: number): EgressQuote;
  /** RTT between two sites (same site: the intra-region figure). Undefined only when a site is unknown. */
  latency(srcPlatform: string, srcRegion: string, dstPlatform: string, dstRegion: string): LatencyQuote | undefined;
}
