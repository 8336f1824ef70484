/**
 * Moves without downtime: given what Harbor rendered for the old plan and for the new one, the ordered
 * steps that get from one to the other so that no component is ever without a running placement. Every
 * new or changed object is applied first (new placements come up while the old still serve, exports and
 * imports of the new layout appear), then Harbor waits until each new long-running workload is available,
 * and only then prunes what the new plan no longer places, in reverse dependency order (imports and
 * exports first, namespaces last). Pure: the controller executes the steps.
 */
import { objectKey, type KubeObject } from './kube-object.js';
import { compareObjects, isLongRunningWorkload } from './object-order.js';
import type { ClusterRender } from './render-harbor.js';

/** A reference to an object on a cluster. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One step of a transition. */
export type TransitionStep =
  | { readonly action: 'apply'; readonly cluster: string; readonly objects: KubeObject[] }
  | { readonly action: 'waitAvailable'; readonly cluster: string; readonly workloads: ObjectRef[] }
  | { readonly action: 'prune'; readonly cluster: string; readonly objects: ObjectRef[] };

const refOf = (o: KubeObject): ObjectRef => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
  name: o.metadata.name,
});
const same = (a: KubeObject, b: KubeObject): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The steps from `before` to `after` (both per-cluster renderings; an empty `before` is a first deploy, an
 * empty `after` a removal). Steps of one phase are per cluster, clusters in name order.
 */
export function planTransition(before: readonly ClusterRender[], after: readonly ClusterRender[]): TransitionStep[] {
  const index = (renders: readonly ClusterRender[]): Map<string, Map<string, KubeObject>> =>
    new Map(renders.map((r) => [r.cluster, new Map(r.objects.map((o) => [objectKey(o), o]))]));
  const old = index(before);
  const next = index(after);
  const clusters = [...new Set([...old.keys(), ...next.keys()])].sort();
  const steps: TransitionStep[] = [];
  for (const cluster of clusters) {
    const was = old.get(cluster) ?? new Map<string, KubeObject>();
    const changed = [...(next.get(cluster) ?? new Map<string, KubeObject>()).entries()]
      .filter(([k, o]) => !was.has(k) || !same(was.get(k) as KubeObject, o))
      .map(([, o]) => o);
    if (changed.length > 0) steps.push({ action: 'apply', cluster, objects: changed.sort(compareObjects) });
  }
  for (const cluster of clusters) {
    const was = old.get(cluster) ?? new Map<string, KubeObject>();
    const fresh = [...(next.get(cluster) ?? new Map<string, KubeObject>()).entries()]
      .filter(([k, o]) => isLongRunningWorkload(o.kind) && (!was.has(k) || !same(was.get(k) as KubeObject, o)))
      .map(([, o]) => o);
    if (fresh.length > 0) steps.push({ action: 'waitAvailable', cluster, workloads: fresh.sort(compareObjects).map(refOf) });
  }
  for (const cluster of clusters) {
    const keep = next.get(cluster) ?? new Map<string, KubeObject>();
    const gone = [...(old.get(cluster) ?? new Map<string, KubeObject>()).entries()].filter(([k]) => !keep.has(k)).map(([, o]) => o);
    if (gone.length > 0) steps.push({ action: 'prune', cluster, objects: gone.sort((a, b) => compareObjects(b, a)).map(refOf) });
  }
  return steps;
}
