/**
 * Harbor's transition executor against two real kube-apiservers (the target clusters): a plan spanning both
 * is deployed (the right objects on each, nothing extra), a component moves (the new placement is up before
 * the old one is pruned; exports and imports follow), one cluster becomes unreachable (the other converges and
 * the outcome names the failed cluster), and the plan is removed (nothing Harbor owns is left, and an object
 * Harbor does not own is never touched). The tests play kubelet: they write the workloads' status.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { executeTransition } from '../controllers/harbor/execute-transition.js';
import { refFor } from '../controllers/harbor/resource-refs.js';
import { applyObject, KubeClient, type KubeObject } from '../controllers/runtime/index.js';
import { planTransition } from '../src/harbor/plan-transition.js';
import { renderHarbor, type ClusterRender } from '../src/harbor/render-harbor.js';
import { APP_MANIFESTS, APP_PLAN, APP_POLICY, DB, TRAINER, WEB } from '../src/harbor/testing/app-fixtures.js';
import { placement, planSpec } from '../src/harbor/testing/plan-fixtures.js';
import { clientFor } from './kube/kube-client-helpers.js';
import { useKubeServer } from './kube/kube-test-env.js';
import { installHarborTargetCrds, makeHarborWorkloadsAvailable } from './harbor-targets.js';

const AWS = 'shop-aws-us-east-1';
const GCP = 'shop-gcp-us-central1';
const render = (plan = APP_PLAN): ClusterRender[] => renderHarbor({ plan, policy: APP_POLICY, manifests: APP_MANIFESTS }).clusters;
const moved = planSpec(
  [WEB, placement('api', 'gcp/us-central1/us-central1-a'), DB, TRAINER],
  [
    ['web', 'api', 120],
    ['api', 'db', 40],
    ['trainer', 'db', 10],
  ],
);
let clients: Map<string, KubeClient>;

/** What Harbor owns on a cluster, as `Kind/namespace/name`, read back from the API server. */
async function owned(client: KubeClient): Promise<string[]> {
  const kinds: [string, string][] = [
    ['v1', 'Namespace'],
    ['v1', 'ConfigMap'],
    ['v1', 'Secret'],
    ['v1', 'Service'],
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'StatefulSet'],
    ['batch/v1', 'Job'],
    ['skyhook.nvidia.com/v1alpha1', 'Skyhook'],
    ['multicluster.x-k8s.io/v1alpha1', 'ServiceExport'],
    ['multicluster.x-k8s.io/v1alpha1', 'ServiceImport'],
  ];
  const out: string[] = [];
  for (const [v, k] of kinds) {
    const r = await client.list(refFor(v, k)!, undefined, { labelSelector: 'app.kubernetes.io/managed-by=skycluster-harbor' });
    if (!r.ok) throw new Error(`${k}: ${r.message}`);
    for (const o of r.body.items) if (!o.metadata?.deletionTimestamp) out.push(`${k}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);
  }
  return out.sort();
}
const expected = (r: readonly ClusterRender[], cluster: string): string[] =>
  (r.find((c) => c.cluster === cluster)?.objects ?? []).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();

beforeAll(async () => {
  const [aws, gcp] = await Promise.all([
    useKubeServer('harbor-aws', { crds: false, controllerManager: true }),
    useKubeServer('harbor-gcp', { crds: false, controllerManager: true }),
  ]);
  await Promise.all([installHarborTargetCrds(aws.admin), installHarborTargetCrds(gcp.admin)]);
  clients = new Map([
    [AWS, aws.admin],
    [GCP, gcp.admin],
  ]);
});

describe('executeTransition on two target clusters', () => {
  it('deploys a plan spanning both: waits for availability, then is done with exactly the rendered objects', async () => {
    const steps = planTransition([], render());
    const first = await executeTransition(steps, clients);
    expect(first.done).toBe(false);
    expect(first.clusters.find((c) => c.cluster === AWS)?.waiting.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/api', 'StatefulSet/db']);
    await Promise.all([makeHarborWorkloadsAvailable(clients.get(AWS)!), makeHarborWorkloadsAvailable(clients.get(GCP)!)]);
    const second = await executeTransition(steps, clients);
    expect(second).toEqual({
      done: true,
      clusters: [
        expect.objectContaining({ cluster: AWS, reachable: true, waiting: [] }),
        expect.objectContaining({ cluster: GCP, reachable: true, waiting: [] }),
      ],
    });
    expect(await owned(clients.get(AWS)!)).toEqual(expected(render(), AWS));
    expect(await owned(clients.get(GCP)!)).toEqual(expected(render(), GCP));
  });

  it('moves a component: the old placement stays until the new one is available; exports and imports follow', async () => {
    const steps = planTransition(render(), render(moved));
    const first = await executeTransition(steps, clients);
    expect(first.done).toBe(false);
    expect(first.clusters.find((c) => c.cluster === GCP)?.waiting.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/api']);
    // Nothing pruned yet: api still runs in AWS while the GCP one comes up.
    expect(await owned(clients.get(AWS)!)).toContain('Deployment/shop/api');
    expect(await owned(clients.get(GCP)!)).toContain('Deployment/shop/api');
    await makeHarborWorkloadsAvailable(clients.get(GCP)!);
    const second = await executeTransition(steps, clients);
    expect(second.done).toBe(true);
    expect(await owned(clients.get(AWS)!)).toEqual(expected(render(moved), AWS));
    expect(await owned(clients.get(GCP)!)).toEqual(expected(render(moved), GCP));
    expect(await owned(clients.get(AWS)!)).toContain('ServiceExport/shop/db'); // api → db now crosses
    expect(await owned(clients.get(GCP)!)).toContain('ServiceImport/shop/db');
    expect(await owned(clients.get(AWS)!)).not.toContain('ServiceExport/shop/api');
  });

  it('an unreachable cluster is named; the other converges', async () => {
    const dead = clientFor({ server: 'https://127.0.0.1:1', caPem: '', name: 'dead' }, 'x');
    const withDead = new Map([
      [AWS, dead],
      [GCP, clients.get(GCP)!],
    ]);
    // Back to the first plan: api returns to AWS (unreachable now), web stays in GCP.
    const steps = planTransition(render(moved), render());
    const r = await executeTransition(steps, withDead);
    expect(r.done).toBe(false);
    const aws = r.clusters.find((c) => c.cluster === AWS);
    expect(aws?.reachable).toBe(false);
    expect(aws?.message).toMatch(/^applying .*: unreachable: /);
    const gcp = r.clusters.find((c) => c.cluster === GCP);
    expect(gcp).toMatchObject({ reachable: true, applied: expect.any(Number) });
    // Nothing is pruned while a cluster is down: the GCP api keeps serving.
    expect(await owned(clients.get(GCP)!)).toContain('Deployment/shop/api');
  });

  it('with a cluster down, the other still prunes the old workloads of components that have nothing on it', async () => {
    const dead = clientFor({ server: 'https://127.0.0.1:1', caPem: '', name: 'dead' }, 'x');
    const gcp = clients.get(GCP)!;
    const legacy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'legacy',
        namespace: 'shop',
        labels: { 'app.kubernetes.io/managed-by': 'skycluster-harbor', 'skycluster.io/app-id': 'shop', 'skycluster.io/component': 'legacy' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'legacy' } },
        template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'l', image: 'l:1' }] } },
      },
    };
    expect((await applyObject(gcp, refFor('apps/v1', 'Deployment')!, legacy, { fieldManager: 'skycluster-harbor' })).ok).toBe(true);
    await makeHarborWorkloadsAvailable(gcp);
    // Before: the moved plan plus the legacy workload on GCP; after: the first plan (api back on AWS, which is down).
    const before = render(moved).map((c) => (c.cluster === GCP ? { ...c, objects: [...c.objects, legacy] } : c));
    const r = await executeTransition(
      planTransition(before, render()),
      new Map([
        [AWS, dead],
        [GCP, gcp],
      ]),
    );
    expect(r.done).toBe(false);
    expect(r.clusters.find((c) => c.cluster === GCP)).toMatchObject({ reachable: true, pruned: 1 });
    expect(await owned(gcp)).not.toContain('Deployment/shop/legacy'); // nothing of it on the down cluster
    expect(await owned(gcp)).toContain('Deployment/shop/api'); // its new placement is on the down cluster: kept
    expect(await owned(gcp)).toContain('ServiceImport/shop/db'); // not a workload: waits for the cluster
  });

  it('removes the plan: nothing Harbor owns is left, and what it does not own is untouched', async () => {
    const gcp = clients.get(GCP)!;
    const ns = refFor('v1', 'Namespace')!;
    expect((await gcp.create(ns, { metadata: { name: 'scratch' } })).ok).toBe(true);
    // A stale rendering names the foreign namespace too: Harbor must still leave it alone (no ownership label).
    // The unreachable pass left GCP with objects of both plans: remove the union of the two renderings.
    const current = render(moved).map((c) => {
      const other = render().find((o) => o.cluster === c.cluster)?.objects ?? [];
      const extra = c.cluster === GCP ? [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch' } }] : [];
      return { ...c, objects: [...c.objects, ...other, ...extra] };
    });
    const r = await executeTransition(planTransition(current, []), clients);
    expect(r.done).toBe(true);
    expect(await owned(clients.get(AWS)!)).toEqual([]);
    expect(await owned(gcp)).toEqual([]);
    const still = await gcp.get<KubeObject>(ns, undefined, 'scratch');
    expect(still.ok && still.body.metadata?.deletionTimestamp === undefined).toBe(true);
  });
});
