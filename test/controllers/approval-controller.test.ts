/**
 * The approval gate (controllers/approval) on a real API server, run by a Manager, with Plans created
 * directly: approve → an Atlas and a Harbor named like the application appear, controller-owned by the Plan,
 * and the Plan gets Approved=True; a re-plan (new inputHash) without approval leaves them exactly as they were
 * and says ApprovalOutdated; approving the new revision updates the Atlas; an Atlas deleted by hand comes back;
 * a Plan never approved gets no objects; a Plan whose flavor is not offered is InvalidPlan and not retried in a
 * loop until the flavor is registered in the cluster; an on-prem site's kubeconfig Secret reference (its ProviderProfile) reaches the Atlas; deleting the Plan lets kube-controller-manager's garbage collector remove both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApprovalController } from '../../controllers/approval/index.js';
import {
  createMetrics,
  EventRecorder,
  findCondition,
  Manager,
  OperatorConfigSchema,
  silentLogger,
  type Condition,
  type Controller,
  type KubeObject,
} from '../../controllers/runtime/index.js';
import { ATLAS_REF, HARBOR_REF, INSTANCE_TYPE_REF, PLAN_REF, PROVIDER_PROFILE_REF } from '../../controllers/skycluster-refs.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { registerCloudRegion } from '../../providers/registration/cloud-region.js';
import { registerOnpremSite } from '../../providers/registration/onprem-site.js';
import type { Plan } from '../../src/api/plan.js';
import { fixturePlan } from '../../src/atlas/fixtures.js';
import { formatCidr, isCidrError, overlaps, parseCidr } from '../../src/atlas/ipv4.js';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';

type PlanObject = KubeObject & { spec: Plan['spec']; status?: { conditions?: Condition[] } };

let kube: KubeTestEnv;
let ns: string;
let manager: Manager;
let shopBlocks: string[] = [];
let controller: Controller;
const bundled = loadBundledCatalog();

const HASH_1 = '1'.repeat(64);
const HASH_2 = '2'.repeat(64);

/**
 * An Atlas of another application in another namespace holding the first free blocks, there before the
 * controller starts: the blocks it allocates must avoid it.
 */
async function foreignAtlas(): Promise<void> {
  const other = await freshNamespace(kube.admin, 'approval-other');
  const cluster = (name: string, i: number) => ({
    name,
    platform: 'aws',
    region: 'us-east-1',
    siteKind: 'cloud',
    credentialsSecretRef: { name: 'aws-creds' },
    network: { cidr: `10.${2 * i}.0.0/16`, podsCidr: `10.${2 * i + 1}.0.0/17`, servicesCidr: `10.${2 * i + 1}.128.0/20`, subnets: [] },
    nodePools: [],
    instances: [],
  });
  const r = await kube.admin.create<KubeObject>(ATLAS_REF, {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Atlas',
    metadata: { name: 'elsewhere', namespace: other },
    spec: {
      planRef: { name: 'elsewhere-plan' },
      application: 'elsewhere',
      executionEnvironment: 'Kubernetes',
      clusters: [cluster('a', 0), cluster('b', 1)],
      links: [],
    },
  });
  if (!r.ok) throw new Error(`creating the other namespace's Atlas: ${r.status} ${r.reason}`);
}

beforeAll(async () => {
  // Its own API server: Atlases that other test files create with fixed blocks while this file runs (in
  // parallel) could otherwise take a block after it was allocated here; foreignAtlas() stands for them.
  kube = await useKubeServer('approval', { crds: true });
  ns = await freshNamespace(kube.admin, 'approval');
  await foreignAtlas();
  const log = silentLogger();
  const metrics = createMetrics(false);
  manager = new Manager({ client: kube.admin, log, metrics });
  const config = OperatorConfigSchema.parse({ namespaces: [ns], systemNamespace: ns, leaderElection: { enabled: false, identity: 'test' } });
  const events = new EventRecorder(kube.admin, log, 'test');
  controller = addApprovalController({ client: kube.admin, manager, log, metrics, config, events }, { bundledCatalog: bundled });
  await manager.start();
});
afterAll(async () => {
  await manager?.stop();
});

/** A two-site Plan of `app` in the test namespace, with flavors the bundled catalog offers. */
function planOf(app: string, approval: Plan['spec']['approval'], flavor = 'm5.large'): Plan {
  const p = fixturePlan(app, [
    { component: 'web', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor },
    { component: 'db', platform: 'gcp', region: 'us-central1', zone: 'us-central1-a', flavor: 'n2-standard-4' },
  ]);
  return { ...p, metadata: { ...p.metadata, namespace: ns }, spec: { ...p.spec, inputHash: HASH_1, revision: 1, approval } };
}

/** The network blocks of an Atlas's clusters, in cluster order. */
function networksOf(atlas: KubeObject | undefined): string[] {
  const clusters = (atlas?.['spec'] as { clusters?: { network?: { cidr: string } }[] } | undefined)?.clusters ?? [];
  return clusters.map((c) => c.network?.cidr ?? '');
}

/** The network blocks of every Atlas in the cluster outside `namespace` (other applications). */
async function networksOutside(namespace: string): Promise<string[]> {
  const all = await kube.admin.list<KubeObject>(ATLAS_REF);
  if (!all.ok) throw new Error(`listing Atlases: ${all.status} ${all.reason}`);
  return all.body.items.filter((a) => a.metadata?.namespace !== namespace).flatMap(networksOf);
}

/** Every block of `mine` is a valid CIDR and overlaps neither another of `mine` nor any of `others`. */
function expectDisjoint(mine: readonly string[], others: readonly string[]): void {
  const parse = (t: string) => {
    const c = parseCidr(t);
    if (isCidrError(c)) throw new Error(`${t}: ${c.error}`);
    return c;
  };
  const m = mine.map(parse);
  const o = others.filter((t) => t !== '').map(parse);
  m.forEach((a, i) => {
    for (const b of [...m.slice(i + 1), ...o]) expect(overlaps(a, b), `${formatCidr(a)} overlaps ${formatCidr(b)}`).toBe(false);
  });
}

async function get(ref: typeof PLAN_REF, name: string): Promise<KubeObject | undefined> {
  const r = await kube.admin.get<KubeObject>(ref, ns, name);
  return r.ok ? r.body : undefined;
}

/** Waits for the Plan's Approved condition with `reason` for its current generation. */
async function approvedWith(name: string, reason: string): Promise<Condition> {
  return eventually(`${name} Approved ${reason}`, async () => {
    const p = (await get(PLAN_REF, name)) as PlanObject | undefined;
    const c = findCondition(p?.status?.conditions, 'Approved');
    return c?.reason === reason && c.observedGeneration === p?.metadata?.generation ? c : undefined;
  });
}

describe('approval gate', () => {
  let planUid: string;

  it('approve → one Atlas and one Harbor named like the application, controller-owned by the Plan; Approved=True', async () => {
    const created = await kube.admin.create<KubeObject>(
      PLAN_REF,
      planOf('shop', { approved: true, approvedBy: 'ann', inputHash: HASH_1, revision: 1 }),
    );
    expect(created.ok).toBe(true);
    planUid = created.ok ? (created.body.metadata?.uid ?? '') : '';
    const cond = await approvedWith('shop-plan', 'ApprovedByUser');
    expect(cond).toMatchObject({ status: 'True', message: 'revision 1 approved by ann; Atlas and Harbor shop applied' });
    const owner = {
      apiVersion: 'core.skycluster.io/v1alpha1',
      kind: 'Plan',
      name: 'shop-plan',
      uid: planUid,
      controller: true,
      blockOwnerDeletion: true,
    };
    const atlas = await get(ATLAS_REF, 'shop');
    const harbor = await get(HARBOR_REF, 'shop');
    expect(atlas?.metadata?.ownerReferences).toEqual([owner]);
    expect(harbor?.metadata?.ownerReferences).toEqual([owner]);
    expect(harbor?.['spec']).toEqual({ planRef: { name: 'shop-plan' } });
    const spec = atlas?.['spec'] as { planRef: unknown; clusters: { name: string; network?: { cidr: string } }[] };
    expect(spec.planRef).toEqual({ name: 'shop-plan', revision: 1 });
    // Another namespace's Atlas holds blocks too (foreignAtlas): the first free ones are taken.
    shopBlocks = networksOf(atlas);
    expect(shopBlocks).toHaveLength(2);
    expect(shopBlocks.every((b) => b.endsWith('/16'))).toBe(true);
    expectDisjoint(shopBlocks, await networksOutside(ns));
  });

  it('a re-plan (new inputHash, revision 2) without approval: Atlas and Harbor untouched, Approved=False ApprovalOutdated', async () => {
    const atlasBefore = await get(ATLAS_REF, 'shop');
    const harborBefore = await get(HARBOR_REF, 'shop');
    const replan = await kube.admin.patch(PLAN_REF, ns, 'shop-plan', { spec: { inputHash: HASH_2, revision: 2 } });
    expect(replan.ok).toBe(true);
    const cond = await approvedWith('shop-plan', 'ApprovalOutdated');
    expect(cond.status).toBe('False');
    expect(cond.message).toBe(
      'the approval was given for revision 1 (inputs 111111111111); the plan is now revision 2 (inputs 222222222222): approve again (skycluster plan approve shop-plan); Atlas and Harbor are left as they were',
    );
    expect((await get(ATLAS_REF, 'shop'))?.metadata?.resourceVersion).toBe(atlasBefore?.metadata?.resourceVersion);
    expect((await get(HARBOR_REF, 'shop'))?.metadata?.resourceVersion).toBe(harborBefore?.metadata?.resourceVersion);
  });

  it('approving the new revision updates the Atlas; an Atlas deleted by hand is applied again', async () => {
    await kube.admin.patch(PLAN_REF, ns, 'shop-plan', { spec: { approval: { approved: true, approvedBy: 'bob', inputHash: HASH_2, revision: 2 } } });
    await approvedWith('shop-plan', 'ApprovedByUser');
    const atlas = await eventually('Atlas at revision 2', async () => {
      const a = await get(ATLAS_REF, 'shop');
      return (a?.['spec'] as { planRef: { revision?: number } } | undefined)?.planRef.revision === 2 ? a : undefined;
    });
    const del = await kube.admin.delete(ATLAS_REF, ns, 'shop');
    expect(del.ok).toBe(true);
    const back = await eventually('Atlas re-applied', async () => {
      const a = await get(ATLAS_REF, 'shop');
      return a && a.metadata?.uid !== atlas.metadata?.uid ? a : undefined;
    });
    // The blocks do not move: nothing else holds them.
    expect(networksOf(back)).toEqual(shopBlocks);
  });

  it('a Plan never approved gets no Atlas or Harbor and Approved=False AwaitingApproval; a second application takes other blocks', async () => {
    await kube.admin.create(PLAN_REF, planOf('blog', { approved: false }));
    expect(await approvedWith('blog-plan', 'AwaitingApproval')).toMatchObject({
      status: 'False',
      message: 'revision 1 awaits approval (skycluster plan approve blog-plan)',
    });
    expect(await get(ATLAS_REF, 'blog')).toBeUndefined();
    expect(await get(HARBOR_REF, 'blog')).toBeUndefined();
    await kube.admin.patch(PLAN_REF, ns, 'blog-plan', { spec: { approval: { approved: true, inputHash: HASH_1, revision: 1 } } });
    await approvedWith('blog-plan', 'ApprovedByUser');
    const blog = await get(ATLAS_REF, 'blog');
    const blogBlocks = networksOf(blog);
    expect(blogBlocks).toHaveLength(2);
    expectDisjoint(blogBlocks, [...shopBlocks, ...(await networksOutside(ns))]);
  });

  it('an approved Plan with a flavor its region does not offer: InvalidPlan naming the field, not retried in a loop; applied once the flavor is registered', async () => {
    await kube.admin.create(PLAN_REF, planOf('odd', { approved: true, inputHash: HASH_1, revision: 1 }, 'x9.huge'));
    const cond = await approvedWith('odd-plan', 'InvalidPlan');
    expect(cond.message).toBe(
      'approved, but no Atlas can be derived: (Plan/odd-plan): spec.placements[0].flavor: flavor "x9.huge" is not offered by aws in us-east-1',
    );
    // The condition is written inside the pass, so the pass's result is recorded a moment after it shows.
    const result = await eventually('the InvalidPlan pass recorded', () => {
      const r = controller.lastResult(`${ns}/odd-plan`);
      return r?.kind === 'terminal' ? r : undefined;
    });
    expect(result).toMatchObject({ kind: 'terminal', reason: 'InvalidPlan' });
    // Counted for this Plan only (the other tests' objects on the same controller may still send events). The
    // echo of its own status write may bring one more pass; a retry loop would not stop there.
    const passes = (): number => controller.reconcileCount(`${ns}/odd-plan`);
    const count = passes();
    await new Promise((r) => setTimeout(r, 1500));
    const settled = passes();
    expect(settled - count).toBeLessThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(passes()).toBe(settled);
    expect(await get(ATLAS_REF, 'odd')).toBeUndefined();

    // The flavor registered in the cluster (a ProviderProfile for the region and an InstanceType offering it):
    // the catalog's informers bring the InvalidPlan Plan back, and it is applied.
    const region = registerCloudRegion(bundled, { cloud: 'aws', region: 'us-east-1', zones: ['use1-az1'], name: 'aws-use1', namespace: ns });
    if (!region.ok) throw new Error('registration failed');
    expect((await kube.admin.create(PROVIDER_PROFILE_REF, region.value.profile as unknown as KubeObject)).ok).toBe(true);
    const offering = { name: 'x9.huge', nameLabel: '96vCPU-768GB', vcpus: 96, ram: '768GB', price: '9.5' };
    const extra = {
      metadata: { name: 'aws-use1-extra', namespace: ns },
      spec: { providerRef: 'aws-use1', offerings: [{ zone: 'use1-az1', zoneOfferings: [offering] }] },
    };
    expect((await kube.admin.create(INSTANCE_TYPE_REF, extra)).ok).toBe(true);
    await approvedWith('odd-plan', 'ApprovedByUser');
    expect(await get(ATLAS_REF, 'odd')).toBeDefined();
  });

  it('an on-prem site registered in the cluster: its kubeconfig Secret reference (from the ProviderProfile) is in the Atlas, where Harbor reads it', async () => {
    const site = registerOnpremSite(bundled, {
      name: 'lab',
      region: 'lab',
      offerings: { zones: [{ zone: 'default', flavors: [{ name: 'm1', vcpus: 2, ram: '4GB', price: '0.02' }] }] },
      offeringsFile: 'f.yaml',
      near: 'aws/ca-central-1',
      kubeconfigSecret: { namespace: ns, name: 'lab-kubeconfig' },
      namespace: ns,
    });
    if (!site.ok) throw new Error('registration failed');
    expect((await kube.admin.create(PROVIDER_PROFILE_REF, site.value.profile as unknown as KubeObject)).ok).toBe(true);
    const p = fixturePlan('edge', [{ component: 'sensor', platform: 'baremetal', region: 'lab', zone: 'default', flavor: 'm1', siteKind: 'onprem' }]);
    await kube.admin.create(PLAN_REF, {
      ...p,
      metadata: { ...p.metadata, namespace: ns },
      spec: { ...p.spec, inputHash: HASH_1, approval: { approved: true, inputHash: HASH_1, revision: 1 } },
    });
    await approvedWith('edge-plan', 'ApprovedByUser');
    const atlas = await get(ATLAS_REF, 'edge');
    expect((atlas?.['spec'] as { clusters: unknown[] }).clusters).toMatchObject([
      { siteKind: 'onprem', kubeconfigSecretRef: { namespace: ns, name: 'lab-kubeconfig', key: 'kubeconfig' } },
    ]);
  });

  it('deleting the Plan: the garbage collector removes its Atlas and Harbor', async () => {
    const del = await kube.admin.delete(PLAN_REF, ns, 'shop-plan');
    expect(del.ok).toBe(true);
    await eventually(
      'Atlas and Harbor gone',
      async () => ((await get(ATLAS_REF, 'shop')) || (await get(HARBOR_REF, 'shop')) ? undefined : true),
      30_000,
    );
    // The other application's objects stay.
    expect(await get(ATLAS_REF, 'blog')).toBeDefined();
  });
});
