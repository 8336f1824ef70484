/**
 * Reads a Plan by the name a user types: the Plan's own name, or the application's (`shop` finds
 * `shop-plan`, the name the operator gives a Plan), with a message naming what was not found.
 */
import type { KubeObject } from '../../../controllers/runtime/kube-object.js';
import { ATLAS_REF, PLAN_REF } from '../../../controllers/skycluster-refs.js';
import type { KubeConnection } from './kube-connect.js';
import { explainFailure, isServed } from './kube-errors.js';

/** Suffix of the Plan's name after the application id (optimizer/plan/build-plan.ts planName). */
const PLAN_SUFFIX = '-plan';

/** The Plan named `name` (or `${name}-plan`), or why it could not be read. */
export async function fetchPlan(kube: KubeConnection, name: string): Promise<{ ok: true; plan: KubeObject } | { ok: false; message: string }> {
  const { client, namespace } = kube;
  const got = await client.get<KubeObject>(PLAN_REF, namespace, name);
  if (got.ok) return { ok: true, plan: got.body };
  if (got.status === 404 && !name.endsWith(PLAN_SUFFIX)) {
    const alt = await client.get<KubeObject>(PLAN_REF, namespace, `${name}${PLAN_SUFFIX}`);
    if (alt.ok) return { ok: true, plan: alt.body };
    if (alt.status === 404 && (await isServed(client, PLAN_REF)))
      return { ok: false, message: `Plan "${name}" (or "${name}${PLAN_SUFFIX}") not found in namespace "${namespace}"` };
    return { ok: false, message: await explainFailure(client, alt, { ref: PLAN_REF, namespace, name }) };
  }
  return { ok: false, message: await explainFailure(client, got, { ref: PLAN_REF, namespace, name }) };
}

/** The Atlas the approval gate derived from `plan` (same namespace, controller-owned by it), if any. */
export async function fetchOwnedAtlas(
  kube: KubeConnection,
  plan: KubeObject,
  atlasName: string,
): Promise<{ ok: true; atlas?: KubeObject } | { ok: false; message: string }> {
  const ns = plan.metadata?.namespace ?? kube.namespace;
  const got = await kube.client.get<KubeObject>(ATLAS_REF, ns, atlasName);
  if (got.status === 404) return { ok: true };
  if (!got.ok) return { ok: false, message: await explainFailure(kube.client, got, { ref: ATLAS_REF, namespace: ns, name: atlasName }) };
  const owned = (got.body.metadata?.ownerReferences ?? []).some((r) => r.controller && r.kind === 'Plan' && r.uid === plan.metadata?.uid);
  return owned ? { ok: true, atlas: got.body } : { ok: true };
}
