/**
 * Seeded random applications that are often infeasible, for the property test of the conflict search: every
 * policy feature that can remove a location or a flavor appears (permitted with zones and zone types,
 * residency, compute profiles, GPU models, required groups, maxLocations, spread, latency, quotas, budget).
 *
 * {@link relaxInPolicy} undoes one named constraint by editing the policy objects (or the catalog, for a
 * quota), not through the optimizer's relaxation code, so the test checks the search's answer independently:
 * the edited inputs go through the schema types, the application, the candidates and the model again.
 */
import type { DataflowPolicy, DeploymentPolicy, LocationSelector } from '../../src/api/policy.js';
import type { Offering, SiteInfo } from '../../src/catalog/types.js';
import { mulberry32 } from '../../src/util/prng.js';
import { FakeCatalog, type FakeCatalogSpec } from './fake-catalog.js';

/** One random application with its catalog. */
export interface InfeasibleCandidate {
  readonly seed: number;
  readonly catalogSpec: FakeCatalogSpec;
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy: DataflowPolicy;
}

type Item = DeploymentPolicy['spec']['deploymentPolicies'][number];

const COUNTRIES = [
  { country: 'US', continent: 'north-america' },
  { country: 'CA', continent: 'north-america' },
  { country: 'DE', continent: 'europe' },
] as const;

/** Builds one application from a seed: 4 sites, 2–3 components, up to 3 flows. */
export function randomInfeasibleCandidate(seed: number): InfeasibleCandidate {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const chance = (p: number) => rnd() < p;
  const sites: SiteInfo[] = [];
  const offerings: Offering[] = [];
  for (let s = 0; s < 4; s += 1) {
    const platform = pick(['aws', 'gcp', 'edge']);
    const region = `r${s}`;
    const where = pick(COUNTRIES);
    const zones = Array.from({ length: chance(0.4) ? 2 : 1 }, (_, z) => ({
      name: `${region}-${String.fromCharCode(97 + z)}`,
      type: platform === 'edge' || z === 1 ? ('edge' as const) : ('cloud' as const),
      isDefault: z === 0,
    }));
    const quotas = chance(0.3) ? { vcpus: pick([2, 4, 8]), ...(chance(0.5) ? { gpus: 1 } : {}) } : undefined;
    sites.push({
      key: `${platform}/${region}`,
      platform,
      region,
      kind: platform === 'edge' ? 'onprem' : 'cloud',
      country: where.country,
      continent: where.continent,
      zones,
      clusterFeeUsdHr: pick([0, 0.1]),
      ...(quotas ? { quotas } : {}),
      source: 'test',
    });
    for (const vcpus of [2, 8]) {
      offerings.push({
        platform,
        region,
        name: `f${vcpus}`,
        nameLabel: `${vcpus}vCPU-${vcpus * 4}GB`,
        vcpus,
        ramGiB: vcpus * 4,
        gpuCount: 0,
        priceUsdHr: Math.round(vcpus * (0.02 + rnd() * 0.03) * 1e4) / 1e4,
        ...(zones.length === 2 && chance(0.3) ? { zones: [zones[1]?.name as string] } : {}),
        source: 'test',
      });
    }
    if (chance(0.5)) {
      offerings.push({
        platform,
        region,
        name: 'g4',
        nameLabel: '4vCPU-16GB',
        vcpus: 4,
        ramGiB: 16,
        gpuModel: pick(['T4', 'A10']),
        gpuCount: 1,
        priceUsdHr: 0.6,
        source: 'test',
      });
    }
  }
  const egressUsdPerGB = new Map<string, number>();
  const rttMs = new Map<string, number>();
  for (const a of sites) {
    for (const b of sites) {
      if (a === b) continue;
      egressUsdPerGB.set(`${a.key}|${b.key}`, a.platform === b.platform ? 0.02 : 0.09);
      if (!rttMs.has(`${b.key}|${a.key}`)) rttMs.set(`${a.key}|${b.key}`, pick([10, 40, 90, 150]));
    }
  }

  const names = Array.from({ length: chance(0.5) ? 3 : 2 }, (_, i) => `c${i}`);
  const selector = (): LocationSelector => {
    const s = pick(sites);
    const r = rnd();
    if (r < 0.4) return { platform: s.platform };
    if (r < 0.8) return { region: s.region };
    return chance(0.5) ? { region: s.region, type: pick(['cloud', 'edge'] as const) } : { zone: pick(s.zones).name };
  };
  const items = names.map((name): Item => {
    const item: Item = { componentRef: { name }, resources: { cpu: pick(['1', '2']), memory: '2Gi' }, replicas: pick([1, 2]) };
    if (chance(0.4)) item.locationConstraint = { permitted: [selector(), ...(chance(0.3) ? [selector()] : [])] };
    if (chance(0.4))
      item.locationConstraint = {
        ...item.locationConstraint,
        required: [{ anyOf: [selector()] }, ...(chance(0.3) ? [{ anyOf: [selector()] }] : [])],
      };
    if (chance(0.3)) item.residency = chance(0.6) ? { countries: [pick(COUNTRIES).country] } : { continents: [pick(COUNTRIES).continent] };
    if (chance(0.25)) item.virtualServiceConstraint = [{ anyOf: [{ name: pick(['8vCPU-32GB', '2vCPU-8GB', '4vCPU-16GB']) }] }];
    if (chance(0.2)) item.resources = { cpu: '1', memory: '2Gi', gpu: { count: 1, ...(chance(0.7) ? { model: pick(['T4', 'A10']) } : {}) } };
    if (chance(0.4)) item.maxLocations = 1;
    if (chance(0.15)) item.spread = chance(0.5) ? { minRegions: 2 } : { minProviders: 2 };
    return item;
  });
  const dataDependencies: DataflowPolicy['spec']['dataDependencies'] = [];
  for (let e = 0; e < 3; e += 1) {
    if (!chance(0.6)) continue;
    const from = pick(names);
    const to = names[(names.indexOf(from) + 1 + Math.floor(rnd() * (names.length - 1))) % names.length] as string;
    dataDependencies.push({
      from: { name: from },
      to: { name: to },
      totalDataTransfer: '100GB',
      ...(chance(0.5) ? { latency: `${pick([20, 50, 100])}ms` } : {}),
    });
  }
  const metadata = { name: `inf-${seed}`, namespace: 'test' };
  return {
    seed,
    catalogSpec: { sites, offerings, egressUsdPerGB, rttMs },
    deploymentPolicy: {
      apiVersion: 'policy.skycluster.io/v1alpha1',
      kind: 'DeploymentPolicy',
      metadata,
      spec: { deploymentPolicies: items, ...(chance(0.15) ? { budget: pick([20, 60]) } : {}) },
    },
    dataflowPolicy: { apiVersion: 'policy.skycluster.io/v1alpha1', kind: 'DataflowPolicy', metadata, spec: { dataDependencies } },
  };
}

/** The catalog of a candidate (a fresh object each time). */
export function catalogOf(spec: FakeCatalogSpec): FakeCatalog {
  return new FakeCatalog(spec);
}

/**
 * The inputs with the named constraints undone, by editing the policies (or the catalog's quotas): a required
 * group becomes `anyOf: [{}]` (matches every location), a compute-profile group a service name (constrains no
 * flavor), everything else is deleted. Throws on an id it does not know, so that a new kind of constraint
 * cannot pass the test unchecked.
 */
export function relaxInPolicy(c: InfeasibleCandidate, ids: readonly string[]): InfeasibleCandidate {
  const dp = structuredClone(c.deploymentPolicy);
  const df = structuredClone(c.dataflowPolicy);
  let sites = c.catalogSpec.sites;
  for (const id of ids) {
    const [kind, a, b] = id.split(':');
    const item = dp.spec.deploymentPolicies[Number(a)];
    switch (kind) {
      case 'maxLocations':
        delete item?.maxLocations;
        break;
      case 'required': {
        const group = item?.locationConstraint?.required?.[Number(b)];
        if (group) group.anyOf = [{}];
        break;
      }
      case 'spread':
        if (item?.spread) delete item.spread[b === 'regions' ? 'minRegions' : 'minProviders'];
        break;
      case 'latency':
        delete df.spec.dataDependencies[Number(a)]?.latency;
        break;
      case 'budget':
        delete dp.spec.budget;
        break;
      case 'quota': {
        // quota:<platform>/<region>:<vcpus|gpus>; the site key itself contains no colon.
        const resource = b as 'vcpus' | 'gpus';
        sites = sites.map((s) => {
          if (s.key !== a || !s.quotas) return s;
          const { [resource]: _dropped, ...rest } = s.quotas;
          return { ...s, quotas: rest };
        });
        break;
      }
      case 'permitted':
        if (item?.locationConstraint) delete item.locationConstraint.permitted;
        break;
      case 'permittedZones':
        if (item?.locationConstraint?.permitted)
          item.locationConstraint.permitted = item.locationConstraint.permitted.map(({ zone: _z, type: _t, ...rest }) => rest);
        break;
      case 'countries':
        if (item?.residency) delete item.residency.countries;
        break;
      case 'continents':
        if (item?.residency) delete item.residency.continents;
        break;
      case 'profile': {
        const group = item?.virtualServiceConstraint?.[Number(b)];
        if (group) group.anyOf = [{ name: 'ManagedKubernetes' }];
        break;
      }
      case 'gpuModel':
        if (item?.resources?.gpu) delete item.resources.gpu.model;
        break;
      default:
        throw new Error(`relaxInPolicy: unknown constraint id ${id}`);
    }
  }
  return { ...c, deploymentPolicy: dp, dataflowPolicy: df, catalogSpec: { ...c.catalogSpec, sites } };
}
