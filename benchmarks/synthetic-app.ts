/**
 * Seeded synthetic applications on the bundled catalog for the scaling benchmarks: n components (microservices
 * with per-replica requests, a home continent each, some pinned to one provider, some allowed on spot) and m
 * edges (chatty service-to-service flows, a third of them with a latency bound).
 */
import type { DataflowPolicy, DeploymentPolicy } from '../src/api/policy.js';
import { mulberry32 } from '../src/util/prng.js';

export interface SyntheticSize {
  readonly components: number;
  readonly edges: number;
}

/** Builds the policies of one synthetic application. */
export function syntheticApp(size: SyntheticSize, seed = 1): { deploymentPolicy: DeploymentPolicy; dataflowPolicy: DataflowPolicy } {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const names = Array.from({ length: size.components }, (_, i) => `svc-${String(i).padStart(4, '0')}`);
  // Services come in teams of ten that share a home continent (70 % North America, 30 % Europe).
  const teamContinent = Array.from({ length: Math.ceil(size.components / 10) }, () => (rnd() < 0.7 ? 'north-america' : 'europe'));
  const continentOf = (i: number): string => teamContinent[Math.floor(i / 10)] as string;
  const items: DeploymentPolicy['spec']['deploymentPolicies'] = names.map((name, i) => {
    const continent = continentOf(i) as 'north-america' | 'europe';
    const r = rnd();
    return {
      componentRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      replicas: 1 + Math.floor(rnd() * 4),
      resources: { cpu: pick(['250m', '500m', '1', '2', '4']), memory: pick(['512Mi', '1Gi', '2Gi', '4Gi', '8Gi']) },
      spot: rnd() < 0.3,
      maxLocations: 1,
      residency: { continents: [continent] },
      ...(r < 0.3 ? { locationConstraint: { permitted: [{ platform: pick(['aws', 'gcp', 'azure']) }] } } : {}),
    };
  });
  const deps: DataflowPolicy['spec']['dataDependencies'] = [];
  const seen = new Set<string>();
  while (deps.length < size.edges && size.components > 1) {
    // Mostly local structure: services talk to neighbours in the list, as in layered architectures.
    const i = Math.floor(rnd() * size.components);
    const j = rnd() < 0.8 ? Math.min(size.components - 1, Math.max(0, i + 1 + Math.floor(rnd() * 5) - 2)) : Math.floor(rnd() * size.components);
    if (i === j || seen.has(`${i}>${j}`)) continue;
    seen.add(`${i}>${j}`);
    deps.push({
      from: { name: names[i] as string },
      to: { name: names[j] as string },
      // Heavy-tailed service-to-service rates: most RPC flows carry tens to hundreds of KB/s, a few are bulk.
      averageDataRate: rnd() < 0.9 ? `${pick([20, 50, 100, 200, 500])}KB/s` : `${pick([2, 5, 10])}MB/s`,
      // A latency bound only between services on the same continent; across an ocean it could not hold.
      ...(rnd() < 0.33 && continentOf(i) === continentOf(j) ? { latency: `${pick([20, 40, 80])}ms` } : {}),
    });
  }
  const metadata = { name: `synthetic-${size.components}`, namespace: 'bench', labels: { 'skycluster.io/app-id': `synthetic-${size.components}` } };
  return {
    deploymentPolicy: { apiVersion: 'policy.skycluster.io/v1alpha1', kind: 'DeploymentPolicy', metadata, spec: { deploymentPolicies: items } },
    dataflowPolicy: { apiVersion: 'policy.skycluster.io/v1alpha1', kind: 'DataflowPolicy', metadata, spec: { dataDependencies: deps } },
  };
}
