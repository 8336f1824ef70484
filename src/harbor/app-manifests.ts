/**
 * Reading an application's manifests (the Deployments, StatefulSets, Jobs, Services, ConfigMaps and Secrets
 * in the management cluster): which object a component refers to, its pod template, the labels its pods
 * carry, the ConfigMaps and Secrets its pods reference, and the Services that select it. Pure.
 */
import type { ComponentRef } from '../api/common.js';
import type { KubeObject } from './kube-object.js';

/** Workload kinds Harbor deploys: those SkyCluster's components name. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object a component refers to (default apps/v1 Deployment in the policy's namespace), if the manifests hold it. */
export function findComponentManifest(ref: ComponentRef, policyNamespace: string, manifests: readonly KubeObject[]): KubeObject | undefined {
  const kind = ref.kind ?? 'Deployment';
  const apiVersion = ref.apiVersion ?? (kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1');
  const namespace = ref.namespace ?? policyNamespace;
  return manifests.find(
    (m) => m.kind === kind && m.apiVersion === apiVersion && m.metadata.name === ref.name && (m.metadata.namespace ?? policyNamespace) === namespace,
  );
}

/** The pod template (`{metadata, spec}`) of a workload, or undefined for other kinds. */
export function podTemplateOf(workload: KubeObject): { metadata?: Record<string, unknown>; spec?: Record<string, unknown> } | undefined {
  const spec = workload['spec'];
  if (!isRecord(spec)) return undefined;
  if (workload.kind === 'CronJob') {
    const job = spec['jobTemplate'];
    const jobSpec = isRecord(job) ? job['spec'] : undefined;
    const t = isRecord(jobSpec) ? jobSpec['template'] : undefined;
    return isRecord(t) ? (t as { metadata?: Record<string, unknown>; spec?: Record<string, unknown> }) : undefined;
  }
  const t = spec['template'];
  return isRecord(t) ? (t as { metadata?: Record<string, unknown>; spec?: Record<string, unknown> }) : undefined;
}

/** The labels the workload's pods carry. */
export function podLabels(workload: KubeObject): Record<string, string> {
  const labels = podTemplateOf(workload)?.metadata?.['labels'];
  return isRecord(labels) ? (Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : {};
}

/** A ConfigMap or Secret a pod spec references, and whether the reference is optional. */
export interface ConfigReference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly optional: boolean;
}

/** Every ConfigMap and Secret a pod spec references: volumes (also projected), env, envFrom, imagePullSecrets. */
export function configReferences(podSpec: Record<string, unknown> | undefined): ConfigReference[] {
  const out: ConfigReference[] = [];
  const add = (kind: ConfigReference['kind'], name: unknown, optional: unknown): void => {
    if (typeof name === 'string' && name !== '') out.push({ kind, name, optional: optional === true });
  };
  if (podSpec === undefined) return out;
  const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);
  for (const vol of list(podSpec['volumes'])) {
    const cm = vol['configMap'];
    if (isRecord(cm)) add('ConfigMap', cm['name'], cm['optional']);
    const s = vol['secret'];
    if (isRecord(s)) add('Secret', s['secretName'], s['optional']);
    const projected = vol['projected'];
    for (const src of list(isRecord(projected) ? projected['sources'] : undefined)) {
      const pcm = src['configMap'];
      if (isRecord(pcm)) add('ConfigMap', pcm['name'], pcm['optional']);
      const ps = src['secret'];
      if (isRecord(ps)) add('Secret', ps['name'], ps['optional']);
    }
  }
  for (const c of [...list(podSpec['initContainers']), ...list(podSpec['containers'])]) {
    for (const e of list(c['env'])) {
      const from = e['valueFrom'];
      if (!isRecord(from)) continue;
      const cm = from['configMapKeyRef'];
      if (isRecord(cm)) add('ConfigMap', cm['name'], cm['optional']);
      const s = from['secretKeyRef'];
      if (isRecord(s)) add('Secret', s['name'], s['optional']);
    }
    for (const e of list(c['envFrom'])) {
      const cm = e['configMapRef'];
      if (isRecord(cm)) add('ConfigMap', cm['name'], cm['optional']);
      const s = e['secretRef'];
      if (isRecord(s)) add('Secret', s['name'], s['optional']);
    }
  }
  for (const p of list(podSpec['imagePullSecrets'])) add('Secret', p['name'], false);
  const unique = new Map(out.map((r) => [`${r.kind}/${r.name}`, r]));
  // A reference is optional only if every use of it is.
  for (const r of out) if (!r.optional) unique.set(`${r.kind}/${r.name}`, r);
  return [...unique.values()].sort((a, b) => (`${a.kind}/${a.name}` < `${b.kind}/${b.name}` ? -1 : 1));
}

/** True when a Service's selector is non-empty and every pair is in `labels`. */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([k, v]) => labels[k] === v);
}

/** The Kubernetes Services among the manifests, in `namespace`, whose selector matches `labels`. */
export function servicesSelecting(
  manifests: readonly KubeObject[],
  namespace: string,
  defaultNamespace: string,
  labels: Readonly<Record<string, string>>,
): KubeObject[] {
  return manifests.filter((m) => {
    if (m.apiVersion !== 'v1' || m.kind !== 'Service' || (m.metadata.namespace ?? defaultNamespace) !== namespace) return false;
    const spec = m['spec'];
    const selector = isRecord(spec) && isRecord(spec['selector']) ? (spec['selector'] as Record<string, string>) : {};
    return selectorMatches(selector, labels);
  });
}
