/**
 * The runtime's writes against a real kube-apiserver: server-side apply reporting created/updated/unchanged,
 * status writes that hit 409 on a stale resourceVersion and recompute from a fresh read, finalizers that hold
 * a deleted object until removed, and Events aggregated by reason and message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyObject,
  controllerReference,
  BUILTIN,
  ensureFinalizer,
  EventRecorder,
  FIELD_MANAGER,
  isBeingDeleted,
  removeFinalizer,
  silentLogger,
  updateStatus,
  type KubeObject,
} from '../../controllers/runtime/index.js';
import { eventually, freshNamespace, installCrdObjects, WIDGETS, widgetCrd } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';

interface Widget extends KubeObject {
  spec?: { size?: number; color?: string };
  status?: { observedSize?: number };
}

let kube: KubeTestEnv;
let ns: string;

beforeAll(async () => {
  kube = await useKubeServer();
  await installCrdObjects(kube.admin, [widgetCrd()]);
  ns = await freshNamespace(kube.admin, 'writes');
});

describe('applyObject (server-side apply, one field manager)', () => {
  it('reports created, then unchanged for the same intent, then updated for a changed one', async () => {
    const intent = (size: number): Widget => ({ metadata: { name: 'w', namespace: ns, labels: { a: 'b' } }, spec: { size } });
    const first = await applyObject<Widget>(kube.admin, WIDGETS, intent(1));
    expect(first.ok && first.operation).toBe('created');
    const again = await applyObject<Widget>(kube.admin, WIDGETS, intent(1));
    expect(again.ok && again.operation).toBe('unchanged');
    const changed = await applyObject<Widget>(kube.admin, WIDGETS, intent(2));
    expect(changed.ok && changed.operation).toBe('updated');
    if (!changed.ok) throw new Error(changed.message);
    expect(changed.object.spec?.size).toBe(2);
    const managers = (changed.object.metadata?.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toEqual([`${FIELD_MANAGER}/Apply`]);
  });

  it('leaves fields of other managers alone, and takes over a conflicting field only when forced', async () => {
    await applyObject<Widget>(kube.admin, WIDGETS, { metadata: { name: 'shared', namespace: ns }, spec: { size: 1 } });
    const other = await applyObject<Widget>(
      kube.admin,
      WIDGETS,
      { metadata: { name: 'shared', namespace: ns }, spec: { color: 'red' } },
      { fieldManager: 'someone-else' },
    );
    expect(other.ok && other.operation).toBe('updated');
    const conflict = await applyObject<Widget>(
      kube.admin,
      WIDGETS,
      { metadata: { name: 'shared', namespace: ns }, spec: { size: 1, color: 'blue' } },
      { force: false },
    );
    expect(conflict.ok).toBe(false);
    expect(!conflict.ok && conflict.status).toBe(409);
    const forced = await applyObject<Widget>(kube.admin, WIDGETS, { metadata: { name: 'shared', namespace: ns }, spec: { size: 1, color: 'blue' } });
    expect(forced.ok && forced.object.spec).toEqual({ size: 1, color: 'blue' });
  });

  it('names the missing field instead of sending a nameless apply', async () => {
    const res = await applyObject(kube.admin, WIDGETS, { metadata: { namespace: ns } });
    expect(res).toEqual({ ok: false, status: 0, reason: 'Invalid', message: 'applyObject: metadata.name is required' });
  });
});

describe('updateStatus', () => {
  it('gets 409 on a stale resourceVersion, re-reads and recomputes from the fresh object', async () => {
    const created = await kube.admin.create<Widget>(WIDGETS, { metadata: { name: 'st', namespace: ns }, spec: { size: 1 } });
    if (!created.ok) throw new Error(created.message);
    const stale = created.body;
    const fresh = await kube.admin.replace<Widget>(WIDGETS, { ...stale, spec: { size: 7 } });
    expect(fresh.ok).toBe(true);
    const seen: number[] = [];
    const res = await updateStatus<Widget>(kube.admin, WIDGETS, stale, (w) => {
      seen.push(w.spec?.size ?? -1);
      return { observedSize: w.spec?.size };
    });
    expect(res.ok && res.operation).toBe('updated');
    expect(res.conflicts).toBe(1);
    expect(seen).toEqual([1, 7]); // the second attempt computed from the object as it is now
    const now = await kube.admin.get<Widget>(WIDGETS, ns, 'st');
    expect(now.ok && now.body.status).toEqual({ observedSize: 7 });
    expect(now.ok && now.body.spec).toEqual({ size: 7 }); // the status write did not touch spec
  });

  it('writes nothing when compute says unchanged', async () => {
    const got = await kube.admin.get<Widget>(WIDGETS, ns, 'st');
    if (!got.ok) throw new Error(got.message);
    const res = await updateStatus<Widget>(kube.admin, WIDGETS, got.body, () => undefined);
    expect(res.ok && res.operation).toBe('unchanged');
    const after = await kube.admin.get<Widget>(WIDGETS, ns, 'st');
    expect(after.ok && after.body.metadata?.resourceVersion).toBe(got.body.metadata?.resourceVersion);
  });
});

describe('finalizers', () => {
  it('hold a deleted object until removed; a stale removal gets 409', async () => {
    const created = await kube.admin.create<Widget>(WIDGETS, { metadata: { name: 'fin', namespace: ns }, spec: {} });
    if (!created.ok) throw new Error(created.message);
    const withFin = await ensureFinalizer(kube.admin, WIDGETS, created.body, 'skycluster.io/test');
    if (!withFin.ok) throw new Error(withFin.message);
    expect(withFin.body.metadata?.finalizers).toEqual(['skycluster.io/test']);
    expect((await kube.admin.delete(WIDGETS, ns, 'fin')).ok).toBe(true);
    const held = await kube.admin.get<Widget>(WIDGETS, ns, 'fin');
    if (!held.ok) throw new Error(held.message);
    expect(isBeingDeleted(held.body)).toBe(true);
    const stale = await removeFinalizer(kube.admin, WIDGETS, withFin.body, 'skycluster.io/test');
    expect(!stale.ok && stale.status).toBe(409);
    const removed = await removeFinalizer(kube.admin, WIDGETS, held.body, 'skycluster.io/test');
    expect(removed.ok).toBe(true);
    await eventually('the object to go', async () => ((await kube.admin.get(WIDGETS, ns, 'fin')).status === 404 ? true : undefined));
  });
});

describe('garbage collection (kube-controller-manager)', () => {
  it('deletes an object whose controlling owner was deleted', async () => {
    const owner = await kube.admin.create<KubeObject>(BUILTIN.configMap, { metadata: { name: 'owner', namespace: ns } });
    if (!owner.ok) throw new Error(owner.message);
    const child = await kube.admin.create(BUILTIN.configMap, {
      metadata: { name: 'owned', namespace: ns, ownerReferences: [controllerReference({ apiVersion: 'v1', kind: 'ConfigMap', ...owner.body })] },
    });
    expect(child.ok).toBe(true);
    await kube.admin.delete(BUILTIN.configMap, ns, 'owner');
    await eventually(
      'the owned object to be collected',
      async () => ((await kube.admin.get(BUILTIN.configMap, ns, 'owned')).status === 404 ? true : undefined),
      30_000,
    );
  });
});

describe('EventRecorder', () => {
  it('creates one Event per object, reason and message, and counts repeats on it', async () => {
    const created = await kube.admin.create<Widget>(WIDGETS, { metadata: { name: 'ev', namespace: ns }, spec: {} });
    if (!created.ok) throw new Error(created.message);
    const rec = new EventRecorder(kube.admin, silentLogger(), 'replica-1');
    await rec.record(created.body, 'Normal', 'Planned', 'plan p1 ready');
    await rec.record(created.body, 'Normal', 'Planned', 'plan p1 ready');
    await rec.record(created.body, 'Warning', 'Invalid', 'spec.size: must be positive');
    const list = await kube.admin.list<KubeObject & { reason?: string; count?: number; involvedObject?: { uid?: string } }>(BUILTIN.event, ns);
    if (!list.ok) throw new Error(list.message);
    const mine = list.body.items.filter((e) => e.involvedObject?.uid === created.body.metadata?.uid);
    expect(mine.map((e) => [e.reason, e.count]).sort()).toEqual([
      ['Invalid', 1],
      ['Planned', 2],
    ]);
  });
});
