/**
 * `provider refresh --catalog FILE`: a newer price file in the bundled catalog's CSV columns (cloud, region,
 * instance_type, vcpus, memory_gib, gpu_model, gpu_count, ondemand_usd_hr, spot_usd_hr, source) → per registered
 * cloud region: offerings added and removed, prices changed and the median change, and the updated InstanceTypes.
 * Pure: the caller reads the file and writes the result.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { InstanceType } from '../../src/api/provider.js';
import { parsePrice } from '../../src/api/units.js';
import type { Issue } from '../../src/validate/issue.js';
import { OFFERING_COLUMNS } from '../catalog/build-offerings.js';
import { deriveNameLabel } from '../catalog/catalog-data.js';
import { CORE_API_VERSION, PRICE_DATE_ANNOTATION, PRICE_SOURCE_ANNOTATION, SPOT_ANNOTATION } from './constants.js';
import type { ProviderEntry } from './provider-entry.js';

/** One row of a price file. */
export interface PriceRow {
  readonly name: string;
  readonly vcpus: number;
  readonly ramGiB: number;
  readonly gpuModel?: string;
  readonly gpuCount: number;
  readonly price: number;
  readonly spotPrice?: number;
}

/** A price file read: rows per `${cloud}/${region}`, and its newest date. */
export interface PriceFile {
  readonly file: string;
  readonly bySite: ReadonlyMap<string, readonly PriceRow[]>;
  /** Newest YYYY-MM-DD (or YYYY-MM) found in the source column, else `unknown`. */
  readonly date: string;
}

/** What changed in one registered region. */
export interface RegionChange {
  readonly provider: string;
  readonly site: string;
  readonly added: string[];
  readonly removed: string[];
  /** Offerings whose on-demand price changed. */
  readonly changed: number;
  readonly unchanged: number;
  /** Median relative change of the on-demand price over offerings in both, in percent (undefined: none in both). */
  readonly medianChangePct?: number;
}

/** The report and the entries to write (only those that changed). */
export interface RefreshPlan {
  readonly changes: RegionChange[];
  readonly updated: ProviderEntry[];
  /** Registered profiles the file has no rows for (on-prem sites, or regions the file leaves out). */
  readonly untouched: string[];
}

const COLUMNS = OFFERING_COLUMNS;

/** Reads a price file; every malformed row is an issue naming the line and column. */
export function readPriceFile(text: string, file: string): { ok: true; value: PriceFile } | { ok: false; issues: Issue[] } {
  let records: string[][];
  try {
    records = parseCsv(text, { skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    return { ok: false, issues: [{ severity: 'error', file, path: '', message: `not a readable CSV file: ${(e as Error).message}` }] };
  }
  const header = records[0] ?? [];
  const col = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((c) => col[c] < 0 && c !== 'spot_usd_hr' && c !== 'gpu_model' && c !== 'gpu_count' && c !== 'source');
  if (missing.length > 0) {
    return {
      ok: false,
      issues: [
        {
          severity: 'error',
          file,
          path: 'line 1',
          message: `the header row lacks the column(s) ${missing.join(', ')} (expected ${COLUMNS.join(',')})`,
        },
      ],
    };
  }
  const issues: Issue[] = [];
  const bySite = new Map<string, PriceRow[]>();
  let date = '';
  records.slice(1).forEach((rec, i) => {
    const line = i + 2;
    const cell = (c: (typeof COLUMNS)[number]) => (col[c] >= 0 ? (rec[col[c]] ?? '') : '');
    const err = (c: string, message: string) => issues.push({ severity: 'error', file, path: `line ${line}, ${c}`, message });
    const num = (c: (typeof COLUMNS)[number], positive: boolean): number | undefined => {
      const n = cell(c) === '' ? Number.NaN : Number(cell(c));
      if (!Number.isFinite(n) || n < 0 || (positive && n === 0)) {
        err(c, `expected ${positive ? 'a number above 0' : 'a non-negative number'}, got ${JSON.stringify(cell(c))}`);
        return undefined;
      }
      return n;
    };
    const price = parsePrice(cell('ondemand_usd_hr'));
    if (!price.ok) err('ondemand_usd_hr', `expected a non-negative price in USD per hour, got ${JSON.stringify(cell('ondemand_usd_hr'))}`);
    const spotText = cell('spot_usd_hr');
    const spot = spotText === '' ? undefined : parsePrice(spotText);
    if (spot && !spot.ok) err('spot_usd_hr', `expected a non-negative price in USD per hour or nothing, got ${JSON.stringify(spotText)}`);
    const vcpus = num('vcpus', true);
    const ram = num('memory_gib', true);
    const gpus = cell('gpu_count') === '' ? 0 : num('gpu_count', false);
    if (cell('instance_type') === '') err('instance_type', 'every row needs an instance type');
    if (!price.ok || (spot && !spot.ok) || vcpus === undefined || ram === undefined || gpus === undefined || cell('instance_type') === '') return;
    const d = /\d{4}-\d{2}(?:-\d{2})?/.exec(cell('source'))?.[0];
    if (d !== undefined && d > date) date = d;
    const key = `${cell('cloud')}/${cell('region')}`;
    const list = bySite.get(key) ?? [];
    list.push({
      name: cell('instance_type'),
      vcpus,
      ramGiB: ram,
      ...(cell('gpu_model') !== '' ? { gpuModel: cell('gpu_model') } : {}),
      gpuCount: gpus,
      price: price.value,
      ...(spot?.ok ? { spotPrice: spot.value } : {}),
    });
    bySite.set(key, list);
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { file, bySite, date: date || 'unknown' } };
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Compares every registered region the file covers with its registered offerings and builds the new InstanceTypes. */
export function planRefresh(entries: readonly ProviderEntry[], prices: PriceFile, fileName: string): RefreshPlan {
  const changes: RegionChange[] = [];
  const updated: ProviderEntry[] = [];
  const untouched: string[] = [];
  for (const entry of entries) {
    const { profile } = entry;
    const site = `${profile.spec.platform}/${profile.spec.region}`;
    // A share of a GPU (GCP G4, Azure NV-series) has no place in InstanceType's whole-number gpu.count: left out, as register does.
    const rows = prices.bySite.get(site)?.filter((r) => Number.isInteger(r.gpuCount));
    if (!rows) {
      untouched.push(profile.metadata.name);
      continue;
    }
    const old = new Map<string, number>();
    for (const o of entry.instanceType?.spec.offerings ?? [])
      for (const f of o.zoneOfferings) {
        const p = parsePrice(f.price);
        if (p.ok && !old.has(f.name)) old.set(f.name, p.value);
      }
    const fresh = new Map(rows.map((r) => [r.name, r]));
    const added = [...fresh.keys()].filter((n) => !old.has(n)).sort();
    const removed = [...old.keys()].filter((n) => !fresh.has(n)).sort();
    const rel: number[] = [];
    let changed = 0;
    for (const [n, before] of old) {
      const after = fresh.get(n)?.price;
      if (after === undefined) continue;
      if (after !== before) changed += 1;
      if (before > 0) rel.push(((after - before) / before) * 100);
    }
    const med = median(rel);
    const change: RegionChange = {
      provider: profile.metadata.name,
      site,
      added,
      removed,
      changed,
      unchanged: rel.length - changed,
      ...(med !== undefined ? { medianChangePct: Math.round(med * 100) / 100 } : {}),
    };
    changes.push(change);
    if (added.length === 0 && removed.length === 0 && changed === 0) continue;
    const spot = entry.instanceType?.metadata.annotations?.[SPOT_ANNOTATION] === 'true' || profile.metadata.annotations?.[SPOT_ANNOTATION] === 'true';
    const zoneOfferings = [...rows]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((r) => ({
        name: r.name,
        nameLabel: deriveNameLabel(r.vcpus, r.ramGiB),
        vcpus: r.vcpus,
        ram: `${Number(r.ramGiB.toFixed(4))}Gi`,
        price: r.price,
        ...(spot && r.spotPrice !== undefined ? { spotPrice: r.spotPrice } : {}),
        ...(r.gpuModel !== undefined && r.gpuCount > 0 ? { gpu: { model: r.gpuModel, count: r.gpuCount } } : {}),
      }));
    const annotations = { [PRICE_SOURCE_ANNOTATION]: `refresh ${fileName}`, [PRICE_DATE_ANNOTATION]: prices.date };
    const base = entry.instanceType;
    const instanceType = {
      apiVersion: CORE_API_VERSION,
      kind: 'InstanceType',
      metadata: {
        ...(base?.metadata ?? { name: profile.metadata.name, ...(profile.metadata.namespace ? { namespace: profile.metadata.namespace } : {}) }),
        annotations: { ...(base?.metadata.annotations ?? {}), ...annotations },
      },
      spec: { providerRef: profile.metadata.name, offerings: profile.spec.zones.map((z) => ({ zone: z.name, zoneOfferings })) },
    } as InstanceType;
    const newProfile = { ...profile, metadata: { ...profile.metadata, annotations: { ...(profile.metadata.annotations ?? {}), ...annotations } } };
    updated.push({ profile: newProfile, instanceType });
  }
  return { changes, updated, untouched };
}
