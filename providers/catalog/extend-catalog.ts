/**
 * Adds user-registered sites (on-prem and edge sites from ProviderProfile objects, or overrides of bundled
 * cloud regions) and their offerings, egress tiers and measured latencies to a catalog. Pure: returns a new
 * catalog, the base is unchanged.
 */
import type { Catalog, Offering, PriceTier, Provenance, SiteInfo } from '../../src/catalog/types.js';
import { type CatalogData, type LatencyEntry, compareOfferings, compareSites, compareStrings, makeOffering, siteKeyOf } from './catalog-data.js';
import { RULE_SOURCES } from './catalog-rules.js';
import { normalizeTiers } from './build-egress.js';
import { mergeProvenance } from './build-catalog-data.js';
import { InMemoryCatalog } from './in-memory-catalog.js';
import { LayeredOfferingSet } from './offering-set.js';

/** A measured RTT between two sites (keys `${platform}/${region}`), e.g. from a ProviderProfile's `latencies`. */
export interface SiteLatency {
  readonly src: string;
  readonly dst: string;
  readonly rttMs: number;
  /** Provenance id. @default 'user-registered' */
  readonly source?: string;
}

/** One problem of the input to extendCatalog, in the project's issue shape. */
export interface CatalogInputIssue {
  readonly code: 'site-key' | 'zones' | 'duplicate-site' | 'unknown-site' | 'unknown-zone' | 'invalid-number';
  /** Where, e.g. `sites[2].zones` or `offerings[5].zones[0]`. */
  readonly path: string;
  readonly message: string;
}

/** extendCatalog was given invalid input; `issues` lists every problem found. */
export class CatalogInputError extends Error {
  override readonly name = 'CatalogInputError';
  /** @param issues every problem found */
  constructor(readonly issues: readonly CatalogInputIssue[]) {
    super(`invalid catalog extension: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** Provenance entry made for a source id used by the extension but not described by the caller. */
function undescribed(id: string): Provenance {
  return {
    id,
    description: 'Registered at run time (ProviderProfile / InstanceType); no provenance entry was given.',
    date: 'unknown',
  };
}

function isNonNegative(n: number): boolean {
  return Number.isFinite(n) && n >= 0;
}

/** Bundled site with the registered zones, fee, quotas and (when given) location fields; kind stays as bundled. */
function overrideSite(base: SiteInfo, user: SiteInfo): SiteInfo {
  return Object.freeze({
    ...base,
    ...(user.regionAlias === undefined ? {} : { regionAlias: user.regionAlias }),
    ...(user.continent === undefined ? {} : { continent: user.continent }),
    ...(user.country === undefined ? {} : { country: user.country }),
    ...(user.lat === undefined || user.lon === undefined ? {} : { lat: user.lat, lon: user.lon }),
    ...(user.quotas === undefined ? {} : { quotas: user.quotas }),
    zones: Object.freeze(user.zones.map((z) => Object.freeze({ ...z }))),
    clusterFeeUsdHr: user.clusterFeeUsdHr,
    source: user.source,
  });
}

function validateSites(sites: readonly SiteInfo[], issues: CatalogInputIssue[]): void {
  const seen = new Set<string>();
  sites.forEach((s, i) => {
    const path = `sites[${i}]`;
    if (s.key !== siteKeyOf(s.platform, s.region)) {
      issues.push({ code: 'site-key', path: `${path}.key`, message: `expected "${siteKeyOf(s.platform, s.region)}", got "${s.key}"` });
    }
    if (seen.has(s.key)) issues.push({ code: 'duplicate-site', path, message: `site ${s.key} given twice` });
    seen.add(s.key);
    const defaults = s.zones.filter((z) => z.isDefault).length;
    if (s.zones.length === 0 || defaults !== 1) {
      issues.push({
        code: 'zones',
        path: `${path}.zones`,
        message: `needs at least one zone and exactly one default (has ${s.zones.length} zones, ${defaults} default)`,
      });
    }
    if (!isNonNegative(s.clusterFeeUsdHr))
      issues.push({ code: 'invalid-number', path: `${path}.clusterFeeUsdHr`, message: 'must be a non-negative number' });
  });
}

function validateOfferings(offerings: readonly Offering[], sites: ReadonlyMap<string, SiteInfo>, issues: CatalogInputIssue[]): void {
  offerings.forEach((o, i) => {
    const site = sites.get(siteKeyOf(o.platform, o.region));
    if (site === undefined) {
      issues.push({ code: 'unknown-site', path: `offerings[${i}]`, message: `site ${o.platform}/${o.region} is neither bundled nor registered` });
      return;
    }
    o.zones?.forEach((z, k) => {
      if (!site.zones.some((sz) => sz.name === z))
        issues.push({ code: 'unknown-zone', path: `offerings[${i}].zones[${k}]`, message: `zone "${z}" is not a zone of ${site.key}` });
    });
    for (const f of ['vcpus', 'ramGiB', 'gpuCount', 'priceUsdHr'] as const) {
      if (!isNonNegative(o[f])) issues.push({ code: 'invalid-number', path: `offerings[${i}].${f}`, message: 'must be a non-negative number' });
    }
  });
}

/**
 * Returns a new catalog with user-registered sites and their data added.
 * A site whose key is a bundled site's overrides that site's zones, cluster fee, quotas (and location fields
 * when given); its offerings replace bundled offerings of the same name and add to the others.
 * @param base a catalog from loadBundledCatalog (or an earlier extendCatalog)
 * @param sites sites to add or override (kind `onprem` for on-prem/edge sites)
 * @param offerings offerings of added or bundled sites
 * @param egressTiers outbound tiers by site key: for an on-prem site its egress price (else free); for a cloud
 *   site they replace its internet egress tiers
 * @param latencies measured RTTs; they take precedence over bundled figures of the same directed pair
 * @param provenance entries for the `source` ids used; ids without an entry get a generic one (date `unknown`)
 * @throws CatalogInputError listing every invalid input; TypeError when `base` is not an InMemoryCatalog
 */
export function extendCatalog(
  base: Catalog,
  sites: readonly SiteInfo[],
  offerings: readonly Offering[],
  egressTiers?: ReadonlyMap<string, readonly PriceTier[]>,
  latencies?: readonly SiteLatency[],
  provenance?: readonly Provenance[],
): InMemoryCatalog {
  if (!(base instanceof InMemoryCatalog)) throw new TypeError('extendCatalog needs a catalog made by loadBundledCatalog or extendCatalog');
  const data = base.data;
  const issues: CatalogInputIssue[] = [];
  validateSites(sites, issues);
  const merged = new Map(data.sites.map((s) => [s.key, s]));
  for (const s of sites) {
    const bundled = merged.get(s.key);
    merged.set(
      s.key,
      bundled === undefined ? Object.freeze({ ...s, zones: Object.freeze(s.zones.map((z) => Object.freeze({ ...z }))) }) : overrideSite(bundled, s),
    );
  }
  validateOfferings(offerings, merged, issues);
  for (const [key, tiers] of egressTiers ?? []) {
    if (!merged.has(key))
      issues.push({ code: 'unknown-site', path: `egressTiers[${key}]`, message: `site ${key} is neither bundled nor registered` });
    tiers.forEach((t, k) => {
      if (!isNonNegative(t.fromGB) || !isNonNegative(t.usdPerGB))
        issues.push({ code: 'invalid-number', path: `egressTiers[${key}][${k}]`, message: 'fromGB and usdPerGB must be non-negative numbers' });
    });
  }
  (latencies ?? []).forEach((l, i) => {
    for (const end of [l.src, l.dst]) {
      if (!merged.has(end)) issues.push({ code: 'unknown-site', path: `latencies[${i}]`, message: `site ${end} is neither bundled nor registered` });
    }
    if (!(Number.isFinite(l.rttMs) && l.rttMs > 0))
      issues.push({ code: 'invalid-number', path: `latencies[${i}].rttMs`, message: 'must be a positive number' });
  });
  if (issues.length > 0) throw new CatalogInputError(issues);

  const siteList = [...merged.values()].sort(compareSites);
  const added = new Map<string, Offering[]>();
  for (const o of offerings) {
    const key = siteKeyOf(o.platform, o.region);
    const list = added.get(key) ?? [];
    list.push(makeOffering({ ...o, zones: o.zones === undefined ? undefined : Object.freeze([...o.zones]) }));
    added.set(key, list);
  }
  const basePosition = new Map(data.sites.map((s, i) => [s.key, i]));
  // Sites without registered offerings keep the base set's, unmaterialized until asked (LayeredOfferingSet).
  const groups = siteList.map((site): number | undefined | readonly Offering[] => {
    const at = basePosition.get(site.key);
    const mine = added.get(site.key);
    if (mine === undefined) return at;
    const bundled = at === undefined ? [] : data.offerings.ofSite(at);
    const names = new Set(mine.map((o) => o.name));
    return [...bundled.filter((o) => !names.has(o.name)), ...mine].sort(compareOfferings);
  });

  const ownTiers = new Map(data.egress.siteOwnTiers.map((t) => [t.site, t]));
  for (const [site, tiers] of egressTiers ?? []) {
    const source = merged.get(site)?.source ?? RULE_SOURCES.userRegistered;
    ownTiers.set(site, { site, table: Object.freeze({ tiers: Object.freeze(normalizeTiers(tiers)), mode: 'marginal' as const, source }) });
  }
  const lat = new Map(data.latencies.map((e) => [`${e.src}|${e.dst}`, e]));
  for (const l of latencies ?? []) {
    lat.set(`${l.src}|${l.dst}`, { src: l.src, dst: l.dst, rttMs: l.rttMs, source: l.source ?? RULE_SOURCES.userRegistered });
  }
  const latencyList: LatencyEntry[] = [...lat.values()].sort((a, b) => compareStrings(a.src, b.src) || compareStrings(a.dst, b.dst));

  // Later entries win: a caller may describe an id that an earlier extension had to describe generically.
  const byId = new Map([...data.provenance, ...(provenance ?? [])].map((p) => [p.id, p]));
  const used = [
    ...sites.map((s) => s.source),
    ...offerings.map((o) => o.source),
    ...latencyList.map((l) => l.source),
    ...[...ownTiers.values()].map((t) => t.table.source),
  ];
  for (const id of used) if (!byId.has(id)) byId.set(id, undescribed(id));
  const next: CatalogData = {
    version: data.version,
    provenance: mergeProvenance([...byId.values()]),
    sites: siteList,
    offerings: new LayeredOfferingSet(data.offerings, groups),
    egress: { ...data.egress, siteOwnTiers: [...ownTiers.values()].sort((a, b) => compareStrings(a.site, b.site)) },
    latencies: latencyList,
  };
  return new InMemoryCatalog(next);
}
