/**
 * `provider register` flags → the entries to register: reads every flag value, the offerings file of an on-prem
 * site, and builds the objects (one region, every region of a cloud, or a site). Every problem is collected as an
 * issue naming the flag; no entry is returned when any is found.
 */
import type { Issue } from '../../src/validate/issue.js';
import type { InMemoryCatalog } from '../catalog/in-memory-catalog.js';
import { isCloud, regionsOf, registerCloudRegion } from './cloud-region.js';
import { unknownNameMessage } from './closest-names.js';
import { CLOUDS, ONPREM_PLATFORMS } from './constants.js';
import { countFlag, degreesFlag, nameFlag, priceFlag, secretRefFlag, type FlagValue } from './flag-values.js';
import { readSiteOfferings } from './onprem-offerings.js';
import { registerOnpremSite } from './onprem-site.js';
import type { EntryResult, ProviderEntry } from './provider-entry.js';

/** The raw flag values of `provider register` (strings as typed). */
export interface RegisterFlags {
  readonly region?: string;
  readonly zones?: string;
  readonly name?: string;
  readonly spot?: boolean;
  readonly quotaVcpu?: string;
  readonly quotaGpu?: string;
  readonly clusterFee?: string;
  readonly allRegions?: boolean;
  readonly offerings?: string;
  readonly lat?: string;
  readonly lon?: string;
  readonly near?: string;
  readonly kubeconfigSecret?: string;
  readonly platform?: string;
  readonly zoneType?: string;
  readonly country?: string;
  readonly egress?: string;
  readonly namespace?: string;
}

/** Reads a file's text, or says why it cannot (the CLI passes fs; tests pass a map). */
export type ReadText = (path: string) => { ok: true; text: string } | { ok: false; message: string };

function take<T>(v: FlagValue<T> | undefined, issues: Issue[]): T | undefined {
  if (v === undefined) return undefined;
  if (v.ok) return v.value;
  issues.push(v.issue);
  return undefined;
}

/**
 * Builds the entries of `provider register PROVIDER ...`.
 * @param provider aws, gcp, azure or onprem
 */
export function buildRegistration(
  catalog: InMemoryCatalog,
  provider: string,
  flags: RegisterFlags,
  readText: ReadText,
): EntryResult<ProviderEntry[]> {
  const issues: Issue[] = [];
  const quotaVcpu = take(flags.quotaVcpu !== undefined ? countFlag('--quota-vcpu', flags.quotaVcpu) : undefined, issues);
  const quotaGpu = take(flags.quotaGpu !== undefined ? countFlag('--quota-gpu', flags.quotaGpu) : undefined, issues);
  const clusterFeeUsdHr = take(flags.clusterFee !== undefined ? priceFlag('--cluster-fee', flags.clusterFee) : undefined, issues);
  const name = take(flags.name !== undefined ? nameFlag('--name', flags.name) : undefined, issues);
  const common = {
    ...(quotaVcpu !== undefined ? { quotaVcpu } : {}),
    ...(quotaGpu !== undefined ? { quotaGpu } : {}),
    ...(clusterFeeUsdHr !== undefined ? { clusterFeeUsdHr } : {}),
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
  };
  if (provider === 'onprem') return buildOnprem(catalog, flags, readText, name, common, issues);
  if (!isCloud(provider))
    return { ok: false, issues: [{ severity: 'error', path: 'PROVIDER', message: unknownNameMessage('provider', provider, [...CLOUDS, 'onprem']) }] };
  for (const f of ['offerings', 'lat', 'lon', 'near', 'kubeconfigSecret', 'platform', 'zoneType', 'country', 'egress'] as const) {
    if (flags[f] !== undefined)
      issues.push({
        severity: 'error',
        path: `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        message: 'applies to provider register onprem only',
      });
  }
  if (flags.allRegions && (flags.region !== undefined || flags.zones !== undefined || flags.name !== undefined)) {
    issues.push({
      severity: 'error',
      path: '--all-regions',
      message: 'registers every region under its default name: leave out --region, --zones and --name',
    });
  }
  if (!flags.allRegions && flags.region === undefined)
    issues.push({
      severity: 'error',
      path: '--region',
      message: `give --region (or --all-regions); regions of ${provider}: ${regionsOf(catalog, provider).slice(0, 8).join(', ')}, ...`,
    });
  if (issues.length > 0) return { ok: false, issues };
  const regions = flags.allRegions ? regionsOf(catalog, provider) : [flags.region as string];
  const zones = flags.zones
    ?.split(',')
    .map((z) => z.trim())
    .filter((z) => z !== '');
  const entries: ProviderEntry[] = [];
  const notes: Issue[] = [];
  for (const region of regions) {
    const r = registerCloudRegion(catalog, {
      cloud: provider,
      region,
      ...(zones ? { zones } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(flags.spot ? { spot: true } : {}),
      ...common,
    });
    if (r.ok) {
      entries.push(r.value);
      notes.push(...r.notes);
    } else issues.push(...r.issues);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: entries, notes };
}

function buildOnprem(
  catalog: InMemoryCatalog,
  flags: RegisterFlags,
  readText: ReadText,
  name: string | undefined,
  common: { quotaVcpu?: number; quotaGpu?: number; clusterFeeUsdHr?: number; namespace?: string },
  issues: Issue[],
): EntryResult<ProviderEntry[]> {
  if (flags.name === undefined) issues.push({ severity: 'error', path: '--name', message: 'an on-prem site needs a --name' });
  if (flags.region === undefined)
    issues.push({ severity: 'error', path: '--region', message: 'an on-prem site needs a --region (its site name, e.g. toronto)' });
  if (flags.offerings === undefined)
    issues.push({ severity: 'error', path: '--offerings', message: 'an on-prem site needs --offerings FILE (YAML or CSV flavors with prices)' });
  if (flags.spot || flags.allRegions || flags.zones !== undefined) {
    issues.push({
      severity: 'error',
      path: flags.spot ? '--spot' : flags.allRegions ? '--all-regions' : '--zones',
      message: 'applies to cloud providers only (an on-prem site takes its zones from the offerings file)',
    });
  }
  const platform = flags.platform ?? 'baremetal';
  if (!(ONPREM_PLATFORMS as readonly string[]).includes(platform))
    issues.push({ severity: 'error', path: '--platform', message: unknownNameMessage('on-prem platform', platform, ONPREM_PLATFORMS) });
  const zoneType = flags.zoneType ?? 'edge';
  if (!['edge', 'nte'].includes(zoneType))
    issues.push({ severity: 'error', path: '--zone-type', message: unknownNameMessage('zone type', zoneType, ['edge', 'nte']) });
  const lat = take(flags.lat !== undefined ? degreesFlag('--lat', flags.lat, 90) : undefined, issues);
  const lon = take(flags.lon !== undefined ? degreesFlag('--lon', flags.lon, 180) : undefined, issues);
  const secret = take(flags.kubeconfigSecret !== undefined ? secretRefFlag('--kubeconfig-secret', flags.kubeconfigSecret) : undefined, issues);
  let egressUsdPerGB: number | undefined;
  if (flags.egress !== undefined && flags.egress !== 'estimate')
    egressUsdPerGB = flags.egress === 'free' ? 0 : take(priceFlag('--egress', flags.egress), issues);
  let offerings;
  if (flags.offerings !== undefined) {
    const read = readText(flags.offerings);
    if (!read.ok) issues.push({ severity: 'error', file: flags.offerings, path: '--offerings', message: read.message });
    else {
      const parsed = readSiteOfferings(read.text, flags.offerings);
      if (parsed.ok) offerings = parsed.value;
      else issues.push(...parsed.issues);
    }
  }
  if (issues.length > 0 || offerings === undefined || name === undefined || flags.region === undefined) return { ok: false, issues };
  const r = registerOnpremSite(catalog, {
    name,
    region: flags.region,
    platform,
    zoneType: zoneType as 'edge' | 'nte',
    offerings,
    offeringsFile: flags.offerings as string,
    ...(lat !== undefined ? { lat } : {}),
    ...(lon !== undefined ? { lon } : {}),
    ...(flags.near !== undefined ? { near: flags.near } : {}),
    ...(flags.country !== undefined ? { country: flags.country } : {}),
    ...(egressUsdPerGB !== undefined ? { egressUsdPerGB } : {}),
    ...(secret ? { kubeconfigSecret: secret } : {}),
    ...common,
  });
  return r.ok ? { ok: true, value: [r.value], notes: r.notes } : r;
}
