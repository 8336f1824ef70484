/**
 * Writes an object's status once per reconcile through the status subresource, conditional on the
 * resourceVersion read: on 409 Conflict it re-reads the object and recomputes the status from the fresh copy
 * (never blindly re-sends the stale one), a bounded number of times.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
 */
import { FIELD_MANAGER } from './constants.js';
import type { KubeClient, KubeResult } from './kube-client.js';
import type { KubeObject } from './kube-object.js';
import type { ResourceRef } from './resource.js';

/** The outcome of updateStatus: the object as written, or unchanged when compute returned undefined. */
export type StatusWriteResult<T extends KubeObject> =
  | { readonly ok: true; readonly operation: 'updated' | 'unchanged'; readonly object: T; readonly conflicts: number }
  | (KubeResult<never> & { readonly ok: false; readonly conflicts?: number });

/**
 * Sets `status` on the object named by `current` to compute(latest), retrying on 409 with a fresh read.
 * @param current the object as last read (its resourceVersion makes the first write conditional)
 * @param compute the desired status from an object; undefined means no write is needed
 * @param attempts @default 5
 */
export async function updateStatus<T extends KubeObject>(
  client: KubeClient,
  ref: ResourceRef,
  current: T,
  compute: (latest: T) => unknown,
  attempts = 5,
): Promise<StatusWriteResult<T>> {
  let obj = current;
  let conflicts = 0;
  for (let i = 0; i < attempts; i++) {
    const status = compute(obj);
    if (status === undefined) return { ok: true, operation: 'unchanged', object: obj, conflicts };
    const res = await client.replace<T>(ref, { ...obj, status } as T, 'status', { fieldManager: FIELD_MANAGER });
    if (res.ok) return { ok: true, operation: 'updated', object: res.body, conflicts };
    if (res.status !== 409) return { ...res, conflicts };
    conflicts++;
    const meta = obj.metadata ?? {};
    const fresh = await client.get<T>(ref, meta.namespace, meta.name ?? '');
    if (!fresh.ok) return { ...fresh, conflicts };
    obj = fresh.body;
  }
  return {
    ok: false,
    status: 409,
    reason: 'Conflict',
    message: `status of ${current.metadata?.name} still conflicting after ${attempts} attempts`,
    conflicts,
  };
}
