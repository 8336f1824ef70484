/**
 * Seeded random placement instances (a small catalog plus DeploymentPolicy/DataflowPolicy objects) for the
 * optimizer's differential tests: exhaustive enumeration, solver agreement, pruning.
 */
import type { Plan } from '../../src/api/plan.js';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import { gatewayFlavor } from '../../src/catalog/gateway.js';
import type { Offering, SiteInfo } from '../../src/catalog/types.js';
import { FakeCatalog } from './fake-catalog.js';
import { randomRichInstance } from './random-rich-instance.js';
import { mulberry32 } from '../../src/util/prng.js';

export { mulberry32 } from '../../src/util/prng.js';

export interface RandomInstance {
  readonly seed: number;
  readonly catalog: FakeCatalog;
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy: DataflowPolicy;
  /** A previous plan and the price of a move (the churn term), drawn by withRandomMigration. */
  readonly migration?: { readonly previous: Plan; readonly costPerMoveUsd: number };
}

export interface RandomInstanceSize {
  readonly components: number;
  readonly sites: number;
  readonly offeringsPerSite: number;
  /** Chance that a component may take two placements. */
  readonly multiPlacementChance: number;
  /**
   * `basic`: the original mix (region and platform selectors, resources, spot, quotas, spread, latency);
   * `all`: every policy feature (random-rich-instance.ts). @default 'basic'
   */
  readonly features?: 'basic' | 'all';
}

const PLATFORMS = ['aws', 'gcp', 'edge'];

/**
 * The WireGuard gateway offering of every cloud site (src/catalog/gateway.ts), so that random plans which link
 * clouds, or a cloud and an on-prem site, pay gateways. Its price follows the site index, drawing nothing, so
 * the seeded draws stay as they were; it is an ordinary offering too (2 vCPU, 2 GiB), as in the real catalog.
 */
export function gatewayOfferings(sites: readonly SiteInfo[]): Offering[] {
  return sites.flatMap((site, s) => {
    const name = gatewayFlavor(site);
    if (name === undefined) return [];
    const priceUsdHr = 0.04 + 0.02 * (s % 3);
    return [
      { platform: site.platform, region: site.region, name, nameLabel: '2vCPU-2GB', vcpus: 2, ramGiB: 2, gpuCount: 0, priceUsdHr, source: 'test' },
    ];
  });
}

/**
 * Egress prices (cheaper inside a cloud) and one round-trip time per unordered pair of sites, drawn from `rnd` in
 * a fixed order, so a seed gives the same catalog wherever it is used. About one pair in three has a slower figure back
 * (derived, not drawn: the draws stay as they were), since measured RTTs are per direction (cloudping's matrix is
 * not symmetric), and a transfer must be checked against the RTT from its source to its destination.
 */
export function randomSiteLinks(
  sites: readonly { readonly key: string; readonly platform: string }[],
  rnd: () => number,
): { egress: Map<string, number>; rtt: Map<string, number> } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const egress = new Map<string, number>();
  const rtt = new Map<string, number>();
  for (const a of sites) {
    for (const b of sites) {
      if (a === b) continue;
      egress.set(`${a.key}|${b.key}`, a.platform === b.platform ? pick([0.01, 0.02]) : pick([0.05, 0.09, 0.12]));
      if (rtt.has(`${b.key}|${a.key}`)) continue;
      const there = Math.round((2 + rnd() * 80) * 10) / 10;
      rtt.set(`${a.key}|${b.key}`, there);
      if (rtt.size % 4 === 1) rtt.set(`${b.key}|${a.key}`, Math.round(there * 13) / 10);
    }
  }
  return { egress, rtt };
}

/** Builds one instance from a seed. */
export function randomInstance(seed: number, size: RandomInstanceSize): RandomInstance {
  if (size.features === 'all') return randomRichInstance(seed, size);
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
  const sites: SiteInfo[] = [];
  const offerings: Offering[] = [];
  for (let s = 0; s < size.sites; s += 1) {
    const platform = pick(PLATFORMS);
    const region = `r${s}`;
    const zoneCount = rnd() < 0.3 ? 2 : 1;
    const quota = rnd() < 0.2 ? { vcpus: 2 + Math.floor(rnd() * 8) } : undefined;
    sites.push({
      key: `${platform}/${region}`,
      platform,
      region,
      kind: platform === 'edge' ? 'onprem' : 'cloud',
      continent: pick(['north-america', 'europe']),
      country: pick(['CA', 'US', 'DE']),
      zones: Array.from({ length: zoneCount }, (_, z) => ({
        name: `${region}-${String.fromCharCode(97 + z)}`,
        type: platform === 'edge' ? ('edge' as const) : ('cloud' as const),
        isDefault: z === 0,
      })),
      clusterFeeUsdHr: rnd() < 0.5 ? 0 : pick([0.05, 0.1]),
      ...(quota ? { quotas: quota } : {}),
      source: 'test',
    });
    for (let o = 0; o < size.offeringsPerSite; o += 1) {
      const vcpus = pick([1, 2, 4, 8]);
      const ramGiB = vcpus * pick([2, 4, 8]);
      const price = round(vcpus * (0.02 + rnd() * 0.04) + ramGiB * 0.003);
      const zones = zoneCount === 2 && rnd() < 0.3 ? [`${region}-b`] : undefined;
      offerings.push({
        platform,
        region,
        name: `f${o}.${vcpus}x${ramGiB}`,
        nameLabel: `${vcpus}vCPU-${ramGiB}GB`,
        vcpus,
        ramGiB,
        gpuCount: 0,
        priceUsdHr: price,
        ...(rnd() < 0.5 ? { spotPriceUsdHr: round(price * (0.3 + rnd() * 0.4)) } : {}),
        ...(zones ? { zones } : {}),
        source: 'test',
      });
    }
  }
  const { egress, rtt } = randomSiteLinks(sites, rnd);
  offerings.push(...gatewayOfferings(sites));
  const catalog = new FakeCatalog({ sites, offerings, egressUsdPerGB: egress, rttMs: rtt, interZoneUsdPerGB: 0.01 });

  const names = Array.from({ length: size.components }, (_, i) => `c${i}`);
  const deploymentPolicies = names.map((name) => {
    const r = rnd();
    const item: DeploymentPolicy['spec']['deploymentPolicies'][number] = {
      componentRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      replicas: 1 + Math.floor(rnd() * 3),
      resources: { cpu: pick(['250m', '500m', '1']), memory: pick(['512Mi', '1Gi', '2Gi']) },
      spot: rnd() < 0.4,
      maxLocations: rnd() < size.multiPlacementChance ? 2 : 1,
    };
    if (r < 0.25) {
      const s = pick(sites);
      item.locationConstraint = { required: [{ anyOf: [{ region: s.region }] }] };
    } else if (r < 0.45) {
      item.locationConstraint = { permitted: [{ platform: pick(PLATFORMS) }, { platform: pick(PLATFORMS) }] };
    }
    if (item.maxLocations === 2 && rnd() < 0.3) item.spread = { minRegions: 2 };
    return item;
  });
  const edgeCount = Math.floor(rnd() * (size.components + 1));
  const dataDependencies: DataflowPolicy['spec']['dataDependencies'] = [];
  for (let e = 0; e < edgeCount; e += 1) {
    const from = pick(names);
    let to = pick(names);
    if (to === from) to = names[(names.indexOf(from) + 1) % names.length] as string;
    if (to === from) continue;
    dataDependencies.push({
      from: { name: from },
      to: { name: to },
      totalDataTransfer: `${pick([10, 100, 1000, 5000])}GB`,
      ...(rnd() < 0.4 ? { latency: `${pick([10, 30, 60])}ms` } : {}),
    });
  }
  const meta = { name: `rand-${seed}`, namespace: 'test', labels: { 'skycluster.io/app-id': `rand-${seed}` } };
  return {
    seed,
    catalog,
    deploymentPolicy: {
      apiVersion: 'policy.skycluster.io/v1alpha1',
      kind: 'DeploymentPolicy',
      metadata: meta,
      spec: { deploymentPolicies, ...(rnd() < 0.1 ? { budget: 200 } : {}) },
    },
    dataflowPolicy: { apiVersion: 'policy.skycluster.io/v1alpha1', kind: 'DataflowPolicy', metadata: meta, spec: { dataDependencies } },
  };
}
