/**
 * Sites of the bundled catalog: one per (cloud, region) of regions.csv, with zones from the SkyPilot-format
 * catalog, the managed-cluster fee from cluster-fees.json and coordinate corrections applied. Pure: takes
 * file texts, returns data.
 */
import type { Provenance, SiteInfo, ZoneInfo } from '../../src/catalog/types.js';
import { compareSites, compareStrings, siteKeyOf } from './catalog-data.js';
import { parseCsvTable, parseRequiredNumber } from './csv-table.js';
import { DATA_FILES, type DataFiles, isCloudPlatform } from './data-files.js';

/** Provenance ids of the site data. */
export const SITE_SOURCES = {
  regions: 'regions-csv',
  zones: 'skypilot-vms-zones-2026-04',
  clusterFees: 'cluster-fees-2026-11-23',
  corrections: 'region-coordinate-corrections-2026-11-23',
} as const;

/** Name of the single zone given to a site whose zones the data does not list. */
export const DEFAULT_ZONE_NAME = 'default';

interface ClusterFeesFile {
  readonly date: string;
  readonly fees: Readonly<Record<string, { readonly usdPerHour: number }>>;
}

interface CorrectionsFile {
  readonly date: string;
  readonly corrections: readonly { readonly cloud: string; readonly region: string; readonly lat: number; readonly lon: number }[];
}

/** Sites and the provenance entries they refer to. */
export interface BuiltSites {
  readonly sites: readonly SiteInfo[];
  readonly provenance: readonly Provenance[];
}

/** `North America` → `north-america` (the SiteInfo continent form). */
export function normalizeContinent(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Zone names per site key, from the SkyPilot-format catalog (AWS: AZ ids, GCP: zone names, Azure: none). */
function readZones(files: DataFiles): Map<string, Set<string>> {
  const file = DATA_FILES.skypilotVms;
  const table = parseCsvTable(files.skypilotVms, file, ['cloud', 'region', 'zone'] as const);
  const zones = new Map<string, Set<string>>();
  for (let r = 0; r < table.rowCount; r++) {
    const zone = table.get(r, 'zone');
    if (zone === '') continue;
    const key = siteKeyOf(table.get(r, 'cloud'), table.get(r, 'region'));
    let set = zones.get(key);
    if (set === undefined) zones.set(key, (set = new Set()));
    set.add(zone);
  }
  return zones;
}

/** Zones of one site: the listed ones sorted (the first is the default), else one zone named "default". */
function zonesOf(names: Set<string> | undefined): ZoneInfo[] {
  const sorted = names === undefined ? [DEFAULT_ZONE_NAME] : [...names].sort(compareStrings);
  return sorted.map((name, i) => Object.freeze({ name, type: 'cloud' as const, isDefault: i === 0 }));
}

/**
 * Builds the cloud sites.
 * @throws Error when a file is malformed or a cloud has no cluster fee
 */
export function buildSites(files: DataFiles): BuiltSites {
  const fees = JSON.parse(files.clusterFees) as ClusterFeesFile;
  const corrections = JSON.parse(files.coordinateCorrections) as CorrectionsFile;
  const corrected = new Map(corrections.corrections.map((c) => [siteKeyOf(c.cloud, c.region), c]));
  const zones = readZones(files);
  const file = DATA_FILES.regions;
  const table = parseCsvTable(files.regions, file, ['cloud', 'region', 'country', 'continent', 'lat', 'lon'] as const);
  const sites: SiteInfo[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const platform = table.get(r, 'cloud');
    const region = table.get(r, 'region');
    if (!isCloudPlatform(platform)) throw new Error(`${file}: row ${r + 2}: unknown cloud "${platform}"`);
    const fee = fees.fees[platform]?.usdPerHour;
    if (fee === undefined) throw new Error(`${DATA_FILES.clusterFees}: no fee for ${platform}`);
    const key = siteKeyOf(platform, region);
    const fix = corrected.get(key);
    const lat = fix?.lat ?? parseRequiredNumber(table.get(r, 'lat'), file, r, 'lat');
    const lon = fix?.lon ?? parseRequiredNumber(table.get(r, 'lon'), file, r, 'lon');
    sites.push(
      Object.freeze({
        key,
        platform,
        region,
        continent: normalizeContinent(table.get(r, 'continent')),
        country: table.get(r, 'country'),
        // 0,0 is a placeholder in regions.csv (azure/brazilus), not a location: the site gets no coordinates.
        ...(lat === 0 && lon === 0 ? {} : { lat, lon }),
        kind: 'cloud' as const,
        zones: Object.freeze(zonesOf(zones.get(key))),
        clusterFeeUsdHr: fee,
        source: SITE_SOURCES.regions,
      }),
    );
  }
  sites.sort(compareSites);
  const provenance: Provenance[] = [
    {
      id: SITE_SOURCES.regions,
      description:
        'Cloud region locations (country, continent, coordinates) of AWS, GCP and Azure, compiled for the shared data set; the compiler recorded no snapshot date, the date is when it was bundled.',
      date: '2026-11-23',
      file: DATA_FILES.regions,
    },
    {
      id: SITE_SOURCES.zones,
      description:
        'Zone names per region from SkyPilot\'s VM catalog (AWS: availability-zone ids such as use1-az4 from skypilot-org/skypilot-catalog v7, about spring 2025; GCP: zone names from anycloud-sh/catalog, 2026-04-02). Regions it does not list (all of Azure, 14 AWS regions) get one zone named "default".',
      date: '2026-04-02',
      file: DATA_FILES.skypilotVms,
    },
    {
      id: SITE_SOURCES.clusterFees,
      description:
        "Managed Kubernetes control-plane fee per cluster (EKS, GKE, AKS Standard tier) from the vendors' pricing pages; list prices as of the snapshot.",
      date: fees.date,
      file: DATA_FILES.clusterFees,
    },
    {
      id: SITE_SOURCES.corrections,
      description: 'Coordinates corrected where regions.csv is evidently wrong (reason given per entry).',
      date: corrections.date,
      file: DATA_FILES.coordinateCorrections,
    },
  ];
  return { sites, provenance };
}
