/**
 * Egress price data of the bundled catalog: inter-zone constants, the Skyplane region-pair grid, AWS's
 * inter-region table, a continent-pair fallback derived from those, and internet egress tiers per region
 * (coroot/infracost for AWS and Azure, Cyclenerd for GCP, SkyPilot's constants as per-cloud default).
 * Pure: takes file texts, returns data.
 */
import type { PriceTier, Provenance, SiteInfo } from '../../src/catalog/types.js';
import {
  type ContinentPrice,
  type EgressData,
  type FlatPrice,
  type InternetDestination,
  type PairPrice,
  type SiteTiers,
  type TierMode,
  type TierTable,
  compareStrings,
  siteKeyOf,
} from './catalog-data.js';
import { parseCsvTable, parseOptionalNumber, parseRequiredNumber } from './csv-table.js';
import { CLOUD_PLATFORMS, DATA_FILES, type DataFiles } from './data-files.js';

/** Provenance ids of the egress data. */
export const EGRESS_SOURCES = {
  interZone: 'inter-zone-egress-2026-11-23',
  grid: 'skyplane-cost-grid-2022-05-10',
  awsTable: 'skyplane-aws-transfer-costs-2023-04-27',
  continent: 'derived-continent-inter-region',
  internet: 'internet-egress-coroot-infracost-2024-08-09',
  gcpInternet: 'gcp-internet-egress-cyclenerd-2026-07-30',
  skypilot: 'skypilot-egress-constants',
} as const;

/** Egress data and the provenance entries it refers to. */
export interface BuiltEgress {
  readonly egress: EgressData;
  readonly provenance: readonly Provenance[];
}

interface InterZoneFile {
  readonly date: string;
  readonly prices: Readonly<Record<string, { readonly usdPerGB: number }>>;
}

/** Sorts tiers by fromGB and drops a tier whose price equals the previous one (it changes nothing). */
export function normalizeTiers(tiers: readonly PriceTier[]): PriceTier[] {
  const sorted = [...tiers].sort((a, b) => a.fromGB - b.fromGB);
  const out: PriceTier[] = [];
  for (const t of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && (last.usdPerGB === t.usdPerGB || last.fromGB === t.fromGB)) continue;
    out.push(Object.freeze({ fromGB: t.fromGB, usdPerGB: t.usdPerGB }));
  }
  return out;
}

function tierTable(tiers: readonly PriceTier[], mode: TierMode, source: string): TierTable {
  return Object.freeze({ tiers: Object.freeze(normalizeTiers(tiers)), mode, source });
}

/** Maps a `cloud:region` or `gcp:zone` name of the Skyplane files to a site key. */
export function skyplaneSiteKey(name: string): string {
  const at = name.indexOf(':');
  const cloud = name.slice(0, at);
  const place = name.slice(at + 1);
  // GCP entries name a zone (us-central1-a); the region is the zone without its letter suffix.
  return siteKeyOf(cloud, cloud === 'gcp' ? place.replace(/-[a-z]$/, '') : place);
}

function readPairs(files: DataFiles, known: ReadonlySet<string>): PairPrice[] {
  const pairs = new Map<string, PairPrice>();
  const grid = parseCsvTable(files.skyplaneCostGrid, DATA_FILES.skyplaneCostGrid, ['src', 'dest', 'cost'] as const);
  for (let r = 0; r < grid.rowCount; r++) {
    const src = skyplaneSiteKey(grid.get(r, 'src'));
    const dst = skyplaneSiteKey(grid.get(r, 'dest'));
    if (src === dst || !known.has(src) || !known.has(dst) || pairs.has(`${src}|${dst}`)) continue;
    const usdPerGB = parseRequiredNumber(grid.get(r, 'cost'), DATA_FILES.skyplaneCostGrid, r, 'cost');
    pairs.set(`${src}|${dst}`, { src, dst, usdPerGB, rule: 'skyplane-grid', source: EGRESS_SOURCES.grid });
  }
  const aws = parseCsvTable(files.awsTransferCosts, DATA_FILES.awsTransferCosts, ['src', 'dst', 'cost'] as const);
  for (let r = 0; r < aws.rowCount; r++) {
    const src = siteKeyOf('aws', aws.get(r, 'src'));
    const dst = siteKeyOf('aws', aws.get(r, 'dst'));
    if (src === dst || !known.has(src) || !known.has(dst) || pairs.has(`${src}|${dst}`)) continue;
    const usdPerGB = parseRequiredNumber(aws.get(r, 'cost'), DATA_FILES.awsTransferCosts, r, 'cost');
    pairs.set(`${src}|${dst}`, { src, dst, usdPerGB, rule: 'cloud-inter-region', source: EGRESS_SOURCES.awsTable });
  }
  return [...pairs.values()].sort((a, b) => compareStrings(a.src, b.src) || compareStrings(a.dst, b.dst));
}

/**
 * Per cloud and continent pair, the most frequent intra-cloud price among the pairs that have one (ties: the
 * higher price), as a fallback for region pairs of that cloud without a figure.
 */
function deriveContinentPrices(pairs: readonly PairPrice[], sites: ReadonlyMap<string, SiteInfo>): ContinentPrice[] {
  const counts = new Map<string, Map<number, number>>();
  for (const p of pairs) {
    const a = sites.get(p.src);
    const b = sites.get(p.dst);
    if (a === undefined || b === undefined || a.platform !== b.platform) continue;
    const key = `${a.platform}|${a.continent ?? ''}|${b.continent ?? ''}`;
    let byPrice = counts.get(key);
    if (byPrice === undefined) counts.set(key, (byPrice = new Map()));
    byPrice.set(p.usdPerGB, (byPrice.get(p.usdPerGB) ?? 0) + 1);
  }
  const out: ContinentPrice[] = [];
  for (const [key, byPrice] of counts) {
    const [platform = '', srcContinent = '', dstContinent = ''] = key.split('|');
    let best = -1;
    let bestCount = 0;
    for (const [price, n] of byPrice) {
      if (n > bestCount || (n === bestCount && price > best)) [best, bestCount] = [price, n];
    }
    out.push({ platform, srcContinent, dstContinent, usdPerGB: best, source: EGRESS_SOURCES.continent });
  }
  return out.sort(
    (a, b) =>
      compareStrings(a.platform, b.platform) || compareStrings(a.srcContinent, b.srcContinent) || compareStrings(a.dstContinent, b.dstContinent),
  );
}

/** AWS and Azure internet tiers per region from coroot/infracost (its GCP rows are Standard Tier: unused). */
function readCorootTiers(files: DataFiles, known: ReadonlySet<string>): SiteTiers[] {
  const file = DATA_FILES.internetTiers;
  const table = parseCsvTable(files.internetTiers, file, ['cloud', 'region', 'tier_start_gb', 'usd_per_gb'] as const);
  const bySite = new Map<string, PriceTier[]>();
  for (let r = 0; r < table.rowCount; r++) {
    const cloud = table.get(r, 'cloud');
    const site = siteKeyOf(cloud, table.get(r, 'region'));
    if (cloud === 'gcp' || !known.has(site)) continue;
    let tiers = bySite.get(site);
    if (tiers === undefined) bySite.set(site, (tiers = []));
    tiers.push({
      fromGB: parseRequiredNumber(table.get(r, 'tier_start_gb'), file, r, 'tier_start_gb'),
      usdPerGB: parseRequiredNumber(table.get(r, 'usd_per_gb'), file, r, 'usd_per_gb'),
    });
  }
  return [...bySite].map(([site, tiers]) => ({
    site,
    destination: 'worldwide' as const,
    table: tierTable(tiers, 'marginal', EGRESS_SOURCES.internet),
  }));
}

const GCP_TIER_START_GB: Readonly<Record<string, number>> = { '0-1': 0, '1-10': 1024, '10n': 10240 };

/** GCP Premium Tier internet tiers per region and destination class from Cyclenerd's price list. */
function readGcpTiers(files: DataFiles, known: ReadonlySet<string>): SiteTiers[] {
  const file = DATA_FILES.gcpInternetTiers;
  const table = parseCsvTable(files.gcpInternetTiers, file, ['destination', 'tier_tb', 'region', 'usd_per_gb'] as const);
  const bySite = new Map<string, PriceTier[]>();
  for (let r = 0; r < table.rowCount; r++) {
    const site = siteKeyOf('gcp', table.get(r, 'region'));
    const destination = table.get(r, 'destination');
    const fromGB = GCP_TIER_START_GB[table.get(r, 'tier_tb')];
    if (fromGB === undefined) throw new Error(`${file}: row ${r + 2}: unknown tier "${table.get(r, 'tier_tb')}"`);
    if (!known.has(site)) continue;
    const key = `${site}|${destination}`;
    let tiers = bySite.get(key);
    if (tiers === undefined) bySite.set(key, (tiers = []));
    tiers.push({ fromGB, usdPerGB: parseRequiredNumber(table.get(r, 'usd_per_gb'), file, r, 'usd_per_gb') });
  }
  return [...bySite].map(([key, tiers]) => {
    const [site = '', destination = ''] = key.split('|');
    if (destination !== 'worldwide' && destination !== 'australia' && destination !== 'china') {
      throw new Error(`${file}: unknown destination "${destination}"`);
    }
    const dest: InternetDestination = destination;
    return { site, destination: dest, table: tierTable(tiers, 'marginal', EGRESS_SOURCES.gcpInternet) };
  });
}

/** SkyPilot's per-cloud internet tiers (AWS, Azure marginal; GCP all-units, as SkyPilot applies them). */
function readSkypilotTiers(files: DataFiles): Record<string, TierTable> {
  const file = DATA_FILES.skypilotEgressConstants;
  const table = parseCsvTable(files.skypilotEgressConstants, file, ['cloud', 'tier_from_gb', 'usd_per_gb'] as const);
  const byCloud = new Map<string, PriceTier[]>();
  for (let r = 0; r < table.rowCount; r++) {
    const cloud = table.get(r, 'cloud');
    if (!(CLOUD_PLATFORMS as readonly string[]).includes(cloud)) continue;
    const fromGB = parseOptionalNumber(table.get(r, 'tier_from_gb'), file, r, 'tier_from_gb') ?? 0;
    const list = byCloud.get(cloud) ?? [];
    list.push({ fromGB, usdPerGB: parseRequiredNumber(table.get(r, 'usd_per_gb'), file, r, 'usd_per_gb') });
    byCloud.set(cloud, list);
  }
  const out: Record<string, TierTable> = {};
  for (const cloud of CLOUD_PLATFORMS) {
    const tiers = byCloud.get(cloud);
    if (tiers === undefined) throw new Error(`${file}: no tiers for ${cloud}`);
    out[cloud] = tierTable(tiers, cloud === 'gcp' ? 'all-units' : 'marginal', EGRESS_SOURCES.skypilot);
  }
  return out;
}

/**
 * Builds the egress data for the given sites.
 * @throws Error naming the file of a malformed row
 */
export function buildEgress(files: DataFiles, sites: readonly SiteInfo[]): BuiltEgress {
  const siteMap = new Map(sites.map((s) => [s.key, s]));
  const known = new Set(siteMap.keys());
  const interZoneFile = JSON.parse(files.interZoneEgress) as InterZoneFile;
  const interZone: Record<string, FlatPrice> = {};
  for (const [platform, price] of Object.entries(interZoneFile.prices)) {
    interZone[platform] = { usdPerGB: price.usdPerGB, source: EGRESS_SOURCES.interZone };
  }
  const pairs = readPairs(files, known);
  const internetTiers = [...readCorootTiers(files, known), ...readGcpTiers(files, known)].sort(
    (a, b) => compareStrings(a.site, b.site) || compareStrings(a.destination, b.destination),
  );
  const egress: EgressData = {
    interZone,
    pairs,
    continentPrices: deriveContinentPrices(pairs, siteMap),
    internetTiers,
    defaultInternetTiers: readSkypilotTiers(files),
    siteOwnTiers: [],
  };
  return { egress, provenance: egressProvenance(interZoneFile.date) };
}

function egressProvenance(interZoneDate: string): Provenance[] {
  return [
    {
      id: EGRESS_SOURCES.interZone,
      date: interZoneDate,
      file: DATA_FILES.interZoneEgress,
      description:
        'Inter-availability-zone transfer price per cloud (AWS EC2 pricing, GCP VPC network pricing, Azure bandwidth pricing); list prices as of the snapshot.',
    },
    {
      id: EGRESS_SOURCES.grid,
      date: '2022-05-10',
      file: DATA_FILES.skyplaneCostGrid,
      description:
        "Skyplane transfer planner's source-destination price grid across AWS, GCP and Azure regions (skyplane-project/skyplane profiles/cost.csv), flat USD/GB.",
    },
    {
      id: EGRESS_SOURCES.awsTable,
      date: '2023-04-27',
      file: DATA_FILES.awsTransferCosts,
      description: "AWS region-to-region transfer prices from Skyplane's AWS cost table (skyplane-project/skyplane), flat USD/GB.",
    },
    {
      id: EGRESS_SOURCES.continent,
      date: '2023-04-27',
      file: `${DATA_FILES.skyplaneCostGrid}, ${DATA_FILES.awsTransferCosts}`,
      description:
        'Derived: for a region pair inside one cloud without a figure, the most frequent price of that cloud between the same two continents in the Skyplane grid and the AWS table (ties: the higher). Date = newest input.',
    },
    {
      id: EGRESS_SOURCES.internet,
      date: '2024-08-09',
      file: DATA_FILES.internetTiers,
      description:
        'Internet egress volume tiers per AWS and Azure region (coroot cloud-pricing, from Infracost data); marginal tiers, volume below the first tier free.',
    },
    {
      id: EGRESS_SOURCES.gcpInternet,
      date: '2026-07-30',
      file: DATA_FILES.gcpInternetTiers,
      description:
        'GCP Premium Tier internet egress per region and destination (worldwide, China, Australia), tiers 0-1, 1-10, 10+ TiB, from the Cyclenerd google-cloud-pricing-cost-calculator price list.',
    },
    {
      id: EGRESS_SOURCES.skypilot,
      date: '2026-11-23',
      file: DATA_FILES.skypilotEgressConstants,
      description:
        "SkyPilot's per-cloud internet egress constants (sky/clouds/{aws,gcp,azure}.py get_egress_cost, commit 93a24d47; the same in every version seen); the default where a region has no tiers. Date = when bundled (the commit date was not recorded).",
    },
  ];
}
