/**
 * Shared by the Harbor tests on real target API servers (test/harbor-execute.test.ts,
 * test/controllers/harbor.test.ts): the CRDs a target needs, and a stand-in for the kubelet and the workload
 * controllers, which a bare kube-apiserver does not run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { refFor } from '../controllers/harbor/resource-refs.js';
import { applyObject, type KubeClient, type KubeObject } from '../controllers/runtime/index.js';
import { installCrdObjects, installCrds } from './kube/kube-client-helpers.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Installs the MCS ServiceExport/ServiceImport CRDs and Skyhook's CRD on a target. v1.20 refuses the
 * empty-string default of the Skyhook CRD's status.packageList (see test/kube-harbor-dry-run.test.ts), so that
 * one default is removed; it touches status only.
 */
export async function installHarborTargetCrds(client: KubeClient): Promise<void> {
  await installCrds(client, [
    join(ROOT, 'test/fixtures/mcs/multicluster.x-k8s.io_serviceexports.yaml'),
    join(ROOT, 'test/fixtures/mcs/multicluster.x-k8s.io_serviceimports.yaml'),
  ]);
  const crd = parse(readFileSync(join(ROOT, 'test/fixtures/skyhook/skyhook.nvidia.com_skyhooks.crd.yaml'), 'utf8')) as {
    spec: { versions: { schema: { openAPIV3Schema: { properties: { status: { properties: Record<string, { default?: unknown }> } } } } }[] };
  };
  delete crd.spec.versions[0]!.schema.openAPIV3Schema.properties.status.properties['packageList']!.default;
  await installCrdObjects(client, [crd as unknown as KubeObject]);
}

/** Plays kubelet and the workload controllers: every Harbor Deployment/StatefulSet on the cluster becomes available. */
export async function makeHarborWorkloadsAvailable(client: KubeClient): Promise<void> {
  for (const [v, k] of [
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'StatefulSet'],
  ] as const) {
    const ref = refFor(v, k)!;
    const r = await client.list(ref, undefined, { labelSelector: 'app.kubernetes.io/managed-by=skycluster-harbor' });
    if (!r.ok) throw new Error(r.message);
    for (const o of r.body.items) {
      const replicas = (o['spec'] as { replicas?: number }).replicas ?? 1;
      // Each kind's own status fields (v1.20 StatefulSetStatus has no availableReplicas).
      const status =
        k === 'Deployment'
          ? { observedGeneration: o.metadata?.generation, replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas }
          : { observedGeneration: o.metadata?.generation, replicas, readyReplicas: replicas };
      const s = await applyObject(
        client,
        ref,
        { apiVersion: v, kind: k, metadata: { name: o.metadata!.name!, namespace: o.metadata!.namespace! }, status },
        { fieldManager: 'test-kubelet', subresource: 'status' },
      );
      if (!s.ok) throw new Error(s.message);
    }
  }
}
