/**
 * `provider register onprem`: an on-prem or edge site (platform baremetal or openstack, zones of type edge or
 * nte) → a ProviderProfile and its InstanceType, from an offerings file and a location (coordinates, or those of
 * a named cloud region). Latency to the clouds is then estimated by the catalog from the location; egress is
 * estimated from the nearest cloud region unless given; both are marked in spec.estimates. Pure.
 */
import type { InstanceType, ProviderProfile } from '../../src/api/provider.js';
import type { Issue } from '../../src/validate/issue.js';
import type { InMemoryCatalog } from '../catalog/in-memory-catalog.js';
import { isCloud, regionsOf } from './cloud-region.js';
import { unknownNameMessage } from './closest-names.js';
import {
  CLOUDS,
  CORE_API_VERSION,
  DEFAULT_NAMESPACE,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  PRICE_DATE_ANNOTATION,
  PRICE_SOURCE_ANNOTATION,
} from './constants.js';
import { estimatedEgressTiers } from './location-estimate.js';
import type { SiteOfferings } from './onprem-offerings.js';
import type { EntryResult } from './provider-entry.js';

/** What `provider register onprem` asks for (flag values already read, offerings file already parsed). */
export interface OnpremRequest {
  readonly name: string;
  readonly region: string;
  /** @default baremetal */
  readonly platform?: string;
  /** Type of every zone. @default edge */
  readonly zoneType?: 'edge' | 'nte' | 'cloud';
  readonly offerings: SiteOfferings;
  /** File the offerings came from (named in the price-source annotation). */
  readonly offeringsFile: string;
  readonly lat?: number;
  readonly lon?: number;
  /** `CLOUD/REGION` whose coordinates, country and continent the site takes. */
  readonly near?: string;
  readonly country?: string;
  /** USD/GB out of the site; undefined: estimated from the nearest cloud region; 0: free. */
  readonly egressUsdPerGB?: number;
  readonly kubeconfigSecret?: { readonly namespace: string; readonly name: string };
  readonly quotaVcpu?: number;
  readonly quotaGpu?: number;
  /** @default 0 (no managed control plane) */
  readonly clusterFeeUsdHr?: number;
  /** @default skycluster-system */
  readonly namespace?: string;
}

interface Located {
  lat: number;
  lon: number;
  country?: string;
  continent?: string;
  basis?: string;
}

function locate(catalog: InMemoryCatalog, req: OnpremRequest, issues: Issue[]): Located | undefined {
  const hasCoords = req.lat !== undefined || req.lon !== undefined;
  if (hasCoords && req.near !== undefined) {
    issues.push({ severity: 'error', path: '--near', message: 'give either --lat/--lon or --near, not both' });
    return undefined;
  }
  if (req.near !== undefined) {
    const [cloud = '', region = ''] = req.near.split('/');
    if (!isCloud(cloud) || region === '') {
      issues.push({
        severity: 'error',
        path: '--near',
        message: `expected CLOUD/REGION like aws/ca-central-1; ${unknownNameMessage('cloud', cloud, CLOUDS)}`,
      });
      return undefined;
    }
    const site = catalog.site(cloud, region);
    if (!site || site.kind !== 'cloud') {
      issues.push({ severity: 'error', path: '--near', message: unknownNameMessage(`region of ${cloud}`, region, regionsOf(catalog, cloud)) });
      return undefined;
    }
    if (site.lat === undefined || site.lon === undefined) {
      issues.push({ severity: 'error', path: '--near', message: `the catalog has no coordinates for ${site.key}; give --lat and --lon` });
      return undefined;
    }
    return {
      lat: site.lat,
      lon: site.lon,
      ...(site.country !== undefined ? { country: site.country } : {}),
      ...(site.continent !== undefined ? { continent: site.continent } : {}),
      basis: `coordinates, country and continent of ${site.key}`,
    };
  }
  if (req.lat === undefined || req.lon === undefined) {
    issues.push({
      severity: 'error',
      path: req.lat === undefined && req.lon === undefined ? '--lat' : req.lat === undefined ? '--lat' : '--lon',
      message:
        req.lat === undefined && req.lon === undefined
          ? 'give the site location: --lat and --lon, or --near CLOUD/REGION (latency and egress are estimated from it)'
          : 'give both --lat and --lon',
    });
    return undefined;
  }
  return { lat: req.lat, lon: req.lon };
}

/**
 * Builds the ProviderProfile and InstanceType of an on-prem or edge site.
 * @returns the entry, or every issue found (location, names); the offerings were checked when read
 */
export function registerOnpremSite(catalog: InMemoryCatalog, req: OnpremRequest): EntryResult {
  const issues: Issue[] = [];
  const platform = req.platform ?? 'baremetal';
  if (isCloud(platform)) issues.push({ severity: 'error', path: '--platform', message: `${platform} is a cloud: use provider register ${platform}` });
  if (catalog.site(platform, req.region)?.kind === 'cloud') {
    issues.push({ severity: 'error', path: '--region', message: `${platform}/${req.region} is a cloud region of the catalog` });
  }
  if (req.country !== undefined && !/^[A-Z]{2}$/.test(req.country)) {
    issues.push({ severity: 'error', path: '--country', message: `expected an ISO 3166-1 alpha-2 code like CA, got ${JSON.stringify(req.country)}` });
  }
  const where = locate(catalog, req, issues);
  if (issues.length > 0 || where === undefined) return { ok: false, issues };

  const fields: ('location' | 'egress')[] = [];
  const basis: string[] = [];
  if (where.basis) {
    fields.push('location');
    basis.push(`location: ${where.basis}`);
  }
  let egress: { fromGB: number; usdPerGB: number }[] | undefined;
  if (req.egressUsdPerGB !== undefined) egress = req.egressUsdPerGB === 0 ? undefined : [{ fromGB: 0, usdPerGB: req.egressUsdPerGB }];
  else {
    const est = estimatedEgressTiers(catalog, where.lat, where.lon);
    if (est) {
      egress = est.tiers;
      fields.push('egress');
      basis.push(`egress: internet egress tiers of the nearest cloud region ${est.from.site.key} (${Math.round(est.from.km)} km)`);
    }
  }
  const country = req.country ?? where.country;
  const namespace = req.namespace ?? DEFAULT_NAMESPACE;
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY, 'skycluster.io/provider-platform': platform, 'skycluster.io/provider-region': req.region };
  const priceNotes = { [PRICE_SOURCE_ANNOTATION]: `user offerings file ${req.offeringsFile}`, [PRICE_DATE_ANNOTATION]: 'unknown' };
  const quotas = {
    ...(req.quotaVcpu !== undefined ? { vcpus: req.quotaVcpu } : {}),
    ...(req.quotaGpu !== undefined ? { gpus: req.quotaGpu } : {}),
  };
  const zoneType = req.zoneType ?? 'edge';
  const profile = {
    apiVersion: CORE_API_VERSION,
    kind: 'ProviderProfile',
    metadata: { name: req.name, namespace, labels, annotations: priceNotes },
    spec: {
      platform,
      region: req.region,
      ...(where.continent !== undefined ? { continent: where.continent } : {}),
      enabled: true,
      zones: req.offerings.zones.map((z, i) => ({ name: z.zone, defaultZone: i === 0, enabled: true, type: zoneType })),
      ...(country !== undefined ? { country } : {}),
      location: { lat: where.lat, lon: where.lon },
      ...(egress ? { egress } : {}),
      ...(Object.keys(quotas).length > 0 ? { quotas } : {}),
      clusterFeeUsdHr: req.clusterFeeUsdHr ?? 0,
      ...(req.kubeconfigSecret ? { kubeconfigSecretRef: { namespace: req.kubeconfigSecret.namespace, name: req.kubeconfigSecret.name } } : {}),
      ...(fields.length > 0 ? { estimates: { fields, basis: basis.join('; ') } } : {}),
    },
  } as ProviderProfile;
  const instanceType = {
    apiVersion: CORE_API_VERSION,
    kind: 'InstanceType',
    metadata: { name: req.name, namespace, labels, annotations: priceNotes },
    spec: { providerRef: req.name, offerings: req.offerings.zones.map((z) => ({ zone: z.zone, zoneOfferings: z.flavors.map((f) => ({ ...f })) })) },
  } as InstanceType;
  const notes: Issue[] = [];
  if (req.offerings.providerRef !== undefined && req.offerings.providerRef !== req.name) {
    notes.push({
      severity: 'note',
      file: req.offeringsFile,
      path: 'spec.providerRef',
      message: `read as the offerings of ${req.name} (the file names providerRef ${req.offerings.providerRef})`,
    });
  }
  return { ok: true, value: { profile, instanceType }, notes };
}
