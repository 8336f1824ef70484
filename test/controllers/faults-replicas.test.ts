/**
 * Two replicas of the real operator process (`skycluster controller run`) at once against a real API server:
 * exactly one leads (leader_election_master_status on each replica's /metrics, the Lease holder) and only it
 * writes: the Plan appears with the follower's reconcile counters at zero, every Event the operator recorded
 * names the leader as reportingInstance, and the Plan's managedFields name only the operator's field manager.
 * SIGTERM makes the leader release the Lease and exit 0, the other takes over at its next retry and re-plans a
 * change; a SIGKILLed leader (no release) is replaced only after the lease duration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN, EVENT_SOURCE, FIELD_MANAGER, type KubeObject, type Lease } from '../../controllers/runtime/index.js';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { createApp, scale, strayObjects, waitForPlan } from './faults-app.js';
import { readyWithin, sample, sampleSum, spawnOperator, writeKubeconfig, type OperatorProcess } from './faults-operator-process.js';

let kube: KubeTestEnv;
let sys: string;
let kubeconfig: string;
let app: string;
const procs: OperatorProcess[] = [];

beforeAll(async () => {
  kube = await useKubeServer();
  sys = await freshNamespace(kube.admin, 'sys');
  app = await freshNamespace(kube.admin, 'replicas-app');
  kubeconfig = writeKubeconfig(kube.info, kube.info.adminToken);
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
});

const LEASE = 'faults-replicas';
function replica(identity: string): OperatorProcess {
  const p = spawnOperator(kubeconfig, identity, [
    `--system-namespace=${sys}`,
    `--namespaces=${app}`,
    '--leader-elect',
    `--leader-elect-lease-name=${LEASE}`,
    '--leader-elect-lease-duration=4',
    '--leader-elect-renew-deadline=3',
    '--leader-elect-retry-period=1',
    '--log-level=debug',
  ]);
  procs.push(p);
  return p;
}

async function holder(): Promise<string | undefined> {
  const r = await kube.admin.get<Lease>(BUILTIN.lease, sys, LEASE);
  return r.ok ? (r.body.spec?.holderIdentity ?? undefined) : undefined;
}

/** Reconciles of the policy controller on a replica. */
const policyReconciles = async (p: OperatorProcess): Promise<number> =>
  sampleSum(await p.metrics(), 'controller_runtime_reconcile_total', 'controller="policy"');

/** reason@reportingInstance of every Event the operator recorded in the app namespace. */
async function eventSources(): Promise<string[]> {
  const l = await kube.admin.list<KubeObject & { reason?: string; reportingInstance?: string; source?: { component?: string } }>(BUILTIN.event, app);
  if (!l.ok) throw new Error(l.message);
  return l.body.items.filter((e) => e.source?.component === EVENT_SOURCE).map((e) => `${e.reason}@${e.reportingInstance}`);
}

const leading = async (p: OperatorProcess): Promise<number> => sample(await p.metrics(), `leader_election_master_status{lease="${LEASE}"}`);

describe('two operator processes', () => {
  it('one leads; SIGTERM releases the Lease (exit 0) and the other leads at once; a SIGKILLed leader is replaced after the lease duration', async () => {
    const a = replica('replica-a');
    const b = replica('replica-b');
    await Promise.all([readyWithin(a), readyWithin(b)]);
    const first = await eventually('a Lease holder', async () => {
      const h = await holder();
      return h === 'replica-a' || h === 'replica-b' ? h : undefined;
    });
    const [leader, follower] = first === 'replica-a' ? [a, b] : [b, a];
    await eventually('the leader to report it', async () => ((await leading(leader)) === 1 ? true : undefined));
    expect(await leading(follower)).toBe(0);

    await createApp(kube.admin, app);
    const plan = await waitForPlan(kube.admin, app);
    expect(await policyReconciles(leader)).toBeGreaterThan(0);
    expect(await policyReconciles(follower)).toBe(0);
    await eventually('the PlanCreated Event', async () => ((await eventSources()).length > 0 ? true : undefined));
    expect(await eventSources()).toEqual([`PlanCreated@${leader.identity}`]);
    const managers = new Set((plan.metadata.managedFields ?? []).map((m) => m.manager));
    expect([...managers]).toEqual([FIELD_MANAGER]);

    const t0 = Date.now();
    expect(await leader.kill('SIGTERM')).toBe(0);
    // Released on the way out: no longer the old leader's (the follower, retrying every second, may hold it already).
    expect([follower.identity, '']).toContain(await holder());
    await eventually('the follower to lead', async () => ((await holder()) === follower.identity ? true : undefined), 5000);
    expect(Date.now() - t0).toBeLessThan(3500); // the next retry (1 s), not the 4 s lease duration
    await eventually('the follower to report it', async () => ((await leading(follower)) === 1 ? true : undefined));
    await scale(kube.admin, app, 'api', 4);
    await waitForPlan(kube.admin, app, (p) => p.spec.inputHash !== plan.spec.inputHash);
    // The Event is the reconcile's last write: it may follow the Plan by a moment.
    const want = [`PlanCreated@${leader.identity}`, `PlanUpdated@${follower.identity}`].sort().join(' ');
    await eventually("the new leader's PlanUpdated Event", async () => ((await eventSources()).sort().join(' ') === want ? true : undefined));
    expect(await strayObjects(kube.admin, app)).toBeUndefined();

    const c = replica('replica-c');
    await readyWithin(c);
    const t1 = Date.now();
    await follower.kill('SIGKILL');
    await eventually('replica-c to lead', async () => ((await holder()) === 'replica-c' ? true : undefined), 15_000);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(3000); // an unreleased Lease must expire first
    expect(await c.kill('SIGTERM')).toBe(0);
  });
});
