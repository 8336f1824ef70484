/**
 * Two replicas of the real operator process (`skycluster controller run`) at once against a real API server:
 * exactly one leads (leader_election_master_status on each replica's /metrics, the Lease holder); SIGTERM
 * makes the leader release the Lease and exit 0, and the other takes over at its next retry; a SIGKILLed
 * leader (no release) is replaced only after the lease duration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN, type Lease } from '../../controllers/runtime/index.js';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { sample, spawnOperator, writeKubeconfig, type OperatorProcess } from './faults-operator-process.js';

let kube: KubeTestEnv;
let sys: string;
let kubeconfig: string;
const procs: OperatorProcess[] = [];

beforeAll(async () => {
  kube = await useKubeServer();
  sys = await freshNamespace(kube.admin, 'sys');
  kubeconfig = writeKubeconfig(kube.info, kube.info.adminToken);
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
});

const LEASE = 'faults-replicas';
function replica(identity: string): OperatorProcess {
  const p = spawnOperator(kubeconfig, identity, [
    `--system-namespace=${sys}`,
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

const leading = async (p: OperatorProcess): Promise<number> => sample(await p.metrics(), `leader_election_master_status{lease="${LEASE}"}`);

describe('two operator processes', () => {
  it('one leads; SIGTERM releases the Lease (exit 0) and the other leads at once; a SIGKILLed leader is replaced after the lease duration', async () => {
    const a = replica('replica-a');
    const b = replica('replica-b');
    await Promise.all([a.ready, b.ready]);
    const first = await eventually('a Lease holder', async () => {
      const h = await holder();
      return h === 'replica-a' || h === 'replica-b' ? h : undefined;
    });
    const [leader, follower] = first === 'replica-a' ? [a, b] : [b, a];
    await eventually('the leader to report it', async () => ((await leading(leader)) === 1 ? true : undefined));
    expect(await leading(follower)).toBe(0);

    const t0 = Date.now();
    expect(await leader.kill('SIGTERM')).toBe(0);
    expect(await holder()).toBe(''); // released on the way out
    await eventually('the follower to lead', async () => ((await holder()) === follower.identity ? true : undefined), 5000);
    expect(Date.now() - t0).toBeLessThan(3500); // the next retry (1 s), not the 4 s lease duration
    await eventually('the follower to report it', async () => ((await leading(follower)) === 1 ? true : undefined));

    const c = replica('replica-c');
    await c.ready;
    const t1 = Date.now();
    await follower.kill('SIGKILL');
    await eventually('replica-c to lead', async () => ((await holder()) === 'replica-c' ? true : undefined), 15_000);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(3000); // an unreleased Lease must expire first
    expect(await c.kill('SIGTERM')).toBe(0);
  });
});
