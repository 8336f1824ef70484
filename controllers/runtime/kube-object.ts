/**
 * The wire shape of Kubernetes objects as this runtime reads them: plain JSON (timestamps stay RFC 3339
 * strings), only the metadata fields the runtime touches typed; everything else is the kind's business.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/
 */

/** An ownerReference entry. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** The metadata fields the runtime reads or writes. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** A list response (metadata.resourceVersion is the list's, to start a watch from; continue pages on). */
export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** A metav1.Status body, which the API server sends with every error. */
export interface KubeStatus {
  kind?: 'Status';
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  details?: { retryAfterSeconds?: number; name?: string; kind?: string };
}

/** The owner reference that makes `owner` the controller of an object (garbage collection, watches). */
export function controllerReference(owner: KubeObject): OwnerReference {
  const meta = owner.metadata ?? {};
  if (!owner.apiVersion || !owner.kind || !meta.name || !meta.uid) {
    throw new TypeError('controllerReference needs an owner read from the API server (apiVersion, kind, name, uid)');
  }
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: meta.name, uid: meta.uid, controller: true, blockOwnerDeletion: true };
}

/** Whether the object has been marked for deletion (it stays while finalizers remain). */
export function isBeingDeleted(obj: KubeObject): boolean {
  return obj.metadata?.deletionTimestamp !== undefined;
}
