/**
 * A failed API call in words for a user: unreachable server, refused credentials, forbidden, an object or a
 * whole kind not found. Branches on the HTTP status only; the server's own message is quoted where it says
 * more (a 403 names the verb, resource and namespace).
 */
import type { KubeClient, KubeResult } from '../../../controllers/runtime/kube-client.js';
import { apiVersionOf, type ResourceRef } from '../../../controllers/runtime/resource.js';

type Failure = KubeResult<never> & { ok: false };

/** What the failed call was about. */
export interface CallTarget {
  readonly ref: ResourceRef;
  readonly namespace?: string;
  /** The object's name (a get, patch or apply); absent for a list. */
  readonly name?: string;
}

const where = (t: CallTarget): string => (t.ref.namespaced && t.namespace ? ` in namespace "${t.namespace}"` : '');

/** The failure as one line (no stack trace, no JSON). `served` says whether the kind is served (for a 404). */
export function describeFailure(res: Failure, server: string, target: CallTarget, served = true): string {
  if (res.status === 0) return `cannot reach the API server at ${server} (${res.message})`;
  if (res.status === 401) return `the API server at ${server} refused the kubeconfig's credentials (HTTP 401 Unauthorized)`;
  if (res.status === 403) return `forbidden (HTTP 403): ${res.message}`;
  if (res.status === 404 && !served)
    return `the cluster does not serve ${apiVersionOf(target.ref)} ${target.ref.kind}: install skycluster's CRDs first (skycluster install --apply)`;
  if (res.status === 404 && target.name !== undefined) return `${target.ref.kind} "${target.name}" not found${where(target)}`;
  if (res.status === 409) return `conflict (HTTP 409): ${res.message}`;
  return `HTTP ${res.status} ${res.reason}: ${res.message}`;
}

/**
 * After a 404: is the kind served at all (its API group lists the resource)? A missing CRD and a missing
 * object both answer 404; the discovery document tells them apart without reading any message.
 */
export async function isServed(client: KubeClient, ref: ResourceRef): Promise<boolean> {
  const path = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const res = await client.request<{ resources?: { name: string }[] }>('GET', path);
  if (!res.ok) return res.status !== 404;
  return (res.body.resources ?? []).some((r) => r.name === ref.plural);
}

/** describeFailure, after asking discovery whether a 404 means a missing kind. */
export async function explainFailure(client: KubeClient, res: Failure, target: CallTarget): Promise<string> {
  const served = res.status === 404 ? await isServed(client, target.ref) : true;
  return describeFailure(res, client.connection.server, target, served);
}
