/**
 * Seeded random instances that use every policy feature the optimizer reads, for the enumeration and
 * differential tests: sites with several zones of differing offerings and types (cloud, edge, nte), region
 * aliases, quotas, cluster fees and spot prices, GPU flavors (fractional GPUs too); components with
 * resources (GPU models as globs), virtualServiceConstraint groups (profile labels with wildcards,
 * nameless and named ComputeProfile specs, YAML-string specs, service names, node counts), permitted and
 * required selectors on every field (zone and zone type among them), residency, spot, spread and
 * maxLocations; edges by total volume or rate, with latency bounds; a budget; the VirtualMachine
 * execution environment. Every choice is drawn from the seed, so a failing seed can be replayed.
 */
import type { DataflowPolicy, DeploymentPolicy, LocationSelector, VirtualService } from '../../src/api/policy.js';
import type { Offering, SiteInfo, ZoneInfo, ZoneType } from '../../src/catalog/types.js';
import { mulberry32 } from '../../src/util/prng.js';
import { FakeCatalog } from './fake-catalog.js';
import { gatewayOfferings, randomSiteLinks, type RandomInstance, type RandomInstanceSize } from './random-instances.js';

type Item = DeploymentPolicy['spec']['deploymentPolicies'][number];

const CLOUDS = ['aws', 'gcp', 'azure'];
const GPU_MODELS = ['T4', 'A100'];

/** Builds one instance with every feature from a seed. */
export function randomRichInstance(seed: number, size: RandomInstanceSize): RandomInstance {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const chance = (p: number): boolean => rnd() < p;
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

  const sites: SiteInfo[] = [];
  const offerings: Offering[] = [];
  for (let s = 0; s < size.sites; s += 1) {
    const onprem = chance(0.25);
    const platform = onprem ? 'edge' : pick(CLOUDS);
    const region = `r${s}`;
    const zoneCount = 1 + Math.floor(rnd() * 3);
    const zones: ZoneInfo[] = Array.from({ length: zoneCount }, (_, z) => {
      const type: ZoneType = onprem ? pick(['edge', 'nte'] as const) : z > 0 && chance(0.25) ? pick(['edge', 'nte'] as const) : 'cloud';
      return { name: `${region}-${String.fromCharCode(97 + z)}`, type, isDefault: z === 0 };
    });
    const quotas = chance(0.2) ? { vcpus: 4 + Math.floor(rnd() * 12), ...(chance(0.3) ? { gpus: 1 + Math.floor(rnd() * 2) } : {}) } : undefined;
    sites.push({
      key: `${platform}/${region}`,
      platform,
      region,
      ...(chance(0.3) ? { regionAlias: pick(['east', 'west']) } : {}),
      kind: onprem ? 'onprem' : 'cloud',
      continent: pick(['north-america', 'europe']),
      country: pick(['CA', 'US', 'DE']),
      zones,
      clusterFeeUsdHr: onprem || chance(0.5) ? 0 : pick([0.05, 0.1]),
      ...(quotas ? { quotas } : {}),
      source: 'test',
    });
    for (let o = 0; o < size.offeringsPerSite; o += 1) {
      const gpu = chance(0.3);
      const vcpus = pick([1, 2, 4, 8]);
      const ramGiB = vcpus * pick([2, 4, 8]);
      const gpuCount = gpu ? pick([0.25, 1, 2]) : 0;
      const price = round(vcpus * (0.02 + rnd() * 0.04) + ramGiB * 0.003 + gpuCount * 0.4);
      // Zones that offer it: all, or a random non-empty subset (so zones of one region differ).
      const subset = zones.filter(() => chance(0.6)).map((z) => z.name);
      const limited = zoneCount > 1 && chance(0.35) && subset.length > 0 && subset.length < zoneCount;
      offerings.push({
        platform,
        region,
        name: `f${o}.${vcpus}x${ramGiB}${gpu ? 'g' : ''}`,
        nameLabel: `${vcpus}vCPU-${ramGiB}GB`,
        vcpus,
        ramGiB,
        ...(gpu ? { gpuModel: pick(GPU_MODELS) } : {}),
        gpuCount,
        priceUsdHr: price,
        ...(chance(0.5) ? { spotPriceUsdHr: round(price * (0.3 + rnd() * 0.4)) } : {}),
        ...(limited ? { zones: subset } : {}),
        source: 'test',
      });
    }
  }
  const { egress, rtt } = randomSiteLinks(sites, rnd);
  offerings.push(...gatewayOfferings(sites));
  const catalog = new FakeCatalog({ sites, offerings, egressUsdPerGB: egress, rttMs: rtt, interZoneUsdPerGB: pick([0.01, 0.02]) });

  const virtualMachine = chance(0.15);
  const selector = (): LocationSelector => {
    const s = pick(sites);
    const z = pick(s.zones);
    const r = rnd();
    if (r < 0.22) return { zone: z.name };
    if (r < 0.36) return { type: z.type };
    if (r < 0.5) return { region: s.region };
    if (r < 0.62) return { platform: s.platform };
    if (r < 0.72) return { platform: s.platform, type: z.type };
    if (r < 0.82) return { name: s.key };
    if (r < 0.9) return { regionAlias: s.regionAlias ?? 'east' };
    return { region: s.region, zone: z.name };
  };
  const alternative = (): VirtualService => {
    const r = rnd();
    const count = chance(0.2) ? { count: 2 } : {};
    // Labels and sizes drawn from the catalog's own flavors, so that most groups can be met somewhere.
    const shape = pick(offerings);
    if (r < 0.2) return { name: `${shape.vcpus}vCPU-*GB`, ...count };
    if (r < 0.3) return { name: `*vCPU-${shape.ramGiB}GB`, ...count };
    if (r < 0.5) return { kind: 'ComputeProfile', spec: { cpu: pick([1, 2, 4]) }, ...count };
    if (r < 0.62) return { kind: 'ComputeProfile', spec: { cpu: pick([1, 2]), ram: `${pick([4, 8, 16])}Gi` }, ...count };
    if (r < 0.66) return { kind: 'ComputeProfile', spec: { gpu: { model: pick(['T4', 'A*']), count: 1 } } };
    if (r < 0.8) return { kind: 'ComputeProfile', spec: `cpu: ${pick([2, 4])}` };
    if (r < 0.9) return { name: `p${Math.floor(rnd() * 3)}`, kind: 'ComputeProfile', spec: { cpu: pick([2, 4]) } };
    return { name: 'ManagedKubernetes' };
  };

  const names = Array.from({ length: size.components }, (_, i) => `c${i}`);
  const deploymentPolicies = names.map((name): Item => {
    const item: Item = {
      componentRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      spot: chance(0.4),
      maxLocations: chance(size.multiPlacementChance) ? 2 : 1,
    };
    if (chance(0.7)) {
      const gpu = chance(0.03) ? { gpu: { count: 1, ...(chance(0.5) ? { model: pick(['T4', 'a*', 'A100']) } : {}) } } : {};
      item.resources = { cpu: pick(['250m', '500m', '1', '1500m']), memory: pick(['512Mi', '1Gi', '2Gi', '4Gi']), ...gpu };
      item.replicas = 1 + Math.floor(rnd() * 3);
    }
    if (chance(0.45)) {
      // VirtualMachine: at most one flavor-selecting alternative per component (SkyCluster's rule).
      const groups = virtualMachine ? 1 : chance(0.15) ? 2 : 1;
      item.virtualServiceConstraint = Array.from({ length: groups }, () => ({
        anyOf: Array.from({ length: virtualMachine ? 1 : 1 + Math.floor(rnd() * 3) }, alternative),
      }));
    }
    const locationConstraint: NonNullable<Item['locationConstraint']> = {};
    if (chance(0.3)) locationConstraint.permitted = Array.from({ length: 1 + Math.floor(rnd() * 2) }, selector);
    if (chance(0.25)) {
      const groups = item.maxLocations === 2 && chance(0.4) ? 2 : 1;
      locationConstraint.required = Array.from({ length: groups }, () => ({ anyOf: Array.from({ length: 1 + Math.floor(rnd() * 2) }, selector) }));
    }
    if (locationConstraint.permitted || locationConstraint.required) item.locationConstraint = locationConstraint;
    if (chance(0.12)) {
      const home = pick(sites);
      item.residency = chance(0.5)
        ? { countries: [home.country ?? 'US'] }
        : { continents: [home.continent === 'europe' ? 'europe' : 'north-america'] };
    }
    if (item.maxLocations === 2 && chance(0.3)) item.spread = chance(0.6) ? { minRegions: 2 } : { minProviders: 2 };
    return item;
  });
  const edgeCount = Math.floor(rnd() * (size.components + 1));
  const dataDependencies: DataflowPolicy['spec']['dataDependencies'] = [];
  for (let e = 0; e < edgeCount; e += 1) {
    const from = pick(names);
    let to = pick(names);
    if (to === from) to = names[(names.indexOf(from) + 1) % names.length] as string;
    if (to === from) continue;
    const volume = chance(0.2) ? { averageDataRate: `${pick([1, 5])}Mbps` } : { totalDataTransfer: `${pick([10, 100, 1000, 5000, 100000])}GB` };
    dataDependencies.push({ from: { name: from }, to: { name: to }, ...volume, ...(chance(0.35) ? { latency: `${pick([10, 30, 60])}ms` } : {}) });
  }
  const meta = { name: `rich-${seed}`, namespace: 'test', labels: { 'skycluster.io/app-id': `rich-${seed}` } };
  return {
    seed,
    catalog,
    deploymentPolicy: {
      apiVersion: 'policy.skycluster.io/v1alpha1',
      kind: 'DeploymentPolicy',
      metadata: meta,
      spec: {
        deploymentPolicies,
        ...(virtualMachine ? { executionEnvironment: 'VirtualMachine' as const } : {}),
        ...(chance(0.1) ? { budget: pick([150, 400, 1500]) } : {}),
      },
    },
    dataflowPolicy: { apiVersion: 'policy.skycluster.io/v1alpha1', kind: 'DataflowPolicy', metadata: meta, spec: { dataDependencies } },
  };
}
