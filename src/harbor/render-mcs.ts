/**
 * Cross-cluster services with the Multi-Cluster Services API (KEP-1645, multicluster.x-k8s.io/v1alpha1), so
 * any MCS implementation carries them: for every dataflow edge whose ends landed in different clusters, the
 * destination's Service is exported (ServiceExport) from every cluster that runs the destination and imported
 * (ServiceImport, every port) in every cluster that runs the source. Clients then call
 * `<service>.<namespace>.svc.clusterset.local` wherever the server landed. Pure and deterministic.
 * @see https://github.com/kubernetes/enhancements/tree/master/keps/sig-multicluster/1645-multi-cluster-services-api
 */
import type { PlanSpec } from '../api/plan.js';
import type { Issue } from '../validate/issue.js';
import type { ClusterObject, KubeObject } from './kube-object.js';
import { ownedLabels } from './labels.js';
import { clustersByComponent, placedComponents } from './plan-index.js';

export const MCS_API_VERSION = 'multicluster.x-k8s.io/v1alpha1';

/** One port of a ServiceImport. */
export interface ImportPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every port of a Service, each with a name (the Service's own, or `<protocol>-<port>` when it has none). */
export function servicePorts(service: KubeObject): ImportPort[] {
  const spec = service['spec'];
  const ports = isRecord(spec) && Array.isArray(spec['ports']) ? spec['ports'].filter(isRecord) : [];
  return ports
    .filter((p) => typeof p['port'] === 'number')
    .map((p) => {
      const protocol = typeof p['protocol'] === 'string' ? p['protocol'] : 'TCP';
      return {
        name: typeof p['name'] === 'string' && p['name'] !== '' ? p['name'] : `${protocol.toLowerCase()}-${String(p['port'])}`,
        port: p['port'] as number,
        protocol,
      };
    });
}

/** The DNS name clients use for an exported Service in any cluster of the set. */
export function clustersetDnsName(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.clusterset.local`;
}

/** A ServiceExport for a Service (same name and namespace). */
export function serviceExport(name: string, namespace: string, application: string): KubeObject {
  return { apiVersion: MCS_API_VERSION, kind: 'ServiceExport', metadata: { name, namespace, labels: ownedLabels(application) } };
}

/** A ServiceImport of type ClusterSetIP with every port. */
export function serviceImport(name: string, namespace: string, ports: readonly ImportPort[], application: string): KubeObject {
  return {
    apiVersion: MCS_API_VERSION,
    kind: 'ServiceImport',
    metadata: { name, namespace, labels: ownedLabels(application) },
    spec: { type: 'ClusterSetIP', ports: ports.map((p) => ({ name: p.name, protocol: p.protocol, port: p.port })) },
  };
}

/** Exports and imports for the plan's cross-cluster edges, plus a warning for each such edge without a Service. */
export function renderCrossClusterServices(
  plan: Pick<PlanSpec, 'application' | 'placements' | 'clusters' | 'transfers'>,
  servicesOf: ReadonlyMap<string, readonly { namespace: string; service: KubeObject }[]>,
): { objects: ClusterObject[]; issues: Issue[] } {
  const clustersOf = clustersByComponent(placedComponents(plan).placed);
  const objects = new Map<string, ClusterObject>();
  const issues: Issue[] = [];
  const put = (cluster: string, o: KubeObject): void =>
    void objects.set(`${cluster} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, { cluster, object: o });
  const edges = [...new Map(plan.transfers.map((t) => [`${t.from}→${t.to}`, t])).values()].sort((a, b) =>
    `${a.from} ${a.to}` < `${b.from} ${b.to}` ? -1 : 1,
  );
  for (const t of edges) {
    const from = clustersOf.get(t.from) ?? [];
    const to = clustersOf.get(t.to) ?? [];
    const crosses = from.some((f) => to.some((d) => d !== f));
    if (!crosses) continue;
    const services = servicesOf.get(t.to) ?? [];
    if (services.length === 0) {
      issues.push({
        severity: 'warning',
        object: `Plan/${plan.application}-plan`,
        path: 'spec.transfers',
        message: `${t.from} → ${t.to} crosses clusters, but no Service selects ${JSON.stringify(t.to)}'s pods: nothing to export, so ${t.from} cannot reach it by a clusterset name`,
      });
      continue;
    }
    for (const { namespace, service } of services) {
      const name = service.metadata.name;
      for (const c of to) put(c, serviceExport(name, namespace, plan.application));
      for (const c of from) {
        put(c, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: ownedLabels(plan.application) } });
        put(c, serviceImport(name, namespace, servicePorts(service), plan.application));
      }
    }
  }
  return { objects: [...objects.values()], issues };
}
