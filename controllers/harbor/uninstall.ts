/**
 * Removing an application from its target clusters when its Harbor is deleted, in an order that suits host
 * packages: first everything that runs or serves (imports, exports, workloads, Services, config), workloads
 * with foreground propagation so that they are only gone once their pods are; then, when nothing of that is
 * left, the Skyhook (NodeWright) objects of the node pools; last the namespaces Harbor created. Workloads go
 * before Skyhooks because they depend on the host packages (a GPU driver): removing a Skyhook first would let
 * the operator act on nodes (interrupts, uninstall of packages that support it) while the pods still run.
 * The Skyhook operator itself is never touched, so Skyhook's own rule (Skyhook objects before the operator)
 * holds. One level-triggered pass per call; the caller requeues until every cluster is clean.
 */
import type { KubeObject as HarborObject } from '../../src/harbor/kube-object.js';
import { compareObjects, isLongRunningWorkload } from '../../src/harbor/object-order.js';
import type { KubeClient } from '../runtime/index.js';
import { ownedObjects } from './owned-objects.js';
import { refFor } from './resource-refs.js';

/** The phase a cluster's uninstall is in. */
export type UninstallPhase = 'workloads' | 'hostPackages' | 'namespaces' | 'clean';

/** What one pass did on one cluster. */
export interface UninstallOutcome {
  readonly cluster: string;
  readonly phase: UninstallPhase;
  /** Objects deleted in this pass. */
  readonly deleted: number;
  /** Objects still there (being deleted) that hold the next phase, as `Kind namespace/name`. */
  readonly remaining: string[];
  /** A failure (unreachable, a refused delete). */
  readonly message?: string;
}

const isHook = (o: HarborObject): boolean => o.kind === 'Skyhook' || o.kind === 'NodeWright';
const shown = (o: HarborObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
const terminating = (o: HarborObject): boolean => typeof o.metadata['deletionTimestamp'] === 'string';

/** One uninstall pass on one cluster. */
export async function uninstallPass(cluster: string, client: KubeClient, application: string): Promise<UninstallOutcome> {
  const owned = await ownedObjects(client, application, true);
  if (!owned.ok) return { cluster, phase: 'workloads', deleted: 0, remaining: [], message: owned.message };
  const rest = owned.objects.filter((o) => !isHook(o) && o.kind !== 'Namespace');
  const hooks = owned.objects.filter(isHook);
  const namespaces = owned.objects.filter((o) => o.kind === 'Namespace');
  const [phase, batch]: [UninstallPhase, HarborObject[]] =
    rest.length > 0 ? ['workloads', rest] : hooks.length > 0 ? ['hostPackages', hooks] : ['namespaces', namespaces];
  let deleted = 0;
  let message: string | undefined;
  // Reverse apply order: imports and exports first, then jobs and workloads, Services, config.
  for (const o of batch.filter((x) => !terminating(x)).sort((a, b) => compareObjects(b, a))) {
    const ref = refFor(o.apiVersion, o.kind);
    if (ref === undefined) continue;
    const d = await client.delete(
      ref,
      o.metadata.namespace,
      o.metadata.name,
      isLongRunningWorkload(o.kind) || o.kind === 'Job' ? { propagationPolicy: 'Foreground' } : {},
    );
    if (d.ok || d.status === 404) deleted += 1;
    else message ??= `deleting ${shown(o)}: ${d.status === 0 ? 'unreachable' : `${d.status} ${d.reason}`}`;
  }
  if (phase === 'namespaces') {
    // Harbor does not wait for a namespace to empty: its contents were Harbor's and are gone already.
    return { cluster, phase: message === undefined ? 'clean' : 'namespaces', deleted, remaining: [], ...(message !== undefined ? { message } : {}) };
  }
  // What was deleted now may still be there (foreground deletion, finalizers): listed again next pass.
  const after = await ownedObjects(client, application, true);
  const still = after.ok ? after.objects.filter((o) => (phase === 'workloads' ? !isHook(o) && o.kind !== 'Namespace' : isHook(o))) : batch;
  if (still.length === 0 && message === undefined) {
    const next = await uninstallPass(cluster, client, application);
    return { ...next, deleted: next.deleted + deleted };
  }
  return { cluster, phase, deleted, remaining: still.map(shown).sort(), ...(message !== undefined ? { message } : {}) };
}
