/**
 * The ProviderProfile controller (controllers/provider) on a real API server, run by a Manager: a cloud
 * profile applied without an InstanceType gets one from the bundled catalog (owned by the profile, applied by
 * the controller's field manager) and Ready=True with its zones, offering count and price date; an invalid
 * profile gets Ready=False InvalidSpec naming the field and is not retried in a loop; a disabled zone shows in
 * the status; an on-prem site has no offerings until its InstanceType arrives; a missing kubeconfig Secret is
 * SecretMissing; deleting a profile lets the
 * garbage collector remove the filled InstanceType.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addProviderController } from '../../controllers/provider/index.js';
import {
  createMetrics,
  EventRecorder,
  findCondition,
  Manager,
  OperatorConfigSchema,
  silentLogger,
  type Controller,
  type KubeObject,
} from '../../controllers/runtime/index.js';
import { INSTANCE_TYPE_REF, PROVIDER_PROFILE_REF } from '../../controllers/skycluster-refs.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { registerCloudRegion } from '../../providers/registration/cloud-region.js';
import { registerOnpremSite } from '../../providers/registration/onprem-site.js';
import type { ProviderProfileStatus } from '../../src/api/provider.js';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';

type Profile = KubeObject & { spec: Record<string, unknown>; status?: ProviderProfileStatus };

const catalog = loadBundledCatalog();
let kube: KubeTestEnv;
let ns: string;
let manager: Manager;
let controller: Controller;

beforeAll(async () => {
  kube = await useKubeServer();
  ns = await freshNamespace(kube.admin, 'provider-ctl');
  const log = silentLogger();
  const metrics = createMetrics(false);
  manager = new Manager({ client: kube.admin, log, metrics });
  // Its own namespace only: other test files share the server (and may run at the same time) with their own
  // ProviderProfiles, which are not this controller's to mark.
  const config = OperatorConfigSchema.parse({ systemNamespace: ns, namespaces: [ns], leaderElection: { enabled: false, identity: 'test' } });
  const events = new EventRecorder(kube.admin, log, 'test');
  controller = addProviderController({ client: kube.admin, manager, log, metrics, config, events }, { catalog });
  await manager.start();
});
afterAll(async () => {
  await manager?.stop();
});

async function profile(name: string): Promise<Profile | undefined> {
  const r = await kube.admin.get<Profile>(PROVIDER_PROFILE_REF, ns, name);
  return r.ok ? r.body : undefined;
}

/** Waits until the profile's Ready condition has `reason` for the profile's current generation. */
async function readyWith(name: string, reason: string): Promise<Profile> {
  return eventually(`${name} ${reason}`, async () => {
    const p = await profile(name);
    const c = findCondition(p?.status?.conditions, 'Ready');
    return c?.reason === reason && c.observedGeneration === p?.metadata?.generation ? p : undefined;
  });
}

/** A cloud region's ProviderProfile as a user would apply it: no InstanceType, no status. */
function awsProfile(name: string, zones: string[]): KubeObject {
  const r = registerCloudRegion(catalog, { cloud: 'aws', region: 'us-east-1', zones, name, namespace: ns });
  if (!r.ok) throw new Error('not ok');
  return r.value.profile as unknown as KubeObject;
}

const perZone = catalog.offerings('aws', 'us-east-1').filter((o) => Number.isInteger(o.gpuCount)).length;

describe('ProviderProfile controller', () => {
  it('a cloud profile without an InstanceType gets one from the catalog and reports Ready with zones, offerings and prices', async () => {
    expect((await kube.admin.create(PROVIDER_PROFILE_REF, awsProfile('aws-east', ['use1-az1', 'use1-az2']))).ok).toBe(true);
    const p = await readyWith('aws-east', 'Registered');
    const it1 = await kube.admin.get<KubeObject & { spec: { providerRef: string; offerings: { zone: string; zoneOfferings: unknown[] }[] } }>(
      INSTANCE_TYPE_REF,
      ns,
      'aws-east',
    );
    if (!it1.ok) throw new Error(it1.message);
    expect(it1.body.spec.providerRef).toBe('aws-east');
    expect(it1.body.spec.offerings.map((o) => [o.zone, o.zoneOfferings.length])).toEqual([
      ['use1-az1', perZone],
      ['use1-az2', perZone],
    ]);
    expect(it1.body.metadata?.ownerReferences).toEqual([
      {
        apiVersion: 'core.skycluster.io/v1alpha1',
        kind: 'ProviderProfile',
        name: 'aws-east',
        uid: p.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(it1.body.metadata?.managedFields).toMatchObject([{ manager: 'skycluster-controller', operation: 'Apply' }]);
    expect(p.status).toMatchObject({
      offerings: 2 * perZone,
      instanceTypes: ['aws-east'],
      filledFromCatalog: true,
      priceDate: '2026-07-20',
      zones: [
        { name: 'use1-az1', enabled: true, defaultZone: true, type: 'cloud', offerings: perZone },
        { name: 'use1-az2', enabled: true, defaultZone: false, type: 'cloud', offerings: perZone },
      ],
    });
    expect(findCondition(p.status?.conditions, 'Ready')?.status).toBe('True');
  });

  it('a disabled zone shows in the status; the Ready message names it', async () => {
    const p = await profile('aws-east');
    const zones = (p?.spec['zones'] as { name: string }[]).map((z, i) => ({ ...z, enabled: i !== 0, defaultZone: i === 1 }));
    expect((await kube.admin.patch(PROVIDER_PROFILE_REF, ns, 'aws-east', { spec: { zones } })).ok).toBe(true);
    const after = await readyWith('aws-east', 'Registered');
    expect(after.status?.zones?.map((z) => [z.name, z.enabled, z.defaultZone])).toEqual([
      ['use1-az1', false, false],
      ['use1-az2', true, true],
    ]);
    expect(findCondition(after.status?.conditions, 'Ready')?.message).toMatch(/^\d+ offerings in 1 enabled zone \(1 disabled: use1-az1\); prices: /);
  });

  it('an invalid profile gets Ready=False InvalidSpec naming the field, no InstanceType, and no retry loop', async () => {
    const bad = awsProfile('aws-bad', ['use1-az1']);
    const body = { ...bad, spec: { ...(bad['spec'] as object), clusterFeeUsdHr: -1 } };
    expect((await kube.admin.create(PROVIDER_PROFILE_REF, body)).ok).toBe(true);
    const p = await readyWith('aws-bad', 'InvalidSpec');
    expect(findCondition(p.status?.conditions, 'Ready')).toMatchObject({
      status: 'False',
      message: 'spec.clusterFeeUsdHr: expected a number >= 0, got number -1',
    });
    const result = await eventually('the result', () =>
      controller.lastResult(`${ns}/aws-bad`)?.kind === 'terminal' ? controller.lastResult(`${ns}/aws-bad`) : undefined,
    );
    expect(result).toEqual({
      kind: 'terminal',
      reason: 'InvalidSpec',
      message: 'spec.clusterFeeUsdHr: expected a number >= 0, got number -1',
    });
    expect((await kube.admin.get(INSTANCE_TYPE_REF, ns, 'aws-bad')).status).toBe(404);
    const count = controller.reconcileCount();
    await new Promise((r) => setTimeout(r, 1000));
    expect(controller.reconcileCount() - count).toBeLessThanOrEqual(2);
    // Fixed, it is filled and Ready.
    expect((await kube.admin.patch(PROVIDER_PROFILE_REF, ns, 'aws-bad', { spec: { clusterFeeUsdHr: 0.1 } })).ok).toBe(true);
    await readyWith('aws-bad', 'Registered');
    expect((await kube.admin.get(INSTANCE_TYPE_REF, ns, 'aws-bad')).ok).toBe(true);
  });

  it('an on-prem site has no offerings until its InstanceType is applied', async () => {
    const site = registerOnpremSite(catalog, {
      name: 'lab',
      region: 'lab',
      offerings: { zones: [{ zone: 'default', flavors: [{ name: 'm1', vcpus: 2, ram: '4GB', price: '0.02' }] }] },
      offeringsFile: 'f.yaml',
      near: 'aws/ca-central-1',
      namespace: ns,
    });
    if (!site.ok || !site.value.instanceType) throw new Error('not ok');
    expect((await kube.admin.create(PROVIDER_PROFILE_REF, site.value.profile as unknown as KubeObject)).ok).toBe(true);
    await readyWith('lab', 'NoOfferings');
    expect((await kube.admin.create(INSTANCE_TYPE_REF, site.value.instanceType as unknown as KubeObject)).ok).toBe(true);
    const p = await readyWith('lab', 'Registered');
    expect(p.status).toMatchObject({
      offerings: 1,
      instanceTypes: ['lab'],
      filledFromCatalog: false,
      zones: [{ name: 'default', type: 'edge', offerings: 1 }],
    });
  });

  it('a kubeconfig Secret reference naming no Secret is Ready=False SecretMissing', async () => {
    const base = awsProfile('aws-secret', ['use1-az1']);
    const body = { ...base, spec: { ...(base['spec'] as object), kubeconfigSecretRef: { namespace: ns, name: 'nope' } } };
    expect((await kube.admin.create(PROVIDER_PROFILE_REF, body)).ok).toBe(true);
    const p = await readyWith('aws-secret', 'SecretMissing');
    expect(findCondition(p.status?.conditions, 'Ready')).toMatchObject({
      status: 'False',
      message: `spec.kubeconfigSecretRef: Secret ${ns}/nope does not exist`,
    });
    // The status is written inside the reconcile; its result is recorded when the reconcile returns.
    const result = await eventually('the result', () =>
      controller.lastResult(`${ns}/aws-secret`)?.kind === 'requeueAfter' ? controller.lastResult(`${ns}/aws-secret`) : undefined,
    );
    expect(result).toEqual({ kind: 'requeueAfter', afterMs: 60_000 });
  });

  it('deleting a profile lets the garbage collector remove the InstanceType the catalog filled', async () => {
    expect((await kube.admin.delete(PROVIDER_PROFILE_REF, ns, 'aws-east')).ok).toBe(true);
    await eventually(
      'InstanceType collected',
      async () => ((await kube.admin.get(INSTANCE_TYPE_REF, ns, 'aws-east')).status === 404 ? true : undefined),
      30_000,
    );
  }, 40_000);
});
