import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { registerCloudRegion } from '../../providers/registration/cloud-region.js';
import { registerOnpremSite } from '../../providers/registration/onprem-site.js';
import type { KubeObject } from '../runtime/index.js';
import { decideProfile, SECRET_RECHECK_MS, type ProfileInputs } from './profile-decision.js';

const catalog = loadBundledCatalog();
const managedBy = { key: 'app.kubernetes.io/managed-by', value: 'skycluster' };
const NS = 'skycluster-system';

/** A profile as the API server returns it: uid, generation, the registration code's spec. */
function served(o: unknown, uid = 'uid-1', generation = 3): KubeObject {
  const obj = structuredClone(o) as KubeObject;
  return { ...obj, metadata: { ...obj.metadata, namespace: NS, uid, generation, resourceVersion: '7' } };
}

function awsEntry(zones = ['use1-az1', 'use1-az2']) {
  const r = registerCloudRegion(catalog, { cloud: 'aws', region: 'us-east-1', zones });
  if (!r.ok || !r.value.instanceType) throw new Error('not ok');
  return r.value;
}

function inputs(profile: KubeObject, instanceTypes: KubeObject[] = [], secret: ProfileInputs['secret'] = 'none'): ProfileInputs {
  return { profile, instanceTypes, catalog, secret, managedBy };
}

const perZone = catalog.offerings('aws', 'us-east-1').filter((o) => Number.isInteger(o.gpuCount)).length;

describe('decideProfile', () => {
  it('a cloud profile without an InstanceType gets one from the catalog, owned by the profile, for its zones', () => {
    const profile = served(awsEntry().profile);
    const d = decideProfile(inputs(profile));
    expect(d.fill?.metadata).toMatchObject({
      name: 'aws-us-east-1',
      namespace: NS,
      ownerReferences: [{ kind: 'ProviderProfile', name: 'aws-us-east-1', uid: 'uid-1', controller: true, blockOwnerDeletion: true }],
      labels: { 'app.kubernetes.io/managed-by': 'skycluster' },
    });
    expect((d.fill?.['spec'] as { offerings: { zone: string }[] }).offerings.map((o) => o.zone)).toEqual(['use1-az1', 'use1-az2']);
    expect(d.status).toMatchObject({
      observedGeneration: 3,
      offerings: 2 * perZone,
      instanceTypes: ['aws-us-east-1'],
      filledFromCatalog: true,
      priceDate: '2026-07-20',
      zones: [
        { name: 'use1-az1', enabled: true, defaultZone: true, type: 'cloud', offerings: perZone },
        { name: 'use1-az2', enabled: true, defaultZone: false, type: 'cloud', offerings: perZone },
      ],
    });
    expect(d.ready).toMatchObject({ status: 'True', reason: 'Registered', observedGeneration: 3 });
    expect(d.ready.message).toBe(
      `${2 * perZone} offerings in 2 enabled zones; prices: ${d.status.priceSource}, 2026-07-20; InstanceType filled from the bundled catalog`,
    );
    expect(d.outcome).toEqual({ kind: 'done' });
  });

  it('its own InstanceType is left alone while the zones match, and refilled when a zone is added', () => {
    const profile = served(awsEntry().profile);
    const first = decideProfile(inputs(profile)).fill as KubeObject;
    const again = decideProfile(inputs(profile, [served(first, 'uid-it')]));
    expect(again.fill).toBeUndefined();
    expect(again.status.filledFromCatalog).toBe(true);
    const wider = served(awsEntry(['use1-az1', 'use1-az2', 'use1-az4']).profile);
    const refill = decideProfile(inputs(wider, [served(first, 'uid-it')]));
    expect((refill.fill?.['spec'] as { offerings: { zone: string }[] }).offerings.map((o) => o.zone)).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
  });

  it("a user's InstanceType is never replaced, whatever its zones", () => {
    const entry = awsEntry();
    const it1 = served(
      { ...entry.instanceType, spec: { ...entry.instanceType?.spec, offerings: entry.instanceType?.spec.offerings.slice(0, 1) } },
      'uid-it',
    );
    const d = decideProfile(inputs(served(entry.profile), [it1]));
    expect(d.fill).toBeUndefined();
    expect(d.status).toMatchObject({ offerings: perZone, filledFromCatalog: false });
    expect(d.status.zones?.map((z) => z.offerings)).toEqual([perZone, 0]);
  });

  it.each([
    [
      'a negative cluster fee',
      (p: KubeObject) => ({ ...p, spec: { ...(p['spec'] as object), clusterFeeUsdHr: -1 } }),
      'spec.clusterFeeUsdHr: expected a number >= 0, got number -1',
    ],
    [
      'a zone declared twice',
      (p: KubeObject) => ({ ...p, spec: { ...(p['spec'] as object), zones: [{ name: 'use1-az1' }, { name: 'use1-az1' }] } }),
      'spec.zones[1].name: zone "use1-az1" is declared twice',
    ],
    [
      'a region the catalog does not know',
      (p: KubeObject) => ({ ...p, spec: { ...(p['spec'] as object), region: 'us-est-1' } }),
      'spec.region: unknown region of aws "us-est-1"; closest: us-east-1, us-west-1, us-east-2',
    ],
  ])('%s is InvalidSpec naming the field, terminal', (_name, edit, message) => {
    const d = decideProfile(inputs(edit(served(awsEntry().profile))));
    expect(d.ready).toEqual({ type: 'Ready', status: 'False', reason: 'InvalidSpec', message, observedGeneration: 3 });
    expect(d.outcome).toEqual({ kind: 'terminal', reason: 'InvalidSpec', message });
    expect(d.fill).toBeUndefined();
  });

  it('an InstanceType offering a zone the profile does not have makes the profile invalid, naming the InstanceType', () => {
    const entry = awsEntry();
    const it1 = served(
      { ...entry.instanceType, spec: { ...entry.instanceType?.spec, offerings: [{ zone: 'use1-az9', zoneOfferings: [] }] } },
      'uid-it',
    );
    const d = decideProfile(inputs(served(entry.profile), [it1]));
    expect(d.ready.message).toBe(
      'InstanceType/aws-us-east-1 spec.offerings[0].zone: zone "use1-az9" is not a zone of ProviderProfile aws-us-east-1 (zones: use1-az1, use1-az2)',
    );
    expect(d.outcome.kind).toBe('terminal');
  });

  it('a disabled zone shows in the status and the message; a disabled profile is Ready=False Disabled', () => {
    const entry = awsEntry();
    const zones = entry.profile.spec.zones.map((z, i) => (i === 0 ? { ...z, enabled: false, defaultZone: false } : { ...z, defaultZone: true }));
    const profile = served({ ...entry.profile, spec: { ...entry.profile.spec, zones } });
    const d = decideProfile(inputs(profile));
    expect(d.status.zones?.map((z) => [z.name, z.enabled])).toEqual([
      ['use1-az1', false],
      ['use1-az2', true],
    ]);
    expect(d.ready.message).toMatch(new RegExp(`^${2 * perZone} offerings in 1 enabled zone \\(1 disabled: use1-az1\\); `));
    const off = decideProfile(inputs(served({ ...entry.profile, spec: { ...entry.profile.spec, enabled: false } })));
    expect(off.ready).toMatchObject({
      status: 'False',
      reason: 'Disabled',
      message: 'disabled: drops out of every solve (skycluster provider enable aws-us-east-1)',
    });
    expect(off.status.zones?.every((z) => !z.enabled)).toBe(true);
  });

  it('an on-prem site without an InstanceType has no offerings (not filled, not terminal); a missing Secret is rechecked later', () => {
    const site = registerOnpremSite(catalog, {
      name: 'lab',
      region: 'lab',
      offerings: { zones: [{ zone: 'default', flavors: [{ name: 'm1', vcpus: 2, ram: '4GB', price: '0.02' }] }] },
      offeringsFile: 'f.yaml',
      near: 'aws/ca-central-1',
      kubeconfigSecret: { namespace: NS, name: 'lab-kubeconfig' },
    });
    if (!site.ok || !site.value.instanceType) throw new Error('not ok');
    const bare = decideProfile(inputs(served(site.value.profile)));
    expect(bare.fill).toBeUndefined();
    expect(bare.ready).toMatchObject({
      status: 'False',
      reason: 'NoOfferings',
      message:
        'no InstanceType has spec.providerRef lab: register the offerings (skycluster provider register onprem --offerings FILE) or apply an InstanceType',
    });
    expect(bare.outcome).toEqual({ kind: 'done' });
    const withIt = [served(site.value.instanceType, 'uid-it')];
    const missing = decideProfile(inputs(served(site.value.profile), withIt, 'missing'));
    expect(missing.ready).toMatchObject({
      status: 'False',
      reason: 'SecretMissing',
      message: `spec.kubeconfigSecretRef: Secret ${NS}/lab-kubeconfig does not exist`,
    });
    expect(missing.outcome).toEqual({ kind: 'requeue', afterMs: SECRET_RECHECK_MS });
    expect(decideProfile(inputs(served(site.value.profile), withIt, 'exists')).ready).toMatchObject({ status: 'True', reason: 'Registered' });
  });

  it('the fill-in name taken by another provider’s InstanceType is NoOfferings, naming the owner', () => {
    const entry = awsEntry();
    const other = served({ ...entry.instanceType, spec: { ...entry.instanceType?.spec, providerRef: 'someone-else' } }, 'uid-x');
    const d = decideProfile(inputs(served(entry.profile), [other]));
    expect(d.fill).toBeUndefined();
    expect(d.ready).toMatchObject({
      reason: 'NoOfferings',
      message:
        'no InstanceType names this provider, and InstanceType/aws-us-east-1 (the name the catalog fill-in would take) belongs to provider someone-else',
    });
  });
});
