/**
 * Builds a Harbor's status from what one pass did: per cluster (reachable, objects, the failure), per
 * component placement (applied, desired replicas, still waiting), per node pool (the Skyhook verdict read from
 * its status) and per cross-cluster service (where exported and imported, its clusterset DNS name), plus the
 * Ready and Deploying conditions with typed reasons. Pure: the clock arrives as a parameter, and a condition
 * keeps its lastTransitionTime while its status does not change.
 */
import type { HarborStatus } from '../api/harbor.js';
import type { PoolPackagesState } from '../skyhook/skyhook-status.js';
import { ANNOTATION_PLACEMENT, LABEL_COMPONENT } from './labels.js';
import type { ClusterRender } from './render-harbor.js';
import { clustersetDnsName } from './render-mcs.js';

/** A cluster's result of one pass (src/../controllers/harbor/execute-transition.ts ClusterOutcome, structurally). */
export interface ClusterPass {
  readonly cluster: string;
  readonly reachable: boolean;
  readonly waiting: readonly { readonly kind: string; readonly namespace?: string; readonly name: string }[];
  /** Available replicas of the workloads read there this pass. */
  readonly available?: readonly { readonly kind: string; readonly namespace?: string; readonly name: string; readonly replicas: number }[];
  /** Not reachable because it is not provisioned yet (no kubeconfig recorded), rather than not answering. */
  readonly notReady?: boolean;
  readonly message?: string;
}

/** Inputs of {@link buildHarborStatus}. */
export interface StatusInputs {
  readonly generation: number;
  readonly planRevision: number;
  /** What the plan puts on each cluster. */
  readonly render: readonly ClusterRender[];
  /** The pass's per-cluster results, and whether nothing is left to do. */
  readonly pass: { readonly clusters: readonly ClusterPass[]; readonly done: boolean };
  /** The verdict per Skyhook name (from summarizeSkyhookStatus), when read. */
  readonly skyhooks?: ReadonlyMap<string, PoolPackagesState>;
  readonly previous?: HarborStatus;
  /** RFC 3339 time of this pass. */
  readonly now: string;
}

type Condition = NonNullable<HarborStatus['conditions']>[number];

function condition(previous: HarborStatus | undefined, next: Omit<Condition, 'lastTransitionTime'>, now: string): Condition {
  const before = previous?.conditions?.find((c) => c.type === next.type);
  return { ...next, lastTransitionTime: before !== undefined && before.status === next.status ? before.lastTransitionTime : now };
}

/** The status of a Harbor after one pass. */
export function buildHarborStatus(inputs: StatusInputs): HarborStatus {
  const { render, pass, now, previous } = inputs;
  const passOf = new Map(pass.clusters.map((c) => [c.cluster, c]));
  const clusters = render.map((r) => {
    const p = passOf.get(r.cluster);
    return {
      name: r.cluster,
      reachable: p?.reachable ?? true,
      objects: r.objects.length,
      ...(p?.message !== undefined ? { message: p.message } : {}),
    };
  });
  const components: NonNullable<HarborStatus['components']> = [];
  const pools: NonNullable<HarborStatus['pools']> = [];
  const exported = new Map<string, { name: string; namespace: string; from: string[]; to: string[] }>();
  for (const r of render) {
    const p = passOf.get(r.cluster);
    for (const o of r.objects) {
      const placementId = o.metadata.annotations?.[ANNOTATION_PLACEMENT];
      if ((o.kind === 'Skyhook' || o.kind === 'NodeWright') && placementId !== undefined) {
        const v = inputs.skyhooks?.get(o.metadata.name);
        pools.push({
          placementId,
          cluster: r.cluster,
          skyhook: o.metadata.name,
          state: v?.state ?? 'Unknown',
          reason: v?.reason ?? 'not read yet',
          ...(v?.completeNodes !== undefined ? { completeNodes: v.completeNodes } : {}),
        });
      } else if (placementId !== undefined && o.metadata.labels?.[LABEL_COMPONENT] !== undefined) {
        const waiting = p?.waiting.some((w) => w.kind === o.kind && w.name === o.metadata.name && w.namespace === o.metadata.namespace) ?? false;
        const replicas = (o['spec'] as { replicas?: unknown } | undefined)?.replicas;
        const available = p?.available?.find((a) => a.kind === o.kind && a.name === o.metadata.name && a.namespace === o.metadata.namespace);
        const applied = (p?.reachable ?? true) && p?.message === undefined;
        components.push({
          component: placementId.split('@')[0] as string,
          placementId,
          cluster: r.cluster,
          applied,
          ...(typeof replicas === 'number' ? { desiredReplicas: replicas } : {}),
          ...(available !== undefined ? { availableReplicas: available.replicas } : {}),
          ...(!applied ? { error: p?.message ?? 'not applied' } : waiting ? { error: 'waiting for the workload to be available' } : {}),
        });
      } else if (o.kind === 'ServiceExport' || o.kind === 'ServiceImport') {
        const key = `${o.metadata.namespace}/${o.metadata.name}`;
        const e = exported.get(key) ?? { name: o.metadata.name, namespace: o.metadata.namespace ?? '', from: [], to: [] };
        (o.kind === 'ServiceExport' ? e.from : e.to).push(r.cluster);
        exported.set(key, e);
      }
    }
  }
  const services = [...exported.values()].map((e) => ({
    name: e.name,
    namespace: e.namespace,
    dnsName: clustersetDnsName(e.name, e.namespace),
    exportedFrom: e.from.sort(),
    importedIn: e.to.sort(),
  }));
  const down = clusters.filter((c) => !c.reachable).map((c) => c.name);
  const notReady = new Set(pass.clusters.filter((c) => c.notReady === true).map((c) => c.cluster));
  const failed = clusters.filter((c) => c.reachable && c.message !== undefined);
  const waiting = pass.clusters.flatMap((c) => c.waiting.map((w) => `${w.kind} ${w.namespace ?? ''}/${w.name} on ${c.cluster}`));
  const ready: Omit<Condition, 'lastTransitionTime'> = pass.done
    ? {
        type: 'Ready',
        status: 'True',
        reason: 'Deployed',
        message: `plan revision ${inputs.planRevision} deployed on ${clusters.length} cluster(s)`,
        observedGeneration: inputs.generation,
      }
    : down.length > 0 && down.every((c) => notReady.has(c))
      ? {
          type: 'Ready',
          status: 'False',
          reason: 'ClusterNotReady',
          message: `not provisioned yet (no kubeconfig recorded by Atlas): ${down.join(', ')}; the other clusters carry on`,
          observedGeneration: inputs.generation,
        }
      : down.length > 0
        ? {
            type: 'Ready',
            status: 'False',
            reason: 'ClusterUnreachable',
            message: `unreachable: ${down.join(', ')}; the other clusters carry on and Harbor retries with backoff`,
            observedGeneration: inputs.generation,
          }
        : failed.length > 0
          ? {
              type: 'Ready',
              status: 'False',
              reason: 'ApplyError',
              message: failed.map((c) => `${c.name}: ${c.message}`).join('; '),
              observedGeneration: inputs.generation,
            }
          : {
              type: 'Ready',
              status: 'False',
              reason: 'WaitingForAvailability',
              message: `waiting for ${waiting.join(', ') || 'the new placements'} before removing the old ones`,
              observedGeneration: inputs.generation,
            };
  const deploying: Omit<Condition, 'lastTransitionTime'> = pass.done
    ? {
        type: 'Deploying',
        status: 'False',
        reason: 'Deployed',
        message: 'nothing left to apply, wait for or prune',
        observedGeneration: inputs.generation,
      }
    : { type: 'Deploying', status: 'True', reason: 'InProgress', message: ready.message, observedGeneration: inputs.generation };
  return {
    observedGeneration: inputs.generation,
    planRevision: inputs.planRevision,
    conditions: [condition(previous, ready, now), condition(previous, deploying, now)],
    clusters,
    components,
    pools,
    services,
  };
}
