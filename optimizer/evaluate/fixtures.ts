/**
 * A tiny in-memory Catalog and builders of policies and placements, for tests of the evaluator (and for
 * cross-checks of the optimizer against it). Figures are invented and chosen so that costs are easy to
 * compute by hand.
 *
 * Sites: aws/us-east-1 (zones a, b; US; fee 0.10/h; quotas 16 vCPUs, 1 GPU), aws/eu-west-1 (zone a; IE;
 * fee 0.10/h), gcp/us-central1 (zones a, b edge; US; fee 0.05/h), baremetal/lab (zone lab-edge, edge; no
 * country or continent; no fee).
 *
 * Egress USD/GB: same zone 0; other zone of the site 0.01; same platform 0.02; other platform 0.09
 * (0.05 from 10,000 GB a month); from baremetal: 0.01 to gcp, to aws 0.08 (0.05 from 1,000 GB a month).
 * RTT ms: same site 1; aws/us-east-1–gcp 20; aws us-east-1–eu-west-1 70; gcp–aws/eu-west-1 100;
 * baremetal–aws/us-east-1 5 (estimated); baremetal to anything else unknown.
 */
import { placementId } from '../../src/util/names.js';
import type { DeploymentPolicy, DeploymentPolicyItem, DataDependency, DataflowPolicy } from '../../src/api/policy.js';
import type { Placement } from '../../src/api/plan.js';
import type { Catalog, EgressQuote, LatencyQuote, LocationRef, Offering, SiteInfo } from '../../src/catalog/types.js';

const zone = (name: string, type: 'cloud' | 'edge' = 'cloud', isDefault = false) => ({ name, type, isDefault });

const SITES: readonly SiteInfo[] = [
  {
    key: 'aws/eu-west-1',
    platform: 'aws',
    region: 'eu-west-1',
    regionAlias: 'eu-west',
    continent: 'europe',
    country: 'IE',
    kind: 'cloud',
    zones: [zone('eu-west-1a', 'cloud', true)],
    clusterFeeUsdHr: 0.1,
    source: 'fake',
  },
  {
    key: 'aws/us-east-1',
    platform: 'aws',
    region: 'us-east-1',
    regionAlias: 'us-east',
    continent: 'north-america',
    country: 'US',
    kind: 'cloud',
    zones: [zone('us-east-1a', 'cloud', true), zone('us-east-1b')],
    clusterFeeUsdHr: 0.1,
    quotas: { vcpus: 16, gpus: 1 },
    source: 'fake',
  },
  {
    key: 'baremetal/lab',
    platform: 'baremetal',
    region: 'lab',
    kind: 'onprem',
    zones: [zone('lab-edge', 'edge', true)],
    clusterFeeUsdHr: 0,
    source: 'fake',
  },
  {
    key: 'gcp/us-central1',
    platform: 'gcp',
    region: 'us-central1',
    regionAlias: 'us-central',
    continent: 'north-america',
    country: 'US',
    kind: 'cloud',
    zones: [zone('us-central1-a', 'cloud', true), zone('us-central1-b', 'edge')],
    clusterFeeUsdHr: 0.05,
    source: 'fake',
  },
];

const offering = (site: string, name: string, vcpus: number, ramGiB: number, priceUsdHr: number, extra: Partial<Offering> = {}): Offering => {
  const [platform = '', region = ''] = site.split('/');
  return { platform, region, name, nameLabel: `${vcpus}vCPU-${ramGiB}GB`, vcpus, ramGiB, gpuCount: 0, priceUsdHr, source: 'fake', ...extra };
};

const OFFERINGS: readonly Offering[] = [
  offering('aws/us-east-1', 'm5.large', 2, 8, 0.096, { spotPriceUsdHr: 0.03 }),
  offering('aws/us-east-1', 'm5.xlarge', 4, 16, 0.192),
  offering('aws/us-east-1', 'p3.2xlarge', 8, 61, 3.06, { gpuModel: 'V100', gpuCount: 1, zones: ['us-east-1a'] }),
  offering('aws/eu-west-1', 'm5.large', 2, 8, 0.107),
  offering('gcp/us-central1', 'n2-standard-2', 2, 8, 0.097),
  offering('gcp/us-central1', 'n2-standard-4', 4, 16, 0.194),
  offering('baremetal/lab', 'small', 2, 4, 0),
];

const RTT: Record<string, { rttMs: number; estimated: boolean }> = {
  'aws/us-east-1|gcp/us-central1': { rttMs: 20, estimated: false },
  'aws/eu-west-1|aws/us-east-1': { rttMs: 70, estimated: false },
  'aws/eu-west-1|gcp/us-central1': { rttMs: 100, estimated: false },
  'aws/us-east-1|baremetal/lab': { rttMs: 5, estimated: true },
};

function egressUsdPerGB(src: LocationRef, dst: LocationRef, monthlyGB: number): [number, string] {
  if (src.platform === 'baremetal') {
    if (dst.platform === 'gcp') return [0.01, 'onprem-tier'];
    return [monthlyGB >= 1000 ? 0.05 : 0.08, 'onprem-tier'];
  }
  if (src.platform === dst.platform && src.region === dst.region) return src.zone === dst.zone ? [0, 'same-zone'] : [0.01, 'inter-zone'];
  if (src.platform === dst.platform) return [0.02, 'cloud-inter-region'];
  return [monthlyGB >= 10_000 ? 0.05 : 0.09, 'internet-tier'];
}

/** The fake catalog described above. */
export const fakeCatalog: Catalog = {
  provenance: [{ id: 'fake', description: 'invented figures for tests', date: '2024-01-01' }],
  sites: () => SITES,
  site: (platform, region) => SITES.find((s) => s.platform === platform && s.region === region),
  offerings: (platform, region) => OFFERINGS.filter((o) => o.platform === platform && o.region === region),
  egress(src, dst, monthlyGB): EgressQuote {
    const [usdPerGB, rule] = egressUsdPerGB(src, dst, monthlyGB);
    return monthlyGB === 0 ? { costUsd: 0, usdPerGB: 0, rule, source: 'fake' } : { costUsd: usdPerGB * monthlyGB, usdPerGB, rule, source: 'fake' };
  },
  latency(sp, sr, dp, dr): LatencyQuote | undefined {
    const a = `${sp}/${sr}`;
    const b = `${dp}/${dr}`;
    if (!SITES.some((s) => s.key === a) || !SITES.some((s) => s.key === b)) return undefined;
    if (a === b) return { rttMs: 1, estimated: false, source: 'fake' };
    const q = RTT[[a, b].sort().join('|')];
    return q === undefined ? undefined : { ...q, source: 'fake' };
  },
};

/** A DeploymentPolicy item for component `name` with the given rules. */
export const item = (name: string, rules: Omit<DeploymentPolicyItem, 'componentRef'> = {}): DeploymentPolicyItem => ({
  componentRef: { name },
  ...rules,
});

/** A DeploymentPolicy of the items. */
export const deploymentPolicy = (items: DeploymentPolicyItem[], spec: { budget?: string | number } = {}): DeploymentPolicy => ({
  apiVersion: 'policy.skycluster.io/v1alpha1',
  kind: 'DeploymentPolicy',
  metadata: { name: 'test' },
  spec: { deploymentPolicies: items, ...spec },
});

/** A DataflowPolicy of the edges, given as [from, to, rest]. */
export const dataflowPolicy = (edges: [string, string, Omit<DataDependency, 'from' | 'to'>?][]): DataflowPolicy => ({
  apiVersion: 'policy.skycluster.io/v1alpha1',
  kind: 'DataflowPolicy',
  metadata: { name: 'test' },
  spec: { dataDependencies: edges.map(([from, to, rest]) => ({ from: { name: from }, to: { name: to }, ...(rest ?? {}) })) },
});

/**
 * A placement of `component` in `platform/region/zone` on `flavor`, with the catalog's shape and price
 * (spot price when spot) filled in; `over` overrides any field.
 */
export function place(component: string, where: string, flavor: string, nodes = 1, over: Partial<Placement> = {}): Placement {
  const [platform = '', region = '', zoneName = ''] = where.split('/');
  const o = fakeCatalog.offerings(platform, region).find((x) => x.name === flavor);
  const spot = over.spot ?? false;
  return {
    id: placementId(component, platform, region, zoneName),
    component,
    platform,
    region,
    zone: zoneName,
    siteKind: platform === 'baremetal' ? 'onprem' : 'cloud',
    flavor,
    nameLabel: o?.nameLabel ?? '?',
    nodes,
    spot,
    vcpusPerNode: o?.vcpus ?? 0,
    ramGiBPerNode: o?.ramGiB ?? 0,
    gpusPerNode: o?.gpuCount ?? 0,
    priceUsdHr: (spot ? o?.spotPriceUsdHr : o?.priceUsdHr) ?? 0,
    requiredGroups: [],
    computeUsd: 0,
    clusterFeeShareUsd: 0,
    ...(o?.gpuModel !== undefined ? { gpuModel: o.gpuModel } : {}),
    ...over,
  };
}
