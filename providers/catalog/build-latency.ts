/**
 * Measured round-trip times of the bundled catalog: the per-cloud inter-region matrices (AWS cloudping p50,
 * GCP medians, Azure's published table) and Skyplane's cross-cloud ping measurements (Premium network tier,
 * several rows per pair averaged). Pure: takes file texts, returns data.
 */
import type { Provenance } from '../../src/catalog/types.js';
import { type LatencyEntry, compareStrings, siteKeyOf } from './catalog-data.js';
import { parseCsvTable, parseRequiredNumber } from './csv-table.js';
import { skyplaneSiteKey } from './build-egress.js';
import { DATA_FILES, type DataFileRole, type DataFiles } from './data-files.js';

/** Provenance ids of the latency data. */
export const LATENCY_SOURCES = {
  aws: 'aws-cloudping-p50-1y',
  gcp: 'gcp-inter-region-median-rtt-2023-11-27',
  azure: 'azure-msdocs-rtt',
  skyplane: 'skyplane-latency-2022-04-16',
} as const;

/** Latency entries and the provenance entries they refer to. */
export interface BuiltLatency {
  readonly latencies: readonly LatencyEntry[];
  readonly provenance: readonly Provenance[];
}

const MATRICES: readonly { role: DataFileRole; cloud: 'aws' | 'gcp' | 'azure'; column: string }[] = [
  { role: 'awsLatency', cloud: 'aws', column: 'p50_rtt_ms' },
  { role: 'gcpLatency', cloud: 'gcp', column: 'median_rtt_ms' },
  { role: 'azureLatency', cloud: 'azure', column: 'rtt_ms' },
];

/**
 * Builds one measured entry per directed pair of known sites: the per-cloud matrix where it has the pair,
 * else the mean of Skyplane's Premium-tier rows for it.
 */
export function buildLatency(files: DataFiles, known: ReadonlySet<string>): BuiltLatency {
  const entries = new Map<string, LatencyEntry>();
  for (const { role, cloud, column } of MATRICES) {
    const file = DATA_FILES[role];
    const table = parseCsvTable(files[role], file, ['src_region', 'dst_region', column] as const);
    for (let r = 0; r < table.rowCount; r++) {
      const src = siteKeyOf(cloud, table.get(r, 'src_region'));
      const dst = siteKeyOf(cloud, table.get(r, 'dst_region'));
      if (!known.has(src) || !known.has(dst)) continue;
      const rttMs = parseRequiredNumber(table.get(r, column), file, r, column);
      entries.set(`${src}|${dst}`, { src, dst, rttMs, source: LATENCY_SOURCES[cloud] });
    }
  }
  const file = DATA_FILES.skyplaneLatency;
  const table = parseCsvTable(files.skyplaneLatency, file, ['src_region', 'src_tier', 'dst_region', 'dst_tier', 'avg_rtt'] as const);
  const sums = new Map<string, { src: string; dst: string; sum: number; n: number }>();
  for (let r = 0; r < table.rowCount; r++) {
    // Standard-tier rows measure GCP's cheaper network; the catalog prices Premium Tier egress.
    if (table.get(r, 'src_tier') !== 'PREMIUM' || table.get(r, 'dst_tier') !== 'PREMIUM') continue;
    const src = skyplaneSiteKey(table.get(r, 'src_region'));
    const dst = skyplaneSiteKey(table.get(r, 'dst_region'));
    const key = `${src}|${dst}`;
    if (!known.has(src) || !known.has(dst) || entries.has(key)) continue;
    const acc = sums.get(key) ?? { src, dst, sum: 0, n: 0 };
    acc.sum += parseRequiredNumber(table.get(r, 'avg_rtt'), file, r, 'avg_rtt');
    acc.n += 1;
    sums.set(key, acc);
  }
  for (const [key, { src, dst, sum, n }] of sums) {
    entries.set(key, { src, dst, rttMs: sum / n, source: LATENCY_SOURCES.skyplane });
  }
  const latencies = [...entries.values()].sort((a, b) => compareStrings(a.src, b.src) || compareStrings(a.dst, b.dst));
  return { latencies, provenance: LATENCY_PROVENANCE };
}

const LATENCY_PROVENANCE: readonly Provenance[] = [
  {
    id: LATENCY_SOURCES.aws,
    date: '2026-11-23',
    file: DATA_FILES.awsLatency,
    description:
      'AWS inter-region RTT, p50 over a one-year window, from cloudping.co; the diagonal is the intra-region figure. Date = when bundled (the window end was not recorded).',
  },
  {
    id: LATENCY_SOURCES.gcp,
    date: '2023-11-27',
    file: DATA_FILES.gcpLatency,
    description: 'GCP inter-region median RTT matrix (diagonal: intra-region).',
  },
  {
    id: LATENCY_SOURCES.azure,
    date: '2026-11-23',
    file: DATA_FILES.azureLatency,
    description:
      "Azure's published inter-region round-trip latency statistics (Microsoft Learn, Azure network round-trip latency statistics); no intra-region figures. Date = when bundled.",
  },
  {
    id: LATENCY_SOURCES.skyplane,
    date: '2022-04-16',
    file: DATA_FILES.skyplaneLatency,
    description:
      "Skyplane's measured RTT between VMs of AWS, GCP and Azure regions (skyplane-project/skyplane profiles/latency.csv), ping avg_rtt; Premium network tier rows only, rows of one pair averaged.",
  },
];
