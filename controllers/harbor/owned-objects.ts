/**
 * What Harbor owns for one application on a target cluster, read back from its API server: every object of the
 * kinds Harbor renders that carries the ownership label (`app.kubernetes.io/managed-by: skycluster-harbor`) and
 * the application's id label. Kinds the cluster does not serve (a CRD not installed: 404) are skipped. This is
 * the "before" of each transition, so pruning follows what is really there, not what an earlier pass believed.
 */
import type { KubeObject as HarborObject } from '../../src/harbor/kube-object.js';
import { HARBOR_MANAGER, LABEL_APP, LABEL_MANAGED_BY } from '../../src/harbor/labels.js';
import { stableName } from '../../src/util/names.js';
import { apiVersionOf, type KubeClient } from '../runtime/index.js';
import { HARBOR_KINDS } from './resource-refs.js';

/** Owned objects, or the failed request (status 0: unreachable). */
export type OwnedObjects =
  { readonly ok: true; readonly objects: HarborObject[] } | { readonly ok: false; readonly status: number; readonly message: string };

/** The label selector of an application's objects on a target. */
export function ownedSelector(application: string): string {
  return `${LABEL_MANAGED_BY}=${HARBOR_MANAGER},${LABEL_APP}=${stableName([application])}`;
}

/**
 * Lists the application's owned objects on one cluster.
 * @param includeTerminating also objects already being deleted (the uninstall waits for them) @default false
 */
export async function ownedObjects(client: KubeClient, application: string, includeTerminating = false): Promise<OwnedObjects> {
  const objects: HarborObject[] = [];
  for (const ref of HARBOR_KINDS) {
    const r = await client.list(ref, undefined, { labelSelector: ownedSelector(application) });
    if (!r.ok) {
      if (r.status === 404) continue;
      return {
        ok: false,
        status: r.status,
        message: `listing ${ref.plural}: ${r.status === 0 ? 'unreachable' : `${r.status} ${r.reason}`}: ${r.message}`,
      };
    }
    for (const o of r.body.items)
      if (includeTerminating || !o.metadata?.deletionTimestamp)
        objects.push({ ...(o as HarborObject), apiVersion: apiVersionOf(ref), kind: ref.kind });
  }
  return { ok: true, objects };
}
