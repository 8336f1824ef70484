/** Where each kind Harbor renders lives on a target cluster's API server (group, version, plural, scope). */
import { apiVersionOf, type ResourceRef } from '../runtime/index.js';

const REFS: readonly ResourceRef[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true },
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true },
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true },
  { group: 'skyhook.nvidia.com', version: 'v1alpha1', kind: 'Skyhook', plural: 'skyhooks', namespaced: false },
  { group: 'nodewright.nvidia.com', version: 'v1alpha1', kind: 'NodeWright', plural: 'nodewrights', namespaced: false },
  { group: 'multicluster.x-k8s.io', version: 'v1alpha1', kind: 'ServiceExport', plural: 'serviceexports', namespaced: true },
  { group: 'multicluster.x-k8s.io', version: 'v1alpha1', kind: 'ServiceImport', plural: 'serviceimports', namespaced: true },
];

/** Every kind Harbor renders, in apply order (what it lists as its own on a target cluster). */
export const HARBOR_KINDS: readonly ResourceRef[] = REFS;

/** The resource of an apiVersion and kind Harbor renders, or undefined for a kind it does not know. */
export function refFor(apiVersion: string, kind: string): ResourceRef | undefined {
  return REFS.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}
