/**
 * Everything Harbor puts on the target clusters for one plan, per cluster, in dependency order: the
 * components' workloads and what they reference, the Skyhooks their node pools need, the cross-cluster
 * exports and imports of the plan's edges, and the SkyShift Services the user declared. Pure: render,
 * serialise (src/harbor/kustomize-tree.ts) and write (the CLI) are separate steps.
 */
import type { PlanSpec } from '../api/plan.js';
import type { DeploymentPolicy } from '../api/policy.js';
import type { SkyShiftService } from '../api/skyshift-service.js';
import { renderSkyhooks, type PoolTaint, type SkyhookFlavor } from '../skyhook/render-skyhook.js';
import type { Issue } from '../validate/issue.js';
import { findComponentManifest, podLabels } from './app-manifests.js';
import { objectKey, type ClusterObject, type KubeObject } from './kube-object.js';
import { compareObjects } from './object-order.js';
import { renderCrossClusterServices } from './render-mcs.js';
import { renderSkyShiftService } from './render-skyshift-service.js';
import { renderWorkloads } from './render-workloads.js';

/** What Harbor renders from. */
export interface HarborInputs {
  readonly plan: Pick<PlanSpec, 'application' | 'placements' | 'clusters' | 'transfers' | 'executionEnvironment'>;
  readonly policy: DeploymentPolicy;
  /** The application's manifests (workloads, Services, ConfigMaps, Secrets). */
  readonly manifests: readonly KubeObject[];
  /** SkyShift Services declared by the user. @default none */
  readonly skyshiftServices?: readonly SkyShiftService[];
  /** Which Skyhook CRD each cluster serves. @default skyhook everywhere */
  readonly skyhookFlavorOf?: (cluster: string) => SkyhookFlavor;
}

/** The objects of one target cluster, in apply order. */
export interface ClusterRender {
  readonly cluster: string;
  readonly objects: KubeObject[];
}

/** Harbor's rendering of a plan. */
export interface HarborRender {
  readonly clusters: ClusterRender[];
  /** Taints the node pools must carry (runtimeRequired Skyhooks); Atlas applies them. */
  readonly poolTaints: PoolTaint[];
  readonly issues: Issue[];
}

const stable = (o: unknown): string =>
  JSON.stringify(o, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

/** Renders every object of a plan, grouped per cluster (every cluster of the plan, even an empty one). */
export function renderHarbor(inputs: HarborInputs): HarborRender {
  const { plan, policy, manifests } = inputs;
  const issues: Issue[] = [];
  const workloads = renderWorkloads(plan, policy, manifests);
  issues.push(...workloads.issues);
  const skyhooks = renderSkyhooks(plan, policy, inputs.skyhookFlavorOf ? { flavorOf: inputs.skyhookFlavorOf } : {});
  issues.push(...skyhooks.issues);
  const mcs = renderCrossClusterServices(plan, workloads.servicesOf);
  issues.push(...mcs.issues);

  const podLabelsOf = new Map<string, Record<string, string>>();
  const replicas = new Map<string, number>();
  for (const item of policy.spec.deploymentPolicies) {
    const m = findComponentManifest(item.componentRef, policy.metadata.namespace ?? 'default', manifests);
    if (m) podLabelsOf.set(item.componentRef.name, podLabels(m));
    replicas.set(item.componentRef.name, item.replicas ?? 1);
  }
  const shift: ClusterObject[] = [];
  for (const s of inputs.skyshiftServices ?? []) {
    const r = renderSkyShiftService(s, plan, { podLabels: podLabelsOf, replicas });
    issues.push(...r.issues);
    shift.push(...r.objects);
  }

  const byCluster = new Map<string, Map<string, KubeObject>>(plan.clusters.map((c) => [c.name, new Map()]));
  for (const { cluster, object } of [...workloads.objects, ...skyhooks.objects, ...mcs.objects, ...shift]) {
    const objects = byCluster.get(cluster) ?? new Map<string, KubeObject>();
    byCluster.set(cluster, objects);
    const key = objectKey(object);
    const before = objects.get(key);
    if (before !== undefined && stable(before) !== stable(object) && object.kind !== 'Namespace') {
      issues.push({
        severity: 'error',
        object: `${object.kind}/${object.metadata.name}`,
        path: 'metadata.name',
        message: `two different ${object.kind} objects named ${JSON.stringify(object.metadata.name)} in namespace ${JSON.stringify(object.metadata.namespace ?? '')} on cluster ${cluster} (an app manifest and a SkyShift Service?); the first is kept`,
      });
      continue;
    }
    if (before === undefined) objects.set(key, object);
  }
  const clusters = [...byCluster.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cluster, objects]) => ({ cluster, objects: [...objects.values()].sort(compareObjects) }));
  return { clusters, poolTaints: skyhooks.poolTaints, issues };
}
