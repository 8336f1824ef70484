/**
 * `provider register aws|gcp|azure`: a cloud region of the bundled catalog → a ProviderProfile (zones, location,
 * country, continent, cluster fee, quotas) and its InstanceType (every offering in every chosen zone, on-demand
 * and, with spot, spot prices). Pure: takes the catalog, returns objects or issues.
 */
import type { InstanceType, ProviderProfile } from '../../src/api/provider.js';
import type { Offering } from '../../src/catalog/types.js';
import type { Issue } from '../../src/validate/issue.js';
import type { InMemoryCatalog } from '../catalog/in-memory-catalog.js';
import { unknownNameMessage } from './closest-names.js';
import {
  CLOUDS,
  CORE_API_VERSION,
  DEFAULT_NAMESPACE,
  FEE_SOURCE_ANNOTATION,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  PRICE_DATE_ANNOTATION,
  PRICE_SOURCE_ANNOTATION,
  SPOT_ANNOTATION,
  type Cloud,
} from './constants.js';
import { defaultName } from './flag-values.js';
import type { EntryResult, ProviderEntry } from './provider-entry.js';

/** What `provider register CLOUD` asks for (flag values already read). */
export interface CloudRegionRequest {
  readonly cloud: string;
  readonly region: string;
  /** Zones to register, the first is the default. @default every zone of the region */
  readonly zones?: readonly string[];
  /** Object name. @default `${cloud}-${region}` */
  readonly name?: string;
  /** Include spot prices. @default false */
  readonly spot?: boolean;
  readonly quotaVcpu?: number;
  readonly quotaGpu?: number;
  /** USD per hour. @default the cloud's published managed-Kubernetes fee (providers/data/cluster-fees.json) */
  readonly clusterFeeUsdHr?: number;
  /** @default skycluster-system */
  readonly namespace?: string;
}

const FEE_SOURCE = 'cluster-fees-';

/** True when the text names one of the bundled clouds. */
export function isCloud(text: string): text is Cloud {
  return (CLOUDS as readonly string[]).includes(text);
}

/** Regions of a cloud in the catalog, in catalog order. */
export function regionsOf(catalog: InMemoryCatalog, cloud: string): string[] {
  return catalog
    .sites()
    .filter((s) => s.platform === cloud && s.kind === 'cloud')
    .map((s) => s.region);
}

/** Provenance ids and newest date of a region's offering prices. */
export function priceProvenance(catalog: InMemoryCatalog, offerings: readonly Offering[]): { source: string; date: string } {
  const ids = [...new Set(offerings.map((o) => o.source))].sort();
  const dates = ids.map((id) => catalog.provenanceOf(id)?.date ?? '').filter((d) => /^\d{4}-\d{2}/.test(d));
  return {
    source: ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} (+${ids.length - 3} more)`,
    date: dates.sort().at(-1) ?? 'unknown',
  };
}

/** `16` → `16Gi`; GiB figures of the catalog written so that the validator reads them back unchanged. */
function ramText(gib: number): string {
  return `${Number(gib.toFixed(4))}Gi`;
}

/**
 * Builds the ProviderProfile and InstanceType of one catalog region.
 * @returns the entry, or issues naming the flag (`cloud`, `--region`, `--zones`) with the closest valid names
 */
export function registerCloudRegion(catalog: InMemoryCatalog, req: CloudRegionRequest): EntryResult {
  const issues: Issue[] = [];
  if (!isCloud(req.cloud)) {
    return { ok: false, issues: [{ severity: 'error', path: 'cloud', message: unknownNameMessage('cloud', req.cloud, [...CLOUDS, 'onprem']) }] };
  }
  const site = catalog.site(req.cloud, req.region);
  if (site === undefined || site.kind !== 'cloud') {
    const message = unknownNameMessage(`region of ${req.cloud}`, req.region, regionsOf(catalog, req.cloud));
    return { ok: false, issues: [{ severity: 'error', path: '--region', message }] };
  }
  const all = site.zones.map((z) => z.name);
  const zones = req.zones && req.zones.length > 0 ? [...req.zones] : all;
  const seen = new Set<string>();
  for (const z of zones) {
    if (!all.includes(z)) issues.push({ severity: 'error', path: '--zones', message: unknownNameMessage(`zone of ${site.key}`, z, all) });
    else if (seen.has(z)) issues.push({ severity: 'error', path: '--zones', message: `zone ${JSON.stringify(z)} is given twice` });
    seen.add(z);
  }
  if (issues.length > 0) return { ok: false, issues };

  const name = req.name ?? defaultName(req.cloud, req.region);
  const namespace = req.namespace ?? DEFAULT_NAMESPACE;
  const listed = catalog.offerings(req.cloud, req.region);
  // InstanceType's gpu.count is a whole number (SkyCluster's schema); a flavor with a share of a GPU cannot be written.
  const offerings = listed.filter((o) => Number.isInteger(o.gpuCount));
  const fractional = listed.filter((o) => !Number.isInteger(o.gpuCount));
  const prices = priceProvenance(catalog, offerings);
  const feeSource = catalog.provenance.find((p) => p.id.startsWith(FEE_SOURCE));
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY, 'skycluster.io/provider-platform': req.cloud, 'skycluster.io/provider-region': req.region };
  const annotations: Record<string, string> = {
    [PRICE_SOURCE_ANNOTATION]: prices.source,
    [PRICE_DATE_ANNOTATION]: prices.date,
    [FEE_SOURCE_ANNOTATION]:
      req.clusterFeeUsdHr !== undefined ? 'user (--cluster-fee)' : feeSource ? `${feeSource.id} (${feeSource.date})` : 'catalog',
    ...(req.spot ? { [SPOT_ANNOTATION]: 'true' } : {}),
  };
  const quotas = {
    ...(req.quotaVcpu !== undefined ? { vcpus: req.quotaVcpu } : {}),
    ...(req.quotaGpu !== undefined ? { gpus: req.quotaGpu } : {}),
  };
  const profile: ProviderProfile = {
    apiVersion: CORE_API_VERSION,
    kind: 'ProviderProfile',
    metadata: { name, namespace, labels, annotations },
    spec: {
      platform: req.cloud,
      region: req.region,
      ...(site.continent !== undefined ? { continent: site.continent } : {}),
      enabled: true,
      zones: zones.map((z, i) => ({ name: z, locationName: z, defaultZone: i === 0, enabled: true, type: 'cloud' as const })),
      ...(site.country !== undefined && /^[A-Z]{2}$/.test(site.country) ? { country: site.country } : {}),
      ...(site.lat !== undefined && site.lon !== undefined ? { location: { lat: site.lat, lon: site.lon } } : {}),
      ...(Object.keys(quotas).length > 0 ? { quotas } : {}),
      clusterFeeUsdHr: req.clusterFeeUsdHr ?? site.clusterFeeUsdHr,
    },
  } as ProviderProfile;
  const notes: Issue[] = [];
  if (fractional.length > 0)
    notes.push({
      severity: 'note',
      object: `InstanceType/${name}`,
      path: 'spec.offerings',
      message: `${fractional.length} flavor${fractional.length === 1 ? '' : 's'} with a fraction of a GPU left out (gpu.count is a whole number): ${fractional
        .slice(0, 3)
        .map((o) => `${o.name} (${o.gpuCount} ${o.gpuModel ?? 'GPU'})`)
        .join(', ')}${fractional.length > 3 ? ', ...' : ''}`,
    });
  if (offerings.length === 0) {
    notes.push({
      severity: 'note',
      object: `ProviderProfile/${name}`,
      path: '',
      message: `the catalog lists no offerings for ${site.key}; no InstanceType written`,
    });
    return { ok: true, value: { profile }, notes };
  }
  const zoneOfferings = offerings.map((o) => ({
    name: o.name,
    nameLabel: o.nameLabel,
    vcpus: o.vcpus,
    ram: ramText(o.ramGiB),
    price: o.priceUsdHr,
    ...(req.spot && o.spotPriceUsdHr !== undefined ? { spotPrice: o.spotPriceUsdHr } : {}),
    ...(o.gpuModel !== undefined && o.gpuCount > 0 ? { gpu: { model: o.gpuModel, count: o.gpuCount } } : {}),
  }));
  const instanceType: InstanceType = {
    apiVersion: CORE_API_VERSION,
    kind: 'InstanceType',
    metadata: { name, namespace, labels, annotations: { [PRICE_SOURCE_ANNOTATION]: prices.source, [PRICE_DATE_ANNOTATION]: prices.date } },
    spec: { providerRef: name, offerings: zones.map((zone) => ({ zone, zoneOfferings })) },
  } as InstanceType;
  const entry: ProviderEntry = { profile, instanceType };
  return { ok: true, value: entry, notes };
}
