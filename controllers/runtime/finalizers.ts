/**
 * Finalizers: the pure list operations and the two writes (add before doing external work, remove once it is
 * cleaned up). Writes carry the resourceVersion that was read, so a stale object gives 409 Conflict and the
 * reconcile is retried on fresh data instead of overwriting someone else's finalizer list.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/
 */
import { FIELD_MANAGER } from './constants.js';
import type { KubeClient, KubeResult } from './kube-client.js';
import type { KubeObject } from './kube-object.js';
import type { ResourceRef } from './resource.js';

/** Whether `obj` carries `finalizer`. */
export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** The finalizer list with `finalizer` added once (order of the others kept). */
export function withFinalizer(finalizers: readonly string[] | undefined, finalizer: string): string[] {
  const list = finalizers ?? [];
  return list.includes(finalizer) ? [...list] : [...list, finalizer];
}

/** The finalizer list without `finalizer`. */
export function withoutFinalizer(finalizers: readonly string[] | undefined, finalizer: string): string[] {
  return (finalizers ?? []).filter((f) => f !== finalizer);
}

/** Adds `finalizer` to `obj` unless present. Returns the object as the server has it now. */
export function ensureFinalizer<T extends KubeObject>(client: KubeClient, ref: ResourceRef, obj: T, finalizer: string): Promise<KubeResult<T>> {
  if (hasFinalizer(obj, finalizer)) return Promise.resolve({ ok: true, status: 200, body: obj });
  return writeFinalizers(client, ref, obj, withFinalizer(obj.metadata?.finalizers, finalizer));
}

/** Removes `finalizer` from `obj` if present (the object may then be deleted by the server). */
export function removeFinalizer<T extends KubeObject>(client: KubeClient, ref: ResourceRef, obj: T, finalizer: string): Promise<KubeResult<T>> {
  if (!hasFinalizer(obj, finalizer)) return Promise.resolve({ ok: true, status: 200, body: obj });
  return writeFinalizers(client, ref, obj, withoutFinalizer(obj.metadata?.finalizers, finalizer));
}

function writeFinalizers<T extends KubeObject>(client: KubeClient, ref: ResourceRef, obj: T, finalizers: string[]): Promise<KubeResult<T>> {
  const meta = obj.metadata ?? {};
  // A merge patch with metadata.resourceVersion is conditional: 409 when the object changed since it was read.
  return client.patch<T>(
    ref,
    meta.namespace,
    meta.name ?? '',
    { metadata: { finalizers, resourceVersion: meta.resourceVersion } },
    { fieldManager: FIELD_MANAGER },
  );
}
