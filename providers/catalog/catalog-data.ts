/**
 * The catalog as plain data: what the build step derives from providers/data, what the index file stores
 * (in a compact encoding, see catalog-index.ts) and what {@link InMemoryCatalog} is constructed from.
 * Pure types and tiny helpers only: no I/O.
 */
import type { Offering, PriceTier, Provenance, SiteInfo } from '../../src/catalog/types.js';
import type { OfferingSet } from './offering-set.js';

/**
 * Version of the data layout. Bump it whenever CatalogData or the index encoding changes, so that a stale
 * providers/catalog-index.json is ignored (and rebuilt in memory) instead of being misread.
 */
export const CATALOG_DATA_VERSION = 1;

/** How a tier table applies to a volume. */
export type TierMode =
  /** Each tier's price applies to the part of the volume inside that tier (the usual cloud list price). */
  | 'marginal'
  /** One rate, chosen by the total volume, applies to the whole volume (SkyPilot's GCP model). */
  | 'all-units';

/** Volume tiers of one egress price, sorted by `fromGB` ascending. Volume below the first tier is free. */
export interface TierTable {
  readonly tiers: readonly PriceTier[];
  readonly mode: TierMode;
  /** Provenance id. */
  readonly source: string;
}

/** A flat USD/GB price with its provenance id. */
export interface FlatPrice {
  readonly usdPerGB: number;
  readonly source: string;
}

/** Destination classes of an internet egress price list (GCP prices China and Australia apart). */
export type InternetDestination = 'worldwide' | 'australia' | 'china';

/** A flat per-GB price for one directed pair of sites (keys `${platform}/${region}`). */
export interface PairPrice {
  readonly src: string;
  readonly dst: string;
  readonly usdPerGB: number;
  /** skyplane-grid or cloud-inter-region. */
  readonly rule: 'skyplane-grid' | 'cloud-inter-region';
  readonly source: string;
}

/** Inter-region price inside one cloud for a pair of continents (fallback when the pair has no figure). */
export interface ContinentPrice {
  readonly platform: string;
  readonly srcContinent: string;
  readonly dstContinent: string;
  readonly usdPerGB: number;
  readonly source: string;
}

/** Internet egress tiers of one site toward one destination class. */
export interface SiteTiers {
  readonly site: string;
  readonly destination: InternetDestination;
  readonly table: TierTable;
}

/** Everything the egress rules need, as data. */
export interface EgressData {
  /** Price between two zones of one region, per platform. Platforms not listed: 0. */
  readonly interZone: Readonly<Record<string, FlatPrice>>;
  /** Directed pair prices (Skyplane grid first, then the per-cloud tables), in a stable order. */
  readonly pairs: readonly PairPrice[];
  /** Per-cloud, continent-pair fallback for inter-region pairs without a figure. */
  readonly continentPrices: readonly ContinentPrice[];
  /** Internet egress tiers per site (and destination class). */
  readonly internetTiers: readonly SiteTiers[];
  /** Per-platform default internet tiers, used when a site has no tiers of its own. */
  readonly defaultInternetTiers: Readonly<Record<string, TierTable>>;
  /** Outbound tiers of user-registered sites (see extendCatalog); empty in the bundled catalog. */
  readonly siteOwnTiers: readonly { readonly site: string; readonly table: TierTable }[];
}

/** One directed RTT figure between two sites (same key twice: the intra-site figure). */
export interface LatencyEntry {
  readonly src: string;
  readonly dst: string;
  readonly rttMs: number;
  readonly source: string;
}

/** The whole catalog as plain data. */
export interface CatalogData {
  readonly version: number;
  /** Sorted by id. */
  readonly provenance: readonly Provenance[];
  /** Sorted by platform, then region. */
  readonly sites: readonly SiteInfo[];
  /** Offerings per site position (the order of `sites`), each site's sorted by name. */
  readonly offerings: OfferingSet;
  readonly egress: EgressData;
  /** Measured figures only, at most one per directed pair, sorted by (src, dst). */
  readonly latencies: readonly LatencyEntry[];
}

/** The key of a site: `${platform}/${region}`. */
export function siteKeyOf(platform: string, region: string): string {
  return `${platform}/${region}`;
}

/** Plain code-point comparison, so that orders do not depend on the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders sites by platform, then region (the Catalog contract's stable order). */
export function compareSites(a: SiteInfo, b: SiteInfo): number {
  return compareStrings(a.platform, b.platform) || compareStrings(a.region, b.region);
}

/** Formats a vCPU or GiB figure for a compute-profile label: at most two decimals, no trailing zeros. */
export function formatLabelNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
}

/** SkyCluster compute-profile label derived from the size, e.g. `4vCPU-16GB`, `0.25vCPU-0.5GB`. */
export function deriveNameLabel(vcpus: number, ramGiB: number): string {
  return `${formatLabelNumber(vcpus)}vCPU-${formatLabelNumber(ramGiB)}GB`;
}

/** Fields of an offering, before the derived label is added. */
export interface OfferingFields {
  readonly platform: string;
  readonly region: string;
  readonly zones?: readonly string[] | undefined;
  readonly name: string;
  readonly nameLabel?: string | undefined;
  readonly vcpus: number;
  readonly ramGiB: number;
  readonly gpuModel?: string | undefined;
  readonly gpuCount: number;
  readonly priceUsdHr: number;
  readonly spotPriceUsdHr?: number | undefined;
  readonly source: string;
}

/**
 * Builds a frozen Offering with every key present (undefined when absent), so that all offerings share one
 * object shape whichever path built them (CSV, index or user registration).
 */
export function makeOffering(f: OfferingFields): Offering {
  return Object.freeze({
    platform: f.platform,
    region: f.region,
    zones: f.zones,
    name: f.name,
    nameLabel: f.nameLabel ?? deriveNameLabel(f.vcpus, f.ramGiB),
    vcpus: f.vcpus,
    ramGiB: f.ramGiB,
    gpuModel: f.gpuModel,
    gpuCount: f.gpuCount,
    priceUsdHr: f.priceUsdHr,
    spotPriceUsdHr: f.spotPriceUsdHr,
    source: f.source,
  });
}

/** Orders offerings of one site by name, then on-demand price (names are unique per site in the bundled data). */
export function compareOfferings(a: Offering, b: Offering): number {
  return compareStrings(a.name, b.name) || a.priceUsdHr - b.priceUsdHr;
}
