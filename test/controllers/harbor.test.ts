/**
 * The Harbor controller with three real kube-apiservers: a management cluster ("mgmt": the project's CRDs; the
 * Harbor, its Plan, the DeploymentPolicy, the app's manifests, an Atlas whose status and spec name the
 * kubeconfig Secrets of the targets) and two target clusters ("east" = shop-aws-us-east-1, reached through
 * Atlas status.stacks[]; "west" = shop-gcp-us-central1, an on-prem-style entry of Atlas spec.clusters[]), with
 * the MCS CRDs and Skyhook's CRD installed. The targets run no controller manager: the test plays kubelet and
 * the workload controllers (it writes Deployment/StatefulSet status), the Skyhook operator (it writes the
 * Skyhook's status through the status subresource) and, on delete, the garbage collector (it clears the
 * foregroundDeletion finalizer).
 *
 * Skyhook's CRD (test/fixtures/skyhook, NVIDIA/skyhook operator/config/crd/bases) declares `default: ""` on
 * status.packageList, which kube-apiserver v1.20 refuses ("must not have a default of an empty string" in
 * that version's structural-schema checks); the test strips that one default before installing it.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addHarborController,
  HARBOR_FINALIZER,
  reconcileHarbor,
  TargetClients,
  type HarborReconcilerOptions,
} from '../../controllers/harbor/index.js';
import { KubeServiceStore } from '../../controllers/harbor/kube-service-store.js';
import { ownedObjects } from '../../controllers/harbor/owned-objects.js';
import { serviceDocument } from '../../controllers/harbor/service-flags.js';
import { refFor } from '../../controllers/harbor/resource-refs.js';
import {
  createMetrics,
  EventRecorder,
  Manager,
  OperatorConfigSchema,
  silentLogger,
  type KubeClient,
  type KubeObject,
} from '../../controllers/runtime/index.js';
import { ATLAS_REF, DEPLOYMENT_POLICY_REF, HARBOR_REF, PLAN_REF } from '../../controllers/skycluster-refs.js';
import type { HarborStatus } from '../../src/api/harbor.js';
import type { PlanSpec } from '../../src/api/plan.js';
import { renderHarbor } from '../../src/harbor/render-harbor.js';
import { APP_MANIFESTS, APP_PLAN, APP_POLICY, DB, TRAINER, WEB } from '../../src/harbor/testing/app-fixtures.js';
import { placement, planSpec } from '../../src/harbor/testing/plan-fixtures.js';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { installHarborTargetCrds, makeHarborWorkloadsAvailable } from '../harbor-targets.js';

const AWS = 'shop-aws-us-east-1';
const GCP = 'shop-gcp-us-central1';
const SECRET = refFor('v1', 'Secret')!;
const DEPLOYMENT = refFor('apps/v1', 'Deployment')!;
const SKYHOOK = refFor('skyhook.nvidia.com/v1alpha1', 'Skyhook')!;
const SERVICE = refFor('v1', 'Service')!;

let mgmt: KubeClient;
let east: KubeTestEnv;
let west: KubeTestEnv;
let ns: string;
let opts: HarborReconcilerOptions;
const logLines: string[] = [];
const events: string[] = [];

/** The fixtures (written for namespace "shop") moved to `namespace`. */
const inNamespace = <T>(o: T, namespace: string): T =>
  JSON.parse(JSON.stringify(o).replaceAll('"namespace":"shop"', `"namespace":"${namespace}"`)) as T;
const moved = planSpec(
  [WEB, placement('api', 'gcp/us-central1/us-central1-a'), DB, TRAINER],
  [
    ['web', 'api', 120],
    ['api', 'db', 40],
    ['trainer', 'db', 10],
  ],
);

async function create(client: KubeClient, obj: KubeObject): Promise<KubeObject> {
  const ref =
    obj.kind === 'Plan'
      ? PLAN_REF
      : obj.kind === 'DeploymentPolicy'
        ? DEPLOYMENT_POLICY_REF
        : obj.kind === 'Harbor'
          ? HARBOR_REF
          : obj.kind === 'Atlas'
            ? ATLAS_REF
            : refFor(obj.apiVersion ?? '', obj.kind ?? '')!;
  const { status: _s, ...body } = obj;
  const meta = { ...(obj.metadata ?? {}) };
  delete meta.uid;
  delete meta.resourceVersion;
  // The fixtures carry server-assigned addresses, as `kubectl get -o yaml` shows them; a create must not.
  if (obj.kind === 'Service') body['spec'] = { ...(body['spec'] as object), clusterIP: undefined, clusterIPs: undefined };
  const r = await client.create(ref, { ...body, metadata: meta });
  if (!r.ok) throw new Error(`creating ${obj.kind} ${meta.name}: ${r.status} ${r.message}`);
  return r.body;
}

/** The app, its policy, an (unapproved) Plan and the Harbor in `namespace` of the management cluster. */
async function createApp(namespace: string, approved: boolean): Promise<void> {
  for (const o of inNamespace(APP_MANIFESTS, namespace)) await create(mgmt, o as KubeObject);
  await create(mgmt, inNamespace(APP_POLICY, namespace) as unknown as KubeObject);
  await create(mgmt, {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Plan',
    metadata: { name: 'shop-plan', namespace },
    spec: { ...APP_PLAN, approval: { ...APP_PLAN.approval, approved } },
  });
  await create(mgmt, {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Harbor',
    metadata: { name: 'shop', namespace },
    spec: { planRef: { name: 'shop-plan' } },
  });
}

const kubeconfigSecret = (name: string, kubeconfig: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: ns },
  type: 'Opaque',
  data: { kubeconfig: Buffer.from(kubeconfig).toString('base64') },
});

async function harborStatus(namespace = ns): Promise<HarborStatus> {
  const r = await mgmt.get<KubeObject>(HARBOR_REF, namespace, 'shop');
  if (!r.ok) throw new Error(r.message);
  return (r.body['status'] ?? {}) as HarborStatus;
}
const ready = (s: HarborStatus) => s.conditions?.find((c) => c.type === 'Ready');

/** What Harbor owns on a target, as `Kind/namespace/name`. */
async function owned(env: KubeTestEnv): Promise<string[]> {
  const r = await ownedObjects(env.admin, 'shop');
  if (!r.ok) throw new Error(r.message);
  return r.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
}
const expected = (plan: PlanSpec, cluster: string): string[] =>
  (
    renderHarbor({ plan, policy: inNamespace(APP_POLICY, ns), manifests: inNamespace(APP_MANIFESTS, ns) }).clusters.find((c) => c.cluster === cluster)
      ?.objects ?? []
  )
    .map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();

beforeAll(async () => {
  const [m, e, w] = await Promise.all([
    useKubeServer('mgmt', { crds: true }),
    useKubeServer('east', { crds: false, controllerManager: false }),
    useKubeServer('west', { crds: false, controllerManager: false }),
  ]);
  mgmt = m.admin;
  east = e;
  west = w;
  await Promise.all([installHarborTargetCrds(east.admin), installHarborTargetCrds(west.admin)]);
  ns = await freshNamespace(mgmt, 'harbor');
  await createApp(ns, false);
  // The targets' kubeconfigs, only in Secrets named by the Atlas: east as a provisioned stack, west on-prem.
  await create(mgmt, kubeconfigSecret('shop-aws-kubeconfig', east.kubeconfig(east.info.adminToken)));
  await create(mgmt, kubeconfigSecret('shop-gcp-kubeconfig', west.kubeconfig(west.info.adminToken)));
  const atlas = await create(mgmt, {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Atlas',
    metadata: { name: 'shop', namespace: ns },
    spec: {
      planRef: { name: 'shop-plan' },
      application: 'shop',
      executionEnvironment: 'Kubernetes',
      clusters: [
        {
          name: GCP,
          platform: 'gcp',
          region: 'us-central1',
          siteKind: 'onprem',
          kubeconfigSecretRef: { name: 'shop-gcp-kubeconfig' },
          nodePools: [],
          instances: [],
        },
      ],
      links: [],
    },
  });
  const st = await mgmt.replace(
    ATLAS_REF,
    { ...atlas, status: { stacks: [{ name: AWS, phase: 'Ready', kubeconfigSecretRef: { name: 'shop-aws-kubeconfig', key: 'kubeconfig' } }] } },
    'status',
  );
  if (!st.ok) throw new Error(st.message);
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      logLines.push(chunk.toString());
      cb();
    },
  });
  opts = {
    management: mgmt,
    targets: new TargetClients(mgmt),
    now: () => '2026-12-02T13:00:00Z',
    pollMs: 1000,
    resyncMs: 60_000,
    log: pino(sink),
    events: { record: async (_o, type, reason, message) => void events.push(`${type} ${reason}: ${message}`) },
  };
});

describe('Harbor controller (management + two targets)', () => {
  it('an unapproved plan: condition PlanNotApproved, nothing applied on either target', async () => {
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'done' });
    const s = await harborStatus();
    expect(ready(s)).toMatchObject({ status: 'False', reason: 'PlanNotApproved' });
    expect(ready(s)?.message).toBe('Plan "shop-plan" is not approved: nothing is changed on the clusters until `skycluster plan approve`');
    expect(await owned(east)).toEqual([]);
    expect(await owned(west)).toEqual([]);
  });

  it('approved: the right objects on each target (pool selectors, tolerations, export/import), then Ready with the Skyhook status', async () => {
    const p = await mgmt.patch(PLAN_REF, ns, 'shop-plan', { spec: { approval: { approved: true } } });
    expect(p.ok).toBe(true);
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 1000 });
    expect(ready(await harborStatus())).toMatchObject({ status: 'False', reason: 'WaitingForAvailability' });
    expect(await owned(east)).toEqual(expected(APP_PLAN, AWS));
    expect(await owned(west)).toEqual(expected(APP_PLAN, GCP));
    expect(await owned(east)).toEqual(
      expect.arrayContaining([`Deployment/${ns}/api`, `ServiceExport/${ns}/api`, `StatefulSet/${ns}/db`, `Job/${ns}/trainer`]),
    );
    // The Secret a workload references is read by name (Secrets are never listed) and copied beside it.
    expect([...(await owned(east)), ...(await owned(west))]).toContain(`Secret/${ns}/db-credentials`);
    expect(await owned(west)).toEqual(expect.arrayContaining([`Deployment/${ns}/web`, `ServiceImport/${ns}/api`]));
    expect(await owned(west)).not.toContain(`Deployment/${ns}/api`);
    const web = await west.admin.get<KubeObject>(DEPLOYMENT, ns, 'web');
    const pod = ((web.ok ? web.body['spec'] : {}) as { template: { spec: { nodeSelector: Record<string, string>; tolerations?: unknown[] } } })
      .template.spec;
    expect(pod.nodeSelector).toMatchObject({ 'skycluster.io/component': 'web', 'skycluster.io/pool': expect.stringMatching(/^web-/) });
    expect(pod.tolerations).toContainEqual(
      expect.objectContaining({ key: 'skycluster.io/pool', value: pod.nodeSelector['skycluster.io/pool'], effect: 'NoSchedule' }),
    );
    const trainer = await east.admin.get<KubeObject>(refFor('batch/v1', 'Job')!, ns, 'trainer');
    const tPod = (
      (trainer.ok ? trainer.body['spec'] : {}) as { template: { spec: { nodeSelector: Record<string, string>; tolerations: unknown[] } } }
    ).template.spec;
    expect(tPod.tolerations).toContainEqual(expect.objectContaining({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }));
    const imp = await west.admin.get<KubeObject>(refFor('multicluster.x-k8s.io/v1alpha1', 'ServiceImport')!, ns, 'api');
    expect((imp.ok ? imp.body['spec'] : {}) as unknown).toMatchObject({
      type: 'ClusterSetIP',
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'grpc', port: 9090, protocol: 'TCP' },
      ],
    });
    // The trainer's pool gets its Skyhook, selecting exactly that pool.
    const hooks = await east.admin.list<KubeObject>(SKYHOOK);
    expect(hooks.ok && hooks.body.items.length).toBe(1);
    const hook = hooks.ok ? hooks.body.items[0]! : ({} as KubeObject);
    expect((hook['spec'] as { nodeSelectors: unknown }).nodeSelectors).toEqual({
      matchLabels: { 'skycluster.io/component': 'trainer', 'skycluster.io/pool': tPod.nodeSelector['skycluster.io/pool'] },
    });
    const westHooks = await west.admin.list<KubeObject>(SKYHOOK);
    expect(westHooks.ok && westHooks.body.items).toEqual([]); // no host packages for web

    await Promise.all([makeHarborWorkloadsAvailable(east.admin), makeHarborWorkloadsAvailable(west.admin)]);
    // Workloads are up; the pool's packages are not reported yet: Ready, and Harbor keeps looking at the Skyhook.
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 1000 });
    let s = await harborStatus();
    expect(ready(s)).toMatchObject({ status: 'True', reason: 'Deployed' });
    expect(events).toEqual([
      'Warning PlanNotApproved: Plan "shop-plan" is not approved: nothing is changed on the clusters until `skycluster plan approve`',
      expect.stringMatching(/^Warning WaitingForAvailability: waiting for /),
      'Normal Deployed: plan revision 1 deployed on 2 cluster(s)',
    ]);
    expect(s.pools).toEqual([expect.objectContaining({ cluster: AWS, skyhook: hook.metadata!.name, state: 'Unknown' })]);
    expect(s.components).toContainEqual(
      expect.objectContaining({ component: 'web', cluster: GCP, applied: true, desiredReplicas: 3, availableReplicas: 3 }),
    );
    expect(s.components).toContainEqual(
      expect.objectContaining({ component: 'api', cluster: AWS, applied: true, desiredReplicas: 2, availableReplicas: 2 }),
    );
    expect(s.services).toContainEqual({
      name: 'api',
      namespace: ns,
      dnsName: `api.${ns}.svc.clusterset.local`,
      exportedFrom: [AWS],
      importedIn: [GCP],
    });

    // Plays the Skyhook operator: status through the status subresource.
    const w = await east.admin.replace(
      SKYHOOK,
      { ...hook, status: { status: 'complete', completeNodes: '2/2', observedGeneration: hook.metadata!.generation } },
      'status',
    );
    expect(w.ok).toBe(true);
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 60_000 });
    s = await harborStatus();
    expect(s.pools).toEqual([
      {
        placementId: TRAINER.id,
        cluster: AWS,
        skyhook: hook.metadata!.name,
        state: 'Complete',
        reason: 'every package is applied on every selected node',
        completeNodes: '2/2',
      },
    ]);
    // Harbor never writes the operator's status (nor the object: server-side apply of the same spec is a no-op).
    const after = await east.admin.get<KubeObject>(SKYHOOK, undefined, hook.metadata!.name!);
    expect(after.ok && w.ok && after.body.metadata?.resourceVersion).toBe(w.ok && w.body.metadata?.resourceVersion);
    expect(after.ok && after.body['status']).toMatchObject({ status: 'complete', completeNodes: '2/2' });
  });

  it('a re-plan moves api: the new one is available before the old is removed; exports and imports follow', async () => {
    const cur = await mgmt.get<KubeObject>(PLAN_REF, ns, 'shop-plan');
    if (!cur.ok) throw new Error(cur.message);
    const spec = { ...moved, revision: 2, approval: { approved: true, approvedBy: 'test', inputHash: moved.inputHash, revision: 2 } };
    expect((await mgmt.replace(PLAN_REF, { ...cur.body, spec })).ok).toBe(true);
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 1000 });
    expect(await owned(west)).toContain(`Deployment/${ns}/api`); // the new one, not available yet
    expect(await owned(east)).toContain(`Deployment/${ns}/api`); // the old one keeps serving
    expect(ready(await harborStatus())?.message).toContain(`Deployment ${ns}/api on ${GCP}`);
    await makeHarborWorkloadsAvailable(west.admin);
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 60_000 });
    expect(await owned(east)).toEqual(expected(moved, AWS));
    expect(await owned(west)).toEqual(expected(moved, GCP));
    expect(await owned(east)).toContain(`ServiceExport/${ns}/db`); // api → db now crosses clusters
    expect(await owned(west)).toContain(`ServiceImport/${ns}/db`);
    expect(await owned(east)).not.toContain(`ServiceExport/${ns}/api`);
    const s = await harborStatus();
    expect(ready(s)).toMatchObject({ status: 'True', reason: 'Deployed', message: 'plan revision 2 deployed on 2 cluster(s)' });
  });

  it('a SkyShift Service stored as `skycluster service create` does reaches the cluster that runs its pods, with its declared type', async () => {
    const doc = serviceDocument({ name: 'web-public', namespace: ns, type: 'NodePort', selector: ['app=web'], port: ['80:8080:30080'] }).document!;
    expect((await new KubeServiceStore(mgmt).put(doc, ns, 'web-public')).ok).toBe(true);
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 60_000 });
    const svc = await west.admin.get<KubeObject>(SERVICE, ns, 'web-public');
    expect(svc.ok && svc.body.metadata?.annotations?.['skycluster.io/primary-cluster']).toBe(GCP);
    expect(svc.ok && svc.body['spec']).toMatchObject({
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ name: 'tcp-80', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
    });
    expect((await east.admin.get(SERVICE, ns, 'web-public')).status).toBe(404); // no web pods there
  });

  it('one target unreachable: transient for it, the other still applied, the condition names it; no secret in status or logs', async () => {
    const dead = east.kubeconfig(east.info.adminToken).replace(east.info.server, 'https://127.0.0.1:1');
    const sec = await mgmt.get<KubeObject>(SECRET, ns, 'shop-aws-kubeconfig');
    if (!sec.ok) throw new Error(sec.message);
    expect((await mgmt.replace(SECRET, { ...sec.body, data: { kubeconfig: Buffer.from(dead).toString('base64') } })).ok).toBe(true);
    // Drift on the reachable cluster is repaired in the same pass.
    expect((await west.admin.delete(DEPLOYMENT, ns, 'web')).ok).toBe(true);
    const r = await reconcileHarbor(`${ns}/shop`, opts);
    expect(r).toMatchObject({ kind: 'transient', message: `unreachable: ${AWS}` });
    expect((await west.admin.get(DEPLOYMENT, ns, 'web')).ok).toBe(true);
    const s = await harborStatus();
    expect(ready(s)).toMatchObject({ status: 'False', reason: 'ClusterUnreachable' });
    expect(ready(s)?.message).toContain(AWS);
    expect(s.clusters?.find((c) => c.name === AWS)).toMatchObject({ reachable: false });
    expect(s.clusters?.find((c) => c.name === GCP)).toMatchObject({ reachable: true });
    expect(events.at(-1)).toMatch(new RegExp(`^Warning ClusterUnreachable: unreachable: ${AWS};`));
    const text = JSON.stringify(s) + logLines.join('') + events.join('\n');
    expect(text).not.toContain(east.info.adminToken);
    expect(text).not.toContain(west.info.adminToken);
    expect(text).not.toContain('czNjcjN0'); // the app's Secret value
    const back = await mgmt.get<KubeObject>(SECRET, ns, 'shop-aws-kubeconfig');
    if (!back.ok) throw new Error(back.message);
    const restored = { ...back.body, data: { kubeconfig: Buffer.from(east.kubeconfig(east.info.adminToken)).toString('base64') } };
    expect((await mgmt.replace(SECRET, restored)).ok).toBe(true);
    await makeHarborWorkloadsAvailable(west.admin);
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 60_000 });
  });

  it('a re-plan that leaves a cluster: it stays in the status until Harbor has pruned everything there', async () => {
    const allEast = planSpec(
      [placement('web', 'aws/us-east-1/us-east-1a'), placement('api', 'aws/us-east-1/us-east-1a'), DB, TRAINER],
      [
        ['web', 'api', 120],
        ['api', 'db', 40],
        ['trainer', 'db', 10],
      ],
    );
    const cur = await mgmt.get<KubeObject>(PLAN_REF, ns, 'shop-plan');
    if (!cur.ok) throw new Error(cur.message);
    const spec = { ...allEast, revision: 3, approval: { approved: true, approvedBy: 'test', inputHash: allEast.inputHash, revision: 3 } };
    expect((await mgmt.replace(PLAN_REF, { ...cur.body, spec })).ok).toBe(true);
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 1000 });
    expect(await owned(west)).toContain(`Deployment/${ns}/web`); // still serving while the east one comes up
    expect((await harborStatus()).clusters?.map((c) => c.name)).toEqual([AWS, GCP]);
    await makeHarborWorkloadsAvailable(east.admin);
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 60_000 });
    expect(await owned(west)).toEqual([]);
    expect(await owned(east)).toEqual(expect.arrayContaining([`Deployment/${ns}/web`, `Deployment/${ns}/api`, `Service/${ns}/web-public`]));
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 60_000 });
    expect((await harborStatus()).clusters?.map((c) => c.name)).toEqual([AWS]);
  });

  it('delete: workloads go first (foreground), Skyhooks only once they are gone, then namespaces; then the finalizer', async () => {
    const h = await mgmt.get<KubeObject>(HARBOR_REF, ns, 'shop');
    expect(h.ok && h.body.metadata?.finalizers).toEqual([HARBOR_FINALIZER]);
    expect((await mgmt.delete(HARBOR_REF, ns, 'shop')).ok).toBe(true);
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'requeueAfter', afterMs: 1000 });
    // The Skyhook waits while the workloads terminate (no garbage collector on the targets: they stay terminating).
    const hooks = await east.admin.list<KubeObject>(SKYHOOK);
    expect(hooks.ok && hooks.body.items.map((o) => o.metadata?.deletionTimestamp)).toEqual([undefined]);
    const terminating = await ownedObjects(east.admin, 'shop', true);
    if (!terminating.ok) throw new Error(terminating.message);
    const workloads = terminating.objects.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind));
    expect(workloads.length).toBeGreaterThan(0);
    expect(workloads.every((o) => typeof o.metadata['deletionTimestamp'] === 'string')).toBe(true);
    expect(terminating.objects.filter((o) => o.kind === 'ServiceExport')).toEqual([]);
    expect(ready(await harborStatus())?.message).toMatch(/^removing from the clusters: shop-aws-us-east-1: workloads phase, waiting for /);
    // Plays the garbage collector: the dependents are gone, the foregroundDeletion finalizers come off.
    for (const env of [east, west]) {
      const t = await ownedObjects(env.admin, 'shop', true);
      if (!t.ok) throw new Error(t.message);
      for (const o of t.objects.filter((x) => x.metadata.finalizers !== undefined && x.kind !== 'Namespace'))
        expect(
          (await env.admin.patch(refFor(o.apiVersion, o.kind)!, o.metadata.namespace, o.metadata.name, { metadata: { finalizers: null } })).ok,
        ).toBe(true);
    }
    expect(await reconcileHarbor(`${ns}/shop`, opts)).toEqual({ kind: 'done' });
    const left = await east.admin.list<KubeObject>(SKYHOOK);
    expect(left.ok && left.body.items).toEqual([]);
    expect(await owned(east)).toEqual([]); // namespaces are terminating (no namespace controller here)
    expect(await owned(west)).toEqual([]);
    expect((await mgmt.get(HARBOR_REF, ns, 'shop')).status).toBe(404);
  });

  describe('through addHarborController and a Manager', () => {
    let manager: Manager;
    afterAll(async () => manager?.stop());

    it('informers drive it: the Plan event reaches the Harbor; a deleted Harbor without clusters loses its finalizer', async () => {
      const ns2 = await freshNamespace(mgmt, 'harbor-wired');
      await createApp(ns2, false);
      const log = silentLogger();
      const metrics = createMetrics(false);
      manager = new Manager({ client: mgmt, log, metrics });
      const config = OperatorConfigSchema.parse({ namespaces: [ns2], leaderElection: { enabled: false, identity: 'test' } });
      const controller = addHarborController({ client: mgmt, manager, log, metrics, config, events: new EventRecorder(mgmt, log, 'test') });
      await manager.start();
      await eventually('PlanNotApproved', async () => (ready(await harborStatus(ns2))?.reason === 'PlanNotApproved' ? true : undefined));
      expect((await mgmt.patch(PLAN_REF, ns2, 'shop-plan', { spec: { approval: { approved: true } } })).ok).toBe(true);
      // No Atlas in this namespace: the clusters are not provisioned yet.
      await eventually('ClusterNotReady', async () => (ready(await harborStatus(ns2))?.reason === 'ClusterNotReady' ? true : undefined));
      expect(ready(await harborStatus(ns2))?.message).toBe(
        `not provisioned yet (no kubeconfig recorded by Atlas): ${AWS}, ${GCP}; the other clusters carry on`,
      );
      expect(controller.reconcileCount()).toBeGreaterThanOrEqual(2);
      expect((await mgmt.delete(HARBOR_REF, ns2, 'shop')).ok).toBe(true);
      await eventually('Harbor gone', async () => ((await mgmt.get(HARBOR_REF, ns2, 'shop')).status === 404 ? true : undefined));
    });
  });
});
