/**
 * Renders NVIDIA Skyhook objects from a Plan: one Skyhook per planned node pool (placement) whose component
 * declares hostPackages, with nodeSelectors matching exactly that pool's labels (the ones Atlas puts on it),
 * the component's Skyhook-level settings, and, when runtimeRequired is asked, the taint the pool must carry
 * so new nodes get their packages before any workload lands. The same objects can go in NodeWright's group
 * (the renamed project) where the target cluster serves that CRD instead. Pure and deterministic.
 * @see NVIDIA/skyhook docs/runtime_required.md (the taint) and NVIDIA/nodewright docs (its renamed default)
 */
import type { PlanSpec } from '../api/plan.js';
import type { DeploymentPolicy } from '../api/policy.js';
import { NODEWRIGHT_GROUP, NODEWRIGHT_KIND, SKYHOOK_GROUP, SKYHOOK_KIND, SKYHOOK_VERSION, type HostPackages } from '../api/skyhook.js';
import type { ClusterObject, KubeObject } from '../harbor/kube-object.js';
import { ANNOTATION_PLACEMENT, ownedLabels, poolLabels } from '../harbor/labels.js';
import { placedComponents } from '../harbor/plan-index.js';
import { stableName } from '../util/names.js';
import type { Issue } from '../validate/issue.js';

/** Which CRD the target cluster serves: Skyhook's (skyhook.nvidia.com) or NodeWright's (nodewright.nvidia.com). */
export type SkyhookFlavor = 'skyhook' | 'nodewright';

/** A taint a node pool must carry (Atlas applies it when it creates the pool). */
export interface PoolTaint {
  readonly cluster: string;
  readonly placementId: string;
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule';
}

/** Options of {@link renderSkyhooks}. */
export interface RenderSkyhookOptions {
  /** CRD group per cluster name; clusters not listed get `skyhook`. @default skyhook everywhere */
  readonly flavorOf?: (cluster: string) => SkyhookFlavor;
}

/** The result: objects per cluster, the pool taints runtimeRequired needs, and problems found. */
export interface RenderedSkyhooks {
  readonly objects: ClusterObject[];
  readonly poolTaints: PoolTaint[];
  readonly issues: Issue[];
}

/**
 * The operator's default runtime-required taint (chart value controllerManager.manager.env.runtimeRequiredTaint):
 * `skyhook.nvidia.com=runtime-required:NoSchedule`, renamed to `nodewright.nvidia.com=…` by NodeWright.
 */
export function runtimeRequiredTaint(flavor: SkyhookFlavor): { key: string; value: string; effect: 'NoSchedule' } {
  return { key: flavor === 'nodewright' ? NODEWRIGHT_GROUP : SKYHOOK_GROUP, value: 'runtime-required', effect: 'NoSchedule' };
}

const sortRecord = <T>(r: Readonly<Record<string, T>>): Record<string, T> =>
  Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The Skyhook spec for one pool: the component's settings, its packages (keys sorted) and the pool's selector. */
function skyhookSpec(host: HostPackages, selector: Record<string, string>): Record<string, unknown> {
  const { packages, ...settings } = host;
  const spec: Record<string, unknown> = { nodeSelectors: { matchLabels: selector } };
  for (const [k, v] of Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1))) if (v !== undefined) spec[k] = v;
  spec['packages'] = sortRecord(packages);
  return spec;
}

/**
 * One Skyhook (or NodeWright) per placement whose component has hostPackages, on that placement's cluster.
 * @param plan the plan's spec (placements and clusters)
 * @param policy the DeploymentPolicy the plan was made from (its components' hostPackages)
 */
export function renderSkyhooks(
  plan: Pick<PlanSpec, 'application' | 'placements' | 'clusters' | 'executionEnvironment'>,
  policy: DeploymentPolicy,
  options: RenderSkyhookOptions = {},
): RenderedSkyhooks {
  const flavorOf = options.flavorOf ?? ((): SkyhookFlavor => 'skyhook');
  const hostOf = new Map<string, { host: HostPackages; index: number }>();
  policy.spec.deploymentPolicies.forEach((item, index) => {
    if (item.hostPackages !== undefined) hostOf.set(item.componentRef.name, { host: item.hostPackages, index });
  });
  const objects: ClusterObject[] = [];
  const poolTaints: PoolTaint[] = [];
  const issues: Issue[] = [];
  if (hostOf.size === 0) return { objects, poolTaints, issues };
  if (plan.executionEnvironment === 'VirtualMachine') {
    for (const [component, { index }] of hostOf) {
      issues.push({
        severity: 'error',
        object: `DeploymentPolicy/${policy.metadata.name}`,
        path: `spec.deploymentPolicies[${index}].hostPackages`,
        message: `component ${JSON.stringify(component)} lists host packages, but the plan runs on plain instances (executionEnvironment VirtualMachine): Skyhook needs Kubernetes node pools`,
      });
    }
    return { objects, poolTaints, issues };
  }
  const { placed } = placedComponents(plan);
  for (const { placement, cluster } of placed) {
    const entry = hostOf.get(placement.component);
    if (entry === undefined) continue;
    const flavor = flavorOf(cluster);
    const selector = poolLabels(placement);
    const object: KubeObject = {
      apiVersion: `${flavor === 'nodewright' ? NODEWRIGHT_GROUP : SKYHOOK_GROUP}/${SKYHOOK_VERSION}`,
      kind: flavor === 'nodewright' ? NODEWRIGHT_KIND : SKYHOOK_KIND,
      // Skyhooks are cluster-scoped: the name carries the application so two apps never collide.
      metadata: {
        name: stableName([plan.application, placement.id]),
        labels: { ...ownedLabels(plan.application), ...selector },
        annotations: { [ANNOTATION_PLACEMENT]: placement.id },
      },
      spec: skyhookSpec(entry.host, selector),
    };
    objects.push({ cluster, object });
    if (entry.host.runtimeRequired === true) poolTaints.push({ cluster, placementId: placement.id, ...runtimeRequiredTaint(flavor) });
  }
  return { objects, poolTaints, issues };
}
