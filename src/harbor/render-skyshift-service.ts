/**
 * Renders a SkyShift Service onto the plan's clusters, doing better than SkyShift's own renderer: the
 * primary cluster gets the declared type and every other cluster that runs matching pods a plain ClusterIP
 * (no nodePort or load-balancer fields, which the API server would refuse there); every port is named and
 * exported/imported through the MCS API, not only the first; selector and label values stay strings; and a
 * primary of `auto` or none is chosen from the plan, where most of the traffic's sources are.
 * @see sky-shift/skyshift cluster_manager/kubernetes/kubernetes_manager.py create_or_update_service (what it does)
 */
import { AUTO_PRIMARY, type SkyShiftService } from '../api/skyshift-service.js';
import type { PlanSpec } from '../api/plan.js';
import type { Issue } from '../validate/issue.js';
import type { ClusterObject, KubeObject } from './kube-object.js';
import { ownedLabels } from './labels.js';
import { serviceExport, serviceImport } from './render-mcs.js';
import { placedComponents, type PlacedComponent } from './plan-index.js';
import { selectorMatches } from './app-manifests.js';

/** Annotation on every rendered Service naming the primary cluster chosen. */
export const ANNOTATION_PRIMARY = 'skycluster.io/primary-cluster';

/** Inputs beyond the plan: the labels of each component's pods and its replicas per placement. */
export interface ComponentFacts {
  readonly podLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly replicas: ReadonlyMap<string, number>;
}

/** How the primary was chosen, for messages and tests. */
export interface PrimaryChoice {
  readonly cluster: string;
  readonly reason: 'declared' | 'traffic' | 'replicas' | 'name';
}

/**
 * The primary cluster: the declared one when it is a cluster of the plan; otherwise, among the clusters that
 * run matching pods, the one where most traffic to those components comes from (GB over the horizon, a
 * source placed in several clusters split evenly), then the most replicas (SkyShift's own default), then name.
 */
export function choosePrimary(
  service: SkyShiftService,
  endpointClusters: readonly string[],
  plan: Pick<PlanSpec, 'transfers'>,
  placed: readonly PlacedComponent[],
  selected: ReadonlySet<string>,
  replicas: ReadonlyMap<string, number>,
): PrimaryChoice | undefined {
  const declared = service.spec.primary_cluster;
  if (declared !== '' && declared !== AUTO_PRIMARY && endpointClusters.includes(declared)) return { cluster: declared, reason: 'declared' };
  if (endpointClusters.length === 0) return undefined;
  const clustersOf = new Map<string, string[]>();
  for (const { placement, cluster } of placed)
    clustersOf.set(placement.component, [...new Set([...(clustersOf.get(placement.component) ?? []), cluster])]);
  const traffic = new Map<string, number>();
  for (const t of plan.transfers) {
    if (!selected.has(t.to)) continue;
    const sources = clustersOf.get(t.from) ?? [];
    for (const c of sources) traffic.set(c, (traffic.get(c) ?? 0) + t.volumeGB / sources.length);
  }
  const pods = new Map<string, number>();
  for (const { placement, cluster } of placed)
    if (selected.has(placement.component)) pods.set(cluster, (pods.get(cluster) ?? 0) + (replicas.get(placement.component) ?? 1));
  const ranked = [...endpointClusters].sort(
    (a, b) => (traffic.get(b) ?? 0) - (traffic.get(a) ?? 0) || (pods.get(b) ?? 0) - (pods.get(a) ?? 0) || (a < b ? -1 : 1),
  );
  const best = ranked[0] as string;
  const second = ranked[1];
  const [t0, p0] = [traffic.get(best) ?? 0, pods.get(best) ?? 0];
  if (second === undefined) return { cluster: best, reason: t0 > 0 ? 'traffic' : 'replicas' };
  const [t1, p1] = [traffic.get(second) ?? 0, pods.get(second) ?? 0];
  return { cluster: best, reason: t0 > t1 ? 'traffic' : p0 > p1 ? 'replicas' : 'name' };
}

/** Renders one SkyShift Service: Services per cluster, exports where the pods run, imports where the clients run. */
export function renderSkyShiftService(
  service: SkyShiftService,
  plan: Pick<PlanSpec, 'application' | 'placements' | 'clusters' | 'transfers'>,
  facts: ComponentFacts,
): { objects: ClusterObject[]; issues: Issue[]; primary?: PrimaryChoice } {
  const object = `Service/${service.metadata.name}`;
  const issues: Issue[] = [];
  if (service.spec.type === 'ExternalName') {
    issues.push({
      severity: 'error',
      object,
      path: 'spec.type',
      message: "not rendered: type ExternalName needs an external DNS name, which SkyShift's format cannot carry",
    });
    return { objects: [], issues };
  }
  const { placed } = placedComponents(plan);
  const selected = new Set([...facts.podLabels].filter(([, labels]) => selectorMatches(service.spec.selector, labels)).map(([c]) => c));
  const endpointClusters = [...new Set(placed.filter((p) => selected.has(p.placement.component)).map((p) => p.cluster))].sort();
  const declared = service.spec.primary_cluster;
  if (declared !== '' && declared !== AUTO_PRIMARY && !endpointClusters.includes(declared)) {
    issues.push({
      severity: 'warning',
      object,
      path: 'spec.primary_cluster',
      message: `${JSON.stringify(declared)} is not a cluster of the plan that runs the selected pods (${endpointClusters.length > 0 ? endpointClusters.join(', ') : 'none'}): SkyShift would give no cluster the declared type; Harbor chooses the primary by traffic instead`,
    });
  }
  const primary = choosePrimary(service, endpointClusters, plan, placed, selected, facts.replicas);
  if (primary === undefined) {
    issues.push({ severity: 'warning', object, path: 'spec.selector', message: 'the selector matches no component of the plan: nothing rendered' });
    return { objects: [], issues };
  }
  const { name, namespace } = service.metadata;
  const ports = service.spec.ports.map((p) => ({
    name: `${p.protocol.toLowerCase()}-${p.port}`,
    port: p.port,
    protocol: p.protocol,
    targetPort: p.target_port,
    nodePort: p.node_port,
  }));
  const labels = { ...service.metadata.labels, ...ownedLabels(plan.application) };
  const annotations = { ...service.metadata.annotations, [ANNOTATION_PRIMARY]: primary.cluster };
  const objects: ClusterObject[] = [];
  const namespaceObject = (): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: ownedLabels(plan.application) },
  });
  for (const cluster of endpointClusters) {
    const isPrimary = cluster === primary.cluster;
    const type = isPrimary ? service.spec.type : 'ClusterIP';
    const withNodePort = type === 'NodePort' || type === 'LoadBalancer';
    const spec: Record<string, unknown> = {
      type,
      selector: { ...service.spec.selector },
      ports: ports.map((p) => ({
        name: p.name,
        protocol: p.protocol,
        port: p.port,
        targetPort: p.targetPort,
        ...(withNodePort && p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      })),
    };
    if (isPrimary && service.spec.cluster_ip !== '') spec['clusterIP'] = service.spec.cluster_ip;
    objects.push({ cluster, object: namespaceObject() });
    objects.push({ cluster, object: { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels, annotations }, spec } });
    objects.push({ cluster, object: serviceExport(name, namespace, plan.application) });
  }
  const clientClusters = new Set<string>();
  for (const t of plan.transfers) {
    if (!selected.has(t.to)) continue;
    for (const p of placed) if (p.placement.component === t.from) clientClusters.add(p.cluster);
  }
  for (const cluster of [...clientClusters].sort()) {
    if (!endpointClusters.includes(cluster)) objects.push({ cluster, object: namespaceObject() });
    objects.push({ cluster, object: serviceImport(name, namespace, ports, plan.application) });
  }
  return { objects, issues, primary };
}
