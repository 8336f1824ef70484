/**
 * Secrets at the Atlas controller's edge: reading a Secret's data (decoded, for the engine only), and the
 * kubeconfig Secret the controller writes per cluster stack in the Atlas's namespace, controller-owned by the
 * Atlas (garbage-collected with it). Values never leave these functions except into the engine's context
 * and the Secret itself.
 */
import { stableName } from '../../src/util/names.js';
import { controllerReference, LABELS, MANAGED_BY_VALUE, type KubeClient, type KubeObject, type ResourceRef } from '../runtime/index.js';

/** core/v1 Secret. */
export const SECRET_REF: ResourceRef = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };

/** Label on kubeconfig Secrets naming their Atlas (the controller's Secret informer selects on it). */
export const ATLAS_LABEL = 'skycluster.io/atlas';

/** The key of the kubeconfig in its Secret. */
export const KUBECONFIG_KEY = 'kubeconfig';

/** Name of the kubeconfig Secret of a stack. */
export function kubeconfigSecretName(stack: string): string {
  return stableName([stack, 'kubeconfig']);
}

/** A Secret's data, decoded; undefined when it does not exist. Throws on other API errors (the reconcile retries). */
export async function readSecretData(client: KubeClient, namespace: string, name: string): Promise<Record<string, string> | undefined> {
  const got = await client.get<KubeObject & { data?: Record<string, string> }>(SECRET_REF, namespace, name);
  if (got.status === 404) return undefined;
  if (!got.ok) throw new Error(`reading Secret ${namespace}/${name}: ${got.status} ${got.reason}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(got.body.data ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
  return out;
}

/** The kubeconfig Secret of `stack` for `atlas` (read from the server: it carries the uid the owner reference needs). */
export function kubeconfigSecretIntent(atlas: KubeObject, stack: string, kubeconfig: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: kubeconfigSecretName(stack),
      namespace: atlas.metadata?.namespace,
      labels: { [LABELS.managedBy]: MANAGED_BY_VALUE, [ATLAS_LABEL]: atlas.metadata?.name ?? '' },
      ownerReferences: [controllerReference(atlas)],
    },
    type: 'Opaque',
    data: { [KUBECONFIG_KEY]: Buffer.from(kubeconfig, 'utf8').toString('base64') },
  } as KubeObject;
}

/**
 * A WireGuard key Secret the controller creates for a gateway that has none (keys: `key` for the private key,
 * `publicKey`). Owned by the Atlas when it is in the Atlas's namespace, so it goes with it.
 */
export function wireguardSecretIntent(
  atlas: KubeObject,
  ref: { readonly namespace: string; readonly name: string; readonly key: string },
  pair: { readonly privateKey: string; readonly publicKey: string },
): KubeObject {
  const own = ref.namespace === atlas.metadata?.namespace;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: { [LABELS.managedBy]: MANAGED_BY_VALUE, [ATLAS_LABEL]: atlas.metadata?.name ?? '' },
      ...(own ? { ownerReferences: [controllerReference(atlas)] } : {}),
    },
    type: 'Opaque',
    data: {
      [ref.key]: Buffer.from(pair.privateKey, 'utf8').toString('base64'),
      publicKey: Buffer.from(pair.publicKey, 'utf8').toString('base64'),
    },
  } as KubeObject;
}
