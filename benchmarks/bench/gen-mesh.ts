/**
 * Generates benchmarks/suites/microservice-mesh.yaml once (the YAML is committed; rerun only to change it):
 * `node dist/benchmarks/bench/gen-mesh.js [seed] > benchmarks/suites/microservice-mesh.yaml`.
 * 36 services in four layers (edge, business, data, platform) with chatty edges mostly between adjacent
 * layers. Seeded (mulberry32): the same seed gives the same file.
 */
import { mulberry32 } from '../../optimizer/testing/random-instances.js';

const seed = Number(process.argv[2] ?? '42');
const rnd = mulberry32(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const LAYERS = [
  { name: 'edge', n: 4, cpu: ['500m', '1'], mem: ['512Mi', '1Gi'], replicas: [3, 4], spot: true },
  { name: 'svc', n: 18, cpu: ['250m', '500m', '1'], mem: ['512Mi', '1Gi', '2Gi'], replicas: [2, 3], spot: false },
  { name: 'data', n: 8, cpu: ['1', '2'], mem: ['4Gi', '8Gi'], replicas: [1, 2], spot: false },
  { name: 'platform', n: 6, cpu: ['250m', '500m'], mem: ['512Mi', '1Gi'], replicas: [1, 2], spot: true },
] as const;
const services: { name: string; layer: number }[] = [];
LAYERS.forEach((l, li) => {
  for (let i = 0; i < l.n; i += 1) services.push({ name: `${l.name}-${String(i + 1).padStart(2, '0')}`, layer: li });
});

const lines: string[] = [];
lines.push(
  `# Suite microservice-mesh: ${services.length} services in four layers (edge gateways, business services, data`,
  '# services, platform services such as auth/metrics) with chatty service-to-service edges. Generated once by',
  `# benchmarks/bench/gen-mesh.ts with seed ${seed} (node dist/benchmarks/bench/gen-mesh.js ${seed}); the YAML is committed.`,
  '# Assumptions:',
  '# - Users and data in North America (residency north-america for every service); any of the three clouds.',
  '# - Requests per replica from 250m CPU / 512Mi (business services) to 2 CPU / 8Gi (data services); edge and',
  '#   platform services are stateless and may use spot capacity.',
  '# - Edges: every edge gateway calls 3 business services, business services call 1-2 others and 1-2 data',
  '#   services, and everything reports to platform services. Rates are RPC-sized: 20-500 KB/s (50-1300 GB per',
  '#   month); 10% of the business->data flows are bulk (2-5 MB/s). Calls on the request path (edge->svc,',
  '#   svc->svc, svc->data) have a 20ms or 40ms round-trip bound; platform flows have none.',
  '# - Each data service is a single primary (maxLocations: 1).',
  '# Why: many small flows with latency bounds: a chatty mesh spread over regions pays egress on every edge, so',
  '#   co-location matters as much as the cheapest instance.',
);
const meta = ['metadata:', '  name: microservice-mesh', '  namespace: bench', '  labels:', '    skycluster.io/app-id: microservice-mesh'];
lines.push('apiVersion: policy.skycluster.io/v1alpha1', 'kind: DeploymentPolicy', ...meta, 'spec:', '  costHorizon: 730h', '  deploymentPolicies:');
for (const s of services) {
  const l = LAYERS[s.layer] as (typeof LAYERS)[number];
  lines.push(
    `    - componentRef: {apiVersion: apps/v1, kind: ${l.name === 'data' ? 'StatefulSet' : 'Deployment'}, name: ${s.name}}`,
    `      replicas: ${pick(l.replicas)}`,
    `      resources: {cpu: "${pick(l.cpu)}", memory: ${pick(l.mem)}}`,
    ...(l.spot ? ['      spot: true'] : []),
    ...(l.name === 'data' ? ['      maxLocations: 1'] : []),
    '      residency: {continents: [north-america]}',
  );
}
const byLayer = (li: number) => services.filter((s) => s.layer === li);
const edges: { from: string; to: string; rate: string; latency?: string }[] = [];
const seen = new Set<string>();
const add = (from: string, to: string, bulk: boolean, bounded: boolean): void => {
  if (from === to || seen.has(`${from}>${to}`)) return;
  seen.add(`${from}>${to}`);
  edges.push({
    from,
    to,
    rate: bulk ? `${pick([2, 5])}MB/s` : `${pick([20, 50, 100, 200, 500])}KB/s`,
    ...(bounded ? { latency: `${pick([20, 40])}ms` } : {}),
  });
};
for (const e of byLayer(0)) for (let k = 0; k < 3; k += 1) add(e.name, pick(byLayer(1)).name, false, true);
for (const s of byLayer(1)) {
  const calls = 1 + Math.floor(rnd() * 2);
  for (let k = 0; k < calls; k += 1) add(s.name, pick(byLayer(1)).name, false, true);
  const data = 1 + Math.floor(rnd() * 2);
  for (let k = 0; k < data; k += 1) add(s.name, pick(byLayer(2)).name, rnd() < 0.1, true);
  add(s.name, pick(byLayer(3)).name, false, false);
}
for (const d of byLayer(2)) add(d.name, pick(byLayer(3)).name, false, false);
lines.push('---', 'apiVersion: policy.skycluster.io/v1alpha1', 'kind: DataflowPolicy', ...meta, 'spec:', '  dataDependencies:');
for (const e of edges) {
  lines.push(`    - {from: {name: ${e.from}}, to: {name: ${e.to}}, averageDataRate: ${e.rate}${e.latency ? `, latency: ${e.latency}` : ''}}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
