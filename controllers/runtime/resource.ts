/**
 * Where a kind lives on the API server: group, version, plural and scope, and the REST paths built from them.
 * Pure; the client (kube-client.ts) sends requests to these paths.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris
 */

/** A resource type on the API server. `group` is '' for the core group (v1 Pods, Events, ...). */
export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** The apiVersion field of objects of `ref` ("v1" or "group/version"). */
export function apiVersionOf(ref: ResourceRef): string {
  return ref.group === '' ? ref.version : `${ref.group}/${ref.version}`;
}

/** Where one object or a collection sits: namespace (namespaced kinds), name, subresource (status, scale). */
export interface ResourceLocation {
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly subresource?: string | undefined;
}

/**
 * The REST path of a collection (no name) or an object. Without a namespace a namespaced kind gives the
 * all-namespaces collection path.
 * @returns e.g. /apis/policy.skycluster.io/v1alpha1/namespaces/ns/deploymentpolicies/a/status
 */
export function resourcePath(ref: ResourceRef, at: ResourceLocation = {}): string {
  const root = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const ns = ref.namespaced && at.namespace !== undefined ? `/namespaces/${encodeURIComponent(at.namespace)}` : '';
  const name = at.name !== undefined ? `/${encodeURIComponent(at.name)}` : '';
  const sub = at.name !== undefined && at.subresource !== undefined ? `/${at.subresource}` : '';
  return `${root}${ns}/${ref.plural}${name}${sub}`;
}

/** The queue key of an object: "namespace/name", or "name" for cluster-scoped objects (client-go's format). */
export function objectKey(meta: { readonly namespace?: string | undefined; readonly name?: string | undefined }): string {
  const name = meta.name ?? '';
  return meta.namespace ? `${meta.namespace}/${name}` : name;
}

/** Splits a key made by objectKey back into namespace (undefined for cluster-scoped) and name. */
export function parseObjectKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Built-in kinds the runtime itself uses (Lease for leader election, Event for the recorder). */
export const BUILTIN = {
  lease: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true },
  event: { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  namespace: { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  configMap: { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  deployment: { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  crd: {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
} as const satisfies Record<string, ResourceRef>;
