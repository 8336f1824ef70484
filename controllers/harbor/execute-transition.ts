/**
 * Executes Harbor's transition steps (src/harbor/plan-transition.ts) against the target clusters, one
 * level-triggered pass: apply every step's objects by server-side apply under the `skycluster-harbor` field
 * manager; check (once, never block) that each new workload is available; prune only when every cluster
 * applied and every new workload is available, deleting only objects that carry Harbor's ownership label.
 * An unreachable cluster is reported and skipped; the others carry on, and prune the old workloads of
 * components that have nothing on it. The caller requeues while `done` is false.
 */
import { HARBOR_MANAGER, LABEL_COMPONENT, LABEL_MANAGED_BY } from '../../src/harbor/labels.js';
import { isLongRunningWorkload } from '../../src/harbor/object-order.js';
import type { ObjectRef, TransitionStep } from '../../src/harbor/plan-transition.js';
import { applyObject, type KubeClient, type KubeObject } from '../runtime/index.js';
import { refFor } from './resource-refs.js';

/** What one pass did on one cluster. */
export interface ClusterOutcome {
  readonly cluster: string;
  readonly reachable: boolean;
  readonly applied: number;
  readonly pruned: number;
  /** Workloads not yet available there. */
  readonly waiting: ObjectRef[];
  /** Available replicas of every workload checked there (as its controller reports them). */
  readonly available: WorkloadAvailability[];
  /** First failure on this cluster (network error, refused object), if any. */
  readonly message?: string;
}

/** A workload's available replicas as read in a pass. */
export interface WorkloadAvailability extends ObjectRef {
  readonly replicas: number;
}

/** The result of a pass: per cluster, and whether the transition is complete (nothing left to wait for or prune). */
export interface TransitionOutcome {
  readonly clusters: ClusterOutcome[];
  readonly done: boolean;
}

interface Mutable {
  reachable: boolean;
  applied: number;
  pruned: number;
  waiting: ObjectRef[];
  available: WorkloadAvailability[];
  message?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when the workload's controller reports every desired replica available for its current generation. */
export function isAvailable(obj: KubeObject): boolean {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  const status = isRecord(obj['status']) ? obj['status'] : {};
  const generation = obj.metadata?.generation;
  if (typeof generation === 'number' && typeof status['observedGeneration'] === 'number' && status['observedGeneration'] < generation) return false;
  const want = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
  if (obj.kind === 'Deployment') return ((status['availableReplicas'] as number | undefined) ?? 0) >= want;
  if (obj.kind === 'StatefulSet') return ((status['readyReplicas'] as number | undefined) ?? 0) >= want;
  if (obj.kind === 'DaemonSet')
    return (
      typeof status['desiredNumberScheduled'] === 'number' &&
      ((status['numberAvailable'] as number | undefined) ?? 0) >= status['desiredNumberScheduled']
    );
  return true;
}

/** Available replicas as the workload's controller reports them (StatefulSet: ready, v1.20 has no available). */
export function availableReplicas(obj: KubeObject): number {
  const status = isRecord(obj['status']) ? obj['status'] : {};
  const field = obj.kind === 'StatefulSet' ? 'readyReplicas' : obj.kind === 'DaemonSet' ? 'numberAvailable' : 'availableReplicas';
  return typeof status[field] === 'number' ? status[field] : 0;
}

/**
 * Runs one pass of the steps.
 * @param steps from planTransition(before, after)
 * @param clients a client per target cluster name; a missing one counts as unreachable
 */
export async function executeTransition(steps: readonly TransitionStep[], clients: ReadonlyMap<string, KubeClient>): Promise<TransitionOutcome> {
  const state = new Map<string, Mutable>();
  const of = (cluster: string): Mutable => {
    let s = state.get(cluster);
    if (!s) {
      s = {
        reachable: clients.has(cluster),
        applied: 0,
        pruned: 0,
        waiting: [],
        available: [],
        ...(clients.has(cluster) ? {} : { message: 'no connection to this cluster (kubeconfig Secret missing?)' }),
      };
      state.set(cluster, s);
    }
    return s;
  };
  const fail = (s: Mutable, status: number, message: string): void => {
    if (status === 0) s.reachable = false;
    s.message ??= message;
  };

  for (const step of steps) {
    const s = of(step.cluster);
    const client = clients.get(step.cluster);
    if (step.action !== 'apply' || client === undefined || !s.reachable) continue;
    for (const obj of step.objects) {
      const ref = refFor(obj.apiVersion, obj.kind);
      if (ref === undefined) {
        fail(s, -1, `Harbor does not know where ${obj.apiVersion} ${obj.kind} lives`);
        continue;
      }
      const r = await applyObject(client, ref, obj as KubeObject, { fieldManager: HARBOR_MANAGER });
      if (!r.ok) {
        fail(
          s,
          r.status,
          `applying ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}: ${r.status === 0 ? 'unreachable' : `${r.status} ${r.reason}`}: ${r.message}`,
        );
        if (r.status === 0) break;
        continue;
      }
      s.applied += 1;
    }
  }
  for (const step of steps) {
    const s = of(step.cluster);
    const client = clients.get(step.cluster);
    if (step.action !== 'waitAvailable' || client === undefined || !s.reachable) continue;
    for (const w of step.workloads) {
      const ref = refFor(w.apiVersion, w.kind);
      if (ref === undefined) continue;
      const r = await client.get<KubeObject>(ref, w.namespace, w.name);
      if (!r.ok) {
        fail(s, r.status, `reading ${w.kind} ${w.namespace ?? ''}/${w.name}: ${r.status} ${r.reason}`);
        s.waiting.push(w);
      } else {
        s.available.push({ ...w, replicas: availableReplicas(r.body) });
        if (!isAvailable(r.body)) s.waiting.push(w);
      }
    }
  }
  // Prune only once everything new is up: the old placements keep serving until then. With every cluster
  // answering, that is all-or-nothing. With some down, the reachable clusters must still have everything up,
  // and only workloads of components that have nothing on a down cluster are pruned (a down cluster may hold
  // a component's new placement, unverifiable); everything else waits for that cluster.
  const down = new Set([...state.entries()].filter(([, s]) => !s.reachable).map(([c]) => c));
  for (const st of steps) if (st.action === 'waitAvailable' && !clients.has(st.cluster)) down.add(st.cluster);
  const upOk = [...state.entries()].every(([c, s]) => down.has(c) || (s.message === undefined && s.waiting.length === 0));
  const onDown = new Set<string>();
  for (const st of steps)
    if (st.action === 'apply' && down.has(st.cluster))
      for (const o of st.objects) {
        const component = o.metadata.labels?.[LABEL_COMPONENT];
        if (component !== undefined) onDown.add(component);
      }
  const ready = upOk && down.size === 0;
  let pending = !ready;
  if (upOk) {
    for (const step of steps) {
      const s = of(step.cluster);
      const client = clients.get(step.cluster);
      if (step.action !== 'prune' || client === undefined || down.has(step.cluster)) continue;
      for (const o of step.objects) {
        const ref = refFor(o.apiVersion, o.kind);
        if (ref === undefined) continue;
        const current = await client.get<KubeObject>(ref, o.namespace, o.name);
        if (!current.ok) {
          if (current.status !== 404)
            (fail(s, current.status, `reading ${o.kind} ${o.name} to prune: ${current.status} ${current.reason}`), (pending = true));
          continue;
        }
        if (!ready) {
          const component = current.body.metadata?.labels?.[LABEL_COMPONENT];
          if (!isLongRunningWorkload(o.kind) || component === undefined || onDown.has(component)) continue;
        }
        // Never touch what Harbor does not own, even if a stale plan names it.
        if (current.body.metadata?.labels?.[LABEL_MANAGED_BY] !== HARBOR_MANAGER) continue;
        const d = await client.delete(ref, o.namespace, o.name);
        if (d.ok || d.status === 404) s.pruned += 1;
        else (fail(s, d.status, `pruning ${o.kind} ${o.name}: ${d.status} ${d.reason}`), (pending = true));
      }
    }
  }
  const clusters = [...state.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([cluster, s]) => ({ cluster, ...s }));
  return { clusters, done: !pending && clusters.every((c) => c.reachable && c.message === undefined) };
}
