/**
 * Two operator replicas (Managers) against a real kube-apiserver, campaigning for one coordination.k8s.io/v1
 * Lease: only the leader's controller reconciles and writes; on graceful shutdown the leader releases the
 * Lease and the other replica takes over well before the lease duration would have expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN,
  Controller,
  createMetrics,
  done,
  Manager,
  silentLogger,
  updateStatus,
  type KubeClient,
  type KubeObject,
  type Lease,
  type Reconciler,
} from '../../controllers/runtime/index.js';
import { parseObjectKey } from '../../controllers/runtime/resource.js';
import { eventually, freshNamespace, installCrdObjects, WIDGETS, widgetCrd } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';

interface Widget extends KubeObject {
  status?: { by?: string };
}

let kube: KubeTestEnv;
let ns: string;
const managers: Manager[] = [];

beforeAll(async () => {
  kube = await useKubeServer();
  await installCrdObjects(kube.admin, [widgetCrd()]);
  ns = await freshNamespace(kube.admin, 'leader');
});
afterAll(async () => {
  await Promise.all(managers.map((m) => m.stop()));
});

/** A reconciler that stamps status.by with its replica's identity. */
function stamp(client: KubeClient, identity: string): Reconciler {
  return {
    async reconcile(key) {
      const { namespace, name } = parseObjectKey(key);
      const got = await client.get<Widget>(WIDGETS, namespace, name);
      if (!got.ok) return done;
      const res = await updateStatus<Widget>(client, WIDGETS, got.body, (w) => (w.status?.by ? undefined : { by: identity }));
      return res.ok ? done : { kind: 'transient', message: res.message };
    },
  };
}

function replica(identity: string) {
  const log = silentLogger();
  const metrics = createMetrics(false);
  const manager = new Manager({
    client: kube.admin,
    log,
    metrics,
    leaderElection: { identity, leaseName: 'widgets', namespace: ns, leaseDurationSeconds: 10, renewDeadlineSeconds: 6, retryPeriodSeconds: 0.2 },
  });
  const informer = manager.informer<Widget>(WIDGETS, { namespace: ns });
  const controller = new Controller({ name: 'widget', reconciler: stamp(kube.admin, identity), log, metrics }).watch(informer);
  manager.add(controller);
  managers.push(manager);
  return { identity, manager, controller, metrics };
}

async function lease(): Promise<Lease | undefined> {
  const r = await kube.admin.get<Lease>(BUILTIN.lease, ns, 'widgets');
  return r.ok ? r.body : undefined;
}

describe('leader election with two replicas', () => {
  it('only the leader reconciles; graceful shutdown releases the Lease and the other replica takes over at once', async () => {
    const a = replica('replica-a');
    const b = replica('replica-b');
    await Promise.all([a.manager.start(), b.manager.start()]);
    const leader = await eventually('a leader', () => [a, b].find((r) => r.manager.isLeader()));
    const follower = leader === a ? b : a;
    expect(follower.manager.isLeader()).toBe(false);
    expect((await lease())?.spec?.holderIdentity).toBe(leader.identity);

    for (const name of ['w1', 'w2', 'w3']) await kube.admin.create(WIDGETS, { metadata: { name, namespace: ns } });
    const stamped = await eventually('every widget stamped', async () => {
      const l = await kube.admin.list<Widget>(WIDGETS, ns);
      return l.ok && l.body.items.length === 3 && l.body.items.every((w) => w.status?.by) ? l.body.items : undefined;
    });
    expect(stamped.map((w) => w.status?.by)).toEqual([leader.identity, leader.identity, leader.identity]);
    expect(follower.controller.reconcileCount()).toBe(0);
    expect(leader.controller.reconcileCount()).toBeGreaterThanOrEqual(3);
    expect(await leader.metrics.registry.getSingleMetricAsString('leader_election_master_status')).toContain(
      'leader_election_master_status{lease="widgets"} 1',
    );

    const stoppedAt = Date.now();
    await leader.manager.stop();
    const released = await lease();
    expect(released?.spec?.holderIdentity).toBe('');
    await eventually('the follower to lead', () => (follower.manager.isLeader() ? true : undefined));
    // A released Lease is taken at the next retry, not after the 10 s lease duration.
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    expect((await lease())?.spec?.holderIdentity).toBe(follower.identity);
    expect((await lease())?.spec?.leaseTransitions).toBeGreaterThanOrEqual(1);

    await kube.admin.create(WIDGETS, { metadata: { name: 'w4', namespace: ns } });
    const w4 = await eventually('w4 stamped', async () => {
      const r = await kube.admin.get<Widget>(WIDGETS, ns, 'w4');
      return r.ok && r.body.status?.by ? r.body : undefined;
    });
    expect(w4.status?.by).toBe(follower.identity);
  });
});
