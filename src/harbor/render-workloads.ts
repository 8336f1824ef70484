/**
 * Renders each component's workload onto the clusters the Plan places it in: the app's own manifest
 * (Deployment, StatefulSet, DaemonSet, Job, CronJob) with the planned replicas, a nodeSelector and
 * tolerations for its planned node pool, plus the namespace, the ConfigMaps and Secrets its pods reference
 * and the Services that select it. Server-assigned fields are stripped; Harbor's ownership labels added.
 * Pure and deterministic; Secret contents are copied, never put in a message.
 */
import type { PlanSpec } from '../api/plan.js';
import type { DeploymentPolicy } from '../api/policy.js';
import { stableName } from '../util/names.js';
import type { Issue } from '../validate/issue.js';
import { configReferences, findComponentManifest, podLabels, podTemplateOf, servicesSelecting } from './app-manifests.js';
import type { ClusterObject, KubeObject } from './kube-object.js';
import { ANNOTATION_PLACEMENT, LABEL_COMPONENT, LABEL_POOL, ownedLabels, poolLabels } from './labels.js';
import { placedComponents } from './plan-index.js';

/** What the workload renderer returns. */
export interface RenderedWorkloads {
  readonly objects: ClusterObject[];
  readonly issues: Issue[];
  /** Per component, the Services (namespace/name) that select it: the cross-cluster renderer exports these. */
  readonly servicesOf: ReadonlyMap<string, readonly { namespace: string; service: KubeObject }[]>;
}

const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'managedFields',
  'generation',
  'selfLink',
  'ownerReferences',
  'deletionTimestamp',
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A deep copy of a manifest without status or server-assigned metadata, in `namespace`, with Harbor's labels. */
export function cleanCopy(object: KubeObject, namespace: string | undefined, application: string): KubeObject {
  const copy = structuredClone(object);
  delete copy['status'];
  const meta = copy.metadata as unknown as Record<string, unknown>;
  for (const f of SERVER_FIELDS) delete meta[f];
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  delete copy.metadata.annotations;
  if (namespace !== undefined) copy.metadata.namespace = namespace;
  copy.metadata.labels = { ...(copy.metadata.labels ?? {}), ...ownedLabels(application) };
  if (Object.keys(annotations).length > 0) copy.metadata.annotations = annotations;
  return copy;
}

/** Labels the Job controller generates into a Job's pod template (1.20 names, and the batch.kubernetes.io ones of 1.27+). */
const GENERATED_JOB_LABELS = ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name'];

/**
 * A Job read from a cluster carries the selector and pod labels its API server generated from that Job's uid;
 * sent to another cluster they are refused (`selector` not auto-generated). Drops them so the target generates its own.
 */
function withoutGeneratedJobSelector(spec: Record<string, unknown>, template: { metadata?: Record<string, unknown> }): void {
  delete spec['selector'];
  const labels = template.metadata?.['labels'];
  if (isRecord(labels)) for (const l of GENERATED_JOB_LABELS) delete labels[l];
}

/** A Service copy for a target cluster: cluster-assigned addresses removed (a headless `None` is kept). */
function serviceCopy(service: KubeObject, namespace: string, application: string): KubeObject {
  const copy = cleanCopy(service, namespace, application);
  const spec = copy['spec'];
  if (isRecord(spec)) {
    if (spec['clusterIP'] !== 'None') {
      delete spec['clusterIP'];
      delete spec['clusterIPs'];
    }
    delete spec['healthCheckNodePort'];
    // Every port named, so the ServiceImport's ports (src/harbor/render-mcs.ts) match the Service's by name.
    if (Array.isArray(spec['ports'])) {
      for (const port of spec['ports'].filter(isRecord)) {
        // Explicit protocol: server-side apply keys Service ports by (port, protocol) and refuses a port without it.
        if (typeof port['protocol'] !== 'string') port['protocol'] = 'TCP';
        if (typeof port['name'] !== 'string' || port['name'] === '')
          port['name'] = `${(typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP').toLowerCase()}-${String(port['port'])}`;
      }
    }
  }
  return copy;
}

/**
 * Renders every placement's workload and what it needs.
 * @param plan the plan's spec
 * @param policy the DeploymentPolicy (component references, replicas per placement)
 * @param manifests the application's objects as read from the management cluster or files
 */
export function renderWorkloads(
  plan: Pick<PlanSpec, 'application' | 'placements' | 'clusters'>,
  policy: DeploymentPolicy,
  manifests: readonly KubeObject[],
): RenderedWorkloads {
  const policyNs = policy.metadata.namespace ?? 'default';
  const objects = new Map<string, ClusterObject>();
  const issues: Issue[] = [];
  const servicesOf = new Map<string, { namespace: string; service: KubeObject }[]>();
  const put = (cluster: string, object: KubeObject): void => {
    objects.set(`${cluster} ${object.apiVersion}/${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`, { cluster, object });
  };
  const items = new Map(policy.spec.deploymentPolicies.map((item, index) => [item.componentRef.name, { item, index }]));
  const { placed, unplaced } = placedComponents(plan);
  for (const p of unplaced) {
    issues.push({
      severity: 'error',
      object: `Plan/${plan.application}-plan`,
      path: 'spec.placements',
      message: `placement ${JSON.stringify(p.id)} has no cluster for its site ${p.platform}/${p.region}`,
    });
  }
  // Placements per (component, cluster): two zones of one cluster need two workload names.
  const perCluster = new Map<string, number>();
  for (const { placement, cluster } of placed)
    perCluster.set(`${placement.component} ${cluster}`, (perCluster.get(`${placement.component} ${cluster}`) ?? 0) + 1);

  const reported = new Set<string>();
  for (const { placement, cluster } of placed) {
    const entry = items.get(placement.component);
    const where = { object: `DeploymentPolicy/${policy.metadata.name}`, path: `spec.deploymentPolicies[${entry?.index ?? 0}].componentRef` };
    if (entry === undefined) {
      issues.push({
        severity: 'error',
        ...where,
        path: 'spec.deploymentPolicies',
        message: `the plan places ${JSON.stringify(placement.component)}, which the policy does not list`,
      });
      continue;
    }
    const manifest = findComponentManifest(entry.item.componentRef, policyNs, manifests);
    if (manifest === undefined) {
      if (!reported.has(placement.component)) {
        const ref = entry.item.componentRef;
        issues.push({
          severity: 'error',
          ...where,
          message: `no manifest for component ${JSON.stringify(placement.component)}: expected ${ref.apiVersion ?? 'apps/v1'} ${ref.kind ?? 'Deployment'} ${JSON.stringify(ref.name)} in namespace ${JSON.stringify(ref.namespace ?? policyNs)} among the app's manifests`,
        });
        reported.add(placement.component);
      }
      continue;
    }
    const namespace = manifest.metadata.namespace ?? policyNs;
    put(cluster, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: ownedLabels(plan.application) } });

    const workload = cleanCopy(manifest, namespace, plan.application);
    const several = (perCluster.get(`${placement.component} ${cluster}`) ?? 1) > 1;
    workload.metadata.name = several ? stableName([manifest.metadata.name, placement.zone]) : manifest.metadata.name;
    workload.metadata.labels = { ...workload.metadata.labels, [LABEL_COMPONENT]: poolLabels(placement)[LABEL_COMPONENT] as string };
    workload.metadata.annotations = { ...(workload.metadata.annotations ?? {}), [ANNOTATION_PLACEMENT]: placement.id };
    const spec = workload['spec'] as Record<string, unknown>;
    const replicas = entry.item.replicas ?? (typeof spec['replicas'] === 'number' ? spec['replicas'] : 1);
    if (workload.kind === 'Deployment' || workload.kind === 'StatefulSet') spec['replicas'] = replicas;
    const template = podTemplateOf(workload);
    if (template === undefined) {
      issues.push({
        severity: 'error',
        ...where,
        message: `${manifest.kind} ${JSON.stringify(manifest.metadata.name)} has no pod template; Harbor deploys Deployment, StatefulSet, DaemonSet, Job and CronJob`,
      });
      continue;
    }
    if (workload.kind === 'Job' && spec['manualSelector'] !== true) withoutGeneratedJobSelector(spec, template);
    const podSpec = (template.spec ??= {});
    const pool = poolLabels(placement);
    podSpec['nodeSelector'] = { ...(isRecord(podSpec['nodeSelector']) ? podSpec['nodeSelector'] : {}), ...pool };
    const tolerations = Array.isArray(podSpec['tolerations']) ? [...(podSpec['tolerations'] as unknown[])] : [];
    // The pool may be tainted for this component alone; GPU pools usually carry the nvidia.com/gpu taint.
    tolerations.push({ key: LABEL_POOL, operator: 'Equal', value: pool[LABEL_POOL], effect: 'NoSchedule' });
    if (placement.gpusPerNode > 0) tolerations.push({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
    podSpec['tolerations'] = tolerations;
    put(cluster, workload);

    for (const ref of configReferences(podSpec)) {
      const source = manifests.find(
        (m) => m.apiVersion === 'v1' && m.kind === ref.kind && m.metadata.name === ref.name && (m.metadata.namespace ?? policyNs) === namespace,
      );
      if (source === undefined) {
        if (!ref.optional && !reported.has(`${placement.component} ${ref.kind}/${ref.name}`)) {
          issues.push({
            severity: 'warning',
            ...where,
            message: `component ${JSON.stringify(placement.component)} references ${ref.kind} ${JSON.stringify(ref.name)}, which is not among the app's manifests: its pods will not start where it is missing`,
          });
          reported.add(`${placement.component} ${ref.kind}/${ref.name}`);
        }
        continue;
      }
      put(cluster, cleanCopy(source, namespace, plan.application));
    }
    const services = servicesSelecting(manifests, namespace, policyNs, podLabels(manifest));
    for (const s of services) put(cluster, serviceCopy(s, namespace, plan.application));
    if (!servicesOf.has(placement.component))
      servicesOf.set(
        placement.component,
        services.map((service) => ({ namespace, service })),
      );
  }
  return { objects: [...objects.values()], issues, servicesOf };
}
