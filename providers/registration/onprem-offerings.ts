/**
 * Reads the offerings file of an on-prem or edge site: YAML (a list of flavors, `{flavors: [...]}`, or SkyCluster's
 * InstanceType as is) or CSV (header row; columns name, vcpus, ram, price and optionally spot_price, gpu_model,
 * gpu_count, zone, name_label). Every bad row or field is an issue naming the file, line or path, and the field.
 * Pure: the caller reads the file.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { parseMemory, parsePrice } from '../../src/api/units.js';
import { parseDocuments } from '../../src/validate/documents.js';
import type { Issue } from '../../src/validate/issue.js';

/** One flavor of a zone, in the InstanceType's zoneOfferings form. */
export interface SiteFlavor {
  readonly name: string;
  readonly nameLabel?: string;
  readonly vcpus: number;
  readonly ram: string;
  readonly price: number | string;
  readonly spotPrice?: number | string;
  readonly gpu?: { readonly model: string; readonly count: number | string; readonly memory?: string };
}

/** Flavors per zone, in file order; the first zone is the default. */
export interface SiteOfferings {
  readonly zones: { readonly zone: string; readonly flavors: SiteFlavor[] }[];
  /** providerRef of a SkyCluster InstanceType read as is (it may differ from the name registered). */
  readonly providerRef?: string;
}

/** Zone of flavors whose row or entry names none. */
export const DEFAULT_SITE_ZONE = 'default';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Column names accepted for each field (the first is the documented one). */
const CSV_COLUMNS = {
  name: ['name', 'flavor', 'instance_type'],
  vcpus: ['vcpus', 'vcpu', 'cpus'],
  ram: ['ram', 'memory', 'memory_gib'],
  price: ['price', 'ondemand_usd_hr', 'price_usd_hr'],
  spotPrice: ['spot_price', 'spot_usd_hr'],
  gpuModel: ['gpu_model'],
  gpuCount: ['gpu_count'],
  zone: ['zone'],
  nameLabel: ['name_label', 'namelabel'],
} as const;

type Field = keyof typeof CSV_COLUMNS;

/** Checks one flavor's fields; pushes issues under `at` and returns the flavor when every field is good. */
function checkFlavor(raw: Record<string, unknown>, at: (field: string) => Pick<Issue, 'file' | 'path'>, issues: Issue[]): SiteFlavor | undefined {
  const before = issues.length;
  const err = (field: string, message: string) => issues.push({ severity: 'error', ...at(field), message });
  const name = raw['name'];
  if (typeof name !== 'string' || name.trim() === '') err('name', 'every flavor needs a name');
  const vcpus = typeof raw['vcpus'] === 'string' && raw['vcpus'].trim() !== '' ? Number(raw['vcpus']) : raw['vcpus'];
  if (typeof vcpus !== 'number' || !Number.isFinite(vcpus))
    err('vcpus', `expected a number of vCPUs like 4, got ${JSON.stringify(raw['vcpus'] ?? null)}`);
  else if (vcpus <= 0) err('vcpus', `a flavor needs more than 0 vCPUs, got ${vcpus}`);
  const ramRaw = raw['ram'];
  let ram: string | undefined;
  if (typeof ramRaw === 'number' || (typeof ramRaw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(ramRaw))) ram = `${Number(ramRaw)}Gi`;
  else if (typeof ramRaw === 'string' && parseMemory(ramRaw).ok) ram = ramRaw.trim();
  if (ram === undefined) err('ram', `expected a memory size like 16Gi or 16GB (a bare number is GiB), got ${JSON.stringify(ramRaw ?? null)}`);
  else if ((parseMemory(ram) as { value: number }).value <= 0) err('ram', `a flavor needs more than 0 memory, got ${JSON.stringify(ramRaw)}`);
  const price = raw['price'];
  const priceOk = (p: unknown): p is number | string => (typeof p === 'number' || typeof p === 'string') && parsePrice(p).ok;
  if (!priceOk(price)) err('price', `expected a non-negative price in USD per hour like 0.02, got ${JSON.stringify(price ?? null)}`);
  const spot = raw['spotPrice'];
  if (spot !== undefined && spot !== '' && !priceOk(spot))
    err('spotPrice', `expected a non-negative spot price in USD per hour, got ${JSON.stringify(spot)}`);
  let gpu: SiteFlavor['gpu'];
  const g = raw['gpu'];
  if (g !== undefined) {
    const count = isRecord(g) ? (typeof g['count'] === 'string' ? Number(g['count']) : g['count']) : undefined;
    if (!isRecord(g) || typeof g['model'] !== 'string' || g['model'] === '' || typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
      err('gpu', `expected {model: A100, count: 1} (count a whole number of at least 1), got ${JSON.stringify(g)}`);
    } else gpu = { model: g['model'], count, ...(typeof g['memory'] === 'string' ? { memory: g['memory'] } : {}) };
  }
  if (issues.length > before) return undefined;
  return {
    name: (name as string).trim(),
    ...(typeof raw['nameLabel'] === 'string' && raw['nameLabel'] !== '' ? { nameLabel: raw['nameLabel'] } : {}),
    vcpus: vcpus as number,
    ram: ram as string,
    price: price as number | string,
    ...(spot !== undefined && spot !== '' ? { spotPrice: spot as number | string } : {}),
    ...(gpu ? { gpu } : {}),
  };
}

/** Groups flavors by zone, reporting a flavor named twice in one zone. */
function group(rows: { zone: string; flavor: SiteFlavor; where: Pick<Issue, 'file' | 'path'> }[], issues: Issue[]): SiteOfferings['zones'] {
  const zones = new Map<string, SiteFlavor[]>();
  for (const r of rows) {
    const list = zones.get(r.zone) ?? [];
    if (list.some((f) => f.name === r.flavor.name)) {
      issues.push({
        severity: 'error',
        ...r.where,
        message: `flavor ${JSON.stringify(r.flavor.name)} is listed twice in zone ${JSON.stringify(r.zone)}`,
      });
    }
    list.push(r.flavor);
    zones.set(r.zone, list);
  }
  return [...zones].map(([zone, flavors]) => ({ zone, flavors }));
}

function readCsv(text: string, file: string, issues: Issue[]): SiteOfferings | undefined {
  let records: string[][];
  try {
    records = parseCsv(text, { skip_empty_lines: true, trim: true, relax_column_count: false, comment: '#' }) as string[][];
  } catch (e) {
    issues.push({ severity: 'error', file, path: '', message: `not a readable CSV file: ${(e as Error).message}` });
    return undefined;
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const column = {} as Record<Field, number>;
  for (const f of Object.keys(CSV_COLUMNS) as Field[]) column[f] = header.findIndex((h) => (CSV_COLUMNS[f] as readonly string[]).includes(h));
  const missing = (['name', 'vcpus', 'ram', 'price'] as const).filter((f) => column[f] < 0);
  if (missing.length > 0) {
    issues.push({
      severity: 'error',
      file,
      path: 'line 1',
      message: `the header row lacks the column(s) ${missing.join(', ')} (expected name,vcpus,ram,price[,spot_price,gpu_model,gpu_count,zone,name_label]; got ${header.join(',') || 'nothing'})`,
    });
    return undefined;
  }
  const rows: Parameters<typeof group>[0] = [];
  records.slice(1).forEach((rec, i) => {
    const line = i + 2;
    const cell = (f: Field) => (column[f] >= 0 ? (rec[column[f]] ?? '') : '');
    const gpuModel = cell('gpuModel');
    const raw: Record<string, unknown> = {
      name: cell('name'),
      vcpus: cell('vcpus'),
      ram: cell('ram'),
      price: cell('price'),
      spotPrice: cell('spotPrice'),
      nameLabel: cell('nameLabel'),
      ...(gpuModel !== '' ? { gpu: { model: gpuModel, count: cell('gpuCount') || '1' } } : {}),
    };
    const where = (field: string) => ({ file, path: `line ${line}${field ? `, ${field}` : ''}` });
    const flavor = checkFlavor(raw, where, issues);
    if (flavor) rows.push({ zone: cell('zone') || DEFAULT_SITE_ZONE, flavor, where: where('name') });
  });
  return { zones: group(rows, issues) };
}

function readYaml(text: string, file: string, issues: Issue[]): SiteOfferings | undefined {
  const parsed = parseDocuments(text, file);
  issues.push(...parsed.issues.filter((i) => i.severity === 'error'));
  if (parsed.issues.some((i) => i.severity === 'error')) return undefined;
  const rows: Parameters<typeof group>[0] = [];
  let providerRef: string | undefined;
  for (const doc of parsed.documents) {
    const v = doc.value;
    if (v === null) continue;
    const base = { file, document: doc.document };
    const flavorsAt = (list: unknown, path: string, zone: string) => {
      if (!Array.isArray(list)) {
        issues.push({ severity: 'error', ...base, path, message: 'expected a list of flavors' });
        return;
      }
      list.forEach((item, i) => {
        const p = `${path}[${i}]`;
        if (!isRecord(item)) {
          issues.push({ severity: 'error', ...base, path: p, message: 'expected a flavor {name, vcpus, ram, price}' });
          return;
        }
        const where = (field: string) => ({ file, path: field ? `${p}.${field}` : p });
        const flavor = checkFlavor(item, where, issues);
        const z = typeof item['zone'] === 'string' && item['zone'] !== '' ? item['zone'] : zone;
        if (flavor) rows.push({ zone: z, flavor, where: where('name') });
      });
    };
    if (Array.isArray(v)) flavorsAt(v, '', DEFAULT_SITE_ZONE);
    else if (isRecord(v) && v['kind'] === 'InstanceType' && isRecord(v['spec'])) {
      // SkyCluster's InstanceType, read as is: its zones and zoneOfferings.
      const spec = v['spec'];
      if (typeof spec['providerRef'] === 'string') providerRef = spec['providerRef'];
      const offerings = spec['offerings'];
      if (!Array.isArray(offerings))
        issues.push({ severity: 'error', ...base, path: 'spec.offerings', message: 'expected a list of {zone, zoneOfferings}' });
      else
        offerings.forEach((o, i) => {
          const zone = isRecord(o) && typeof o['zone'] === 'string' && o['zone'] !== '' ? o['zone'] : undefined;
          if (zone === undefined)
            issues.push({ severity: 'error', ...base, path: `spec.offerings[${i}].zone`, message: 'every offerings entry needs a zone' });
          else flavorsAt(o['zoneOfferings'], `spec.offerings[${i}].zoneOfferings`, zone);
        });
    } else if (isRecord(v) && 'flavors' in v) flavorsAt(v['flavors'], 'flavors', DEFAULT_SITE_ZONE);
    else
      issues.push({
        severity: 'error',
        ...base,
        path: '',
        message: 'expected a list of flavors, {flavors: [...]} or a SkyCluster InstanceType (kind: InstanceType)',
      });
  }
  return { zones: group(rows, issues), ...(providerRef !== undefined ? { providerRef } : {}) };
}

/**
 * Reads an offerings file; CSV when the name ends in .csv, else YAML (or JSON).
 * @returns the flavors per zone, or the issues (every one found) when any entry is bad or none is given
 */
export function readSiteOfferings(text: string, file: string): { ok: true; value: SiteOfferings } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const value = /\.csv$/i.test(file) ? readCsv(text, file, issues) : readYaml(text, file, issues);
  if (issues.length > 0 || value === undefined) return { ok: false, issues };
  if (value.zones.length === 0) return { ok: false, issues: [{ severity: 'error', file, path: '', message: 'the file lists no flavors' }] };
  return { ok: true, value };
}
