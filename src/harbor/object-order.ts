/**
 * The dependency order Harbor applies objects in (and the reverse it prunes in): namespaces, host
 * preparation (Skyhook), configuration, Services, workloads, then the cross-cluster exports and imports.
 * Within a kind, by namespace and name, so output is deterministic.
 */
import { objectKey, type KubeObject } from './kube-object.js';

const KIND_ORDER = [
  'Namespace',
  'Skyhook',
  'NodeWright',
  'ServiceAccount',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'Service',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ServiceExport',
  'ServiceImport',
];

/** Rank of a kind in the apply order; unknown kinds go after configuration and before Services. */
export function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.indexOf('Service') - 0.5 : i;
}

/** Compares two objects in apply order. */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  const r = kindRank(a.kind) - kindRank(b.kind);
  if (r !== 0) return r;
  const ka = objectKey(a);
  const kb = objectKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** True for kinds whose pods must be available before an old placement may be removed. */
export function isLongRunningWorkload(kind: string): boolean {
  return kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet';
}
