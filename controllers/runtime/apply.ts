/**
 * Server-side apply with the operator's one field manager, reporting what happened as controller-runtime's
 * OperationResult does: created, updated or unchanged (the apply changed nothing, so the resourceVersion
 * stayed). Send only the fields the operator owns; the server merges them with everyone else's.
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/
 */
import { FIELD_MANAGER } from './constants.js';
import type { KubeClient, KubeResult } from './kube-client.js';
import type { KubeObject } from './kube-object.js';
import type { ResourceRef } from './resource.js';

/** What an apply did. */
export type OperationResult = 'created' | 'updated' | 'unchanged';

/** The outcome of applyObject. */
export type ApplyResult<T extends KubeObject> =
  { readonly ok: true; readonly operation: OperationResult; readonly object: T } | (KubeResult<never> & { readonly ok: false });

/** Options of applyObject. */
export interface ApplyOptions {
  /** @default FIELD_MANAGER */
  readonly fieldManager?: string;
  /** Take over fields another manager owns instead of failing with 409. @default true (controllers own their objects) */
  readonly force?: boolean;
  /** Apply to the status subresource. */
  readonly subresource?: 'status';
}

/**
 * Applies `intent` (apiVersion/kind may be left out; metadata.name and, for namespaced kinds, namespace are
 * required) and says whether it created, changed or left the object as it was.
 */
export async function applyObject<T extends KubeObject>(
  client: KubeClient,
  ref: ResourceRef,
  intent: KubeObject,
  opts: ApplyOptions = {},
): Promise<ApplyResult<T>> {
  const meta = intent.metadata ?? {};
  if (!meta.name) return { ok: false, status: 0, reason: 'Invalid', message: 'applyObject: metadata.name is required' };
  const before = await client.get<T>(ref, meta.namespace, meta.name);
  if (!before.ok && before.status !== 404) return before;
  const res = await client.applyPatch<T>(ref, intent, {
    fieldManager: opts.fieldManager ?? FIELD_MANAGER,
    force: opts.force ?? true,
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
  });
  if (!res.ok) return res;
  return { ok: true, operation: operationOf(before.ok ? before.body : undefined, res.body, res.status), object: res.body };
}

/**
 * Classifies an apply from the object before (undefined: absent), the object after and the HTTP status.
 * Pure. A no-op apply leaves resourceVersion as it was.
 */
export function operationOf(before: KubeObject | undefined, after: KubeObject, status: number): OperationResult {
  if (status === 201 || before === undefined) return 'created';
  return before.metadata?.resourceVersion === after.metadata?.resourceVersion ? 'unchanged' : 'updated';
}
