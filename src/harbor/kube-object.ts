/** The plain shape of a Kubernetes object as renderers return it, and the unit Harbor places: one object on one cluster. */

/** The metadata renderers set. */
export interface KubeMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Anything else a manifest carries (uid, resourceVersion, ... are stripped before rendering). */
  [field: string]: unknown;
}

/** A Kubernetes object: apiVersion, kind, metadata and any body. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMeta;
  [field: string]: unknown;
}

/** One object destined for one target cluster. */
export interface ClusterObject {
  readonly cluster: string;
  readonly object: KubeObject;
}

/** `group/Kind namespace/name`, the identity of an object on a cluster (for sorting, diffs and messages). */
export function objectKey(o: KubeObject): string {
  return `${o.apiVersion}/${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
