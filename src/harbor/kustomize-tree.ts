/**
 * Serialises a Harbor rendering as one kustomize tree per cluster (`<cluster>/kustomization.yaml` listing one
 * file per object, in apply order), which Argo CD or Flux can sync and `kubectl apply -k` accepts; and as a
 * YAML stream for printing, with Secret values redacted so they never reach a terminal or a log. Pure.
 * @see https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
 */
import { stringify } from 'yaml';
import type { HarborRender } from './render-harbor.js';
import type { KubeObject } from './kube-object.js';
import { kindRank } from './object-order.js';

/** One file of the tree: a path relative to the output directory, and its text. */
export interface TreeFile {
  readonly path: string;
  readonly text: string;
}

const HEADER = '# Rendered by `skycluster harbor render` from an approved Plan. Harbor owns these objects.\n';

/** The file name of an object: `<rank>-<kind>-<namespace>-<name>.yaml`, lower-case. */
function fileName(o: KubeObject): string {
  const rank = String(Math.floor(kindRank(o.kind) * 10)).padStart(3, '0');
  const parts = [o.kind, o.metadata.namespace, o.metadata.name].filter((p): p is string => p !== undefined && p !== '');
  return `${rank}-${parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')}.yaml`;
}

/** The kustomize tree of a rendering: per cluster a kustomization.yaml and one file per object. */
export function kustomizeTree(render: HarborRender): TreeFile[] {
  const files: TreeFile[] = [];
  for (const { cluster, objects } of render.clusters) {
    const names = objects.map(fileName);
    objects.forEach((o, i) => files.push({ path: `${cluster}/${names[i] as string}`, text: HEADER + stringify(o, { lineWidth: 0 }) }));
    const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: names };
    files.push({ path: `${cluster}/kustomization.yaml`, text: HEADER + stringify(kustomization, { lineWidth: 0 }) });
  }
  return files;
}

/** A copy of an object with every Secret value replaced, for printing. */
export function redacted(o: KubeObject): KubeObject {
  if (o.kind !== 'Secret' || o.apiVersion !== 'v1') return o;
  const copy: KubeObject = { ...o };
  for (const field of ['data', 'stringData']) {
    const values = o[field];
    if (values && typeof values === 'object') copy[field] = Object.fromEntries(Object.keys(values).map((k) => [k, '<redacted>']));
  }
  return copy;
}

/** The rendering as one YAML stream with a comment line per cluster; Secret values redacted. */
export function renderedYaml(render: HarborRender): string {
  const docs: string[] = [];
  for (const { cluster, objects } of render.clusters) {
    for (const o of objects) docs.push(`# cluster: ${cluster}\n${stringify(redacted(o), { lineWidth: 0 })}`);
  }
  return docs.join('---\n');
}
