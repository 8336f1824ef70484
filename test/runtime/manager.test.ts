/**
 * A Manager against a real kube-apiserver: /readyz turns 200 once the caches synced, /metrics shows reconciles
 * and queue depth, SIGTERM stops it gracefully (in-flight reconcile finishes, Lease released), an informer
 * survives a restart of kube-apiserver, and a leader behind a silent network stops leading at its renew
 * deadline, before the other replica takes over after the lease duration.
 */
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN,
  Controller,
  createMetrics,
  done,
  Informer,
  installSignalHandlers,
  Manager,
  silentLogger,
  type KubeObject,
  type Lease,
  type Reconciler,
} from '../../controllers/runtime/index.js';
import { clientFor, eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { startTcpProxy, type TcpProxy } from '../kube/tcp-proxy.js';

const CM = BUILTIN.configMap;
let kube: KubeTestEnv;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  kube = await useKubeServer();
});
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function get(port: number, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
}

describe('Manager', () => {
  it('serves /healthz, /readyz and /metrics; SIGTERM lets the in-flight reconcile finish and releases the Lease', async () => {
    const ns = await freshNamespace(kube.admin, 'mgr');
    await kube.admin.create(CM, { metadata: { name: 'slow', namespace: ns } });
    const log = silentLogger();
    const metrics = createMetrics();
    const manager = new Manager({
      client: kube.admin,
      log,
      metrics,
      health: { port: 0, host: '127.0.0.1' },
      leaderElection: {
        identity: 'only',
        leaseName: 'mgr',
        namespace: ns,
        leaseDurationSeconds: 10,
        renewDeadlineSeconds: 5,
        retryPeriodSeconds: 0.2,
      },
    });
    const informer = manager.informer<KubeObject>(CM, { namespace: ns });
    let release: () => void = () => {};
    const started: string[] = [];
    const finished: string[] = [];
    const reconciler: Reconciler = {
      async reconcile(key) {
        started.push(key);
        await new Promise<void>((r) => (release = r));
        finished.push(key);
        return done;
      },
    };
    manager.add(new Controller({ name: 'slow', reconciler, log, metrics }).watch(informer));
    const startP = manager.start();
    await eventually('the health server', () => manager.healthPort());
    const port = manager.healthPort()!;
    expect((await get(port, '/healthz')).status).toBe(200);
    await startP;
    expect(await get(port, '/readyz')).toEqual({ status: 200, text: 'ok\n' });
    await eventually('the reconcile to start', () => (started.length ? true : undefined));
    const m = (await get(port, '/metrics')).text;
    expect(m).toContain('workqueue_depth{controller="slow"} 0');
    expect(m).toContain('leader_election_master_status{lease="mgr"} 1');
    expect(m).toContain('process_cpu_seconds_total');

    const proc = new EventEmitter() as unknown as NodeJS.Process;
    installSignalHandlers(manager, log, proc);
    proc.emit('SIGTERM', 'SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect(finished).toEqual([]); // still waiting for the in-flight reconcile
    release();
    await manager.stop();
    expect(finished).toEqual([`${ns}/slow`]);
    expect(proc.exitCode).toBe(0);
    const lease = await kube.admin.get<Lease>(BUILTIN.lease, ns, 'mgr');
    expect(lease.ok && lease.body.spec?.holderIdentity).toBe('');
    await expect(get(port, '/healthz')).rejects.toThrow();
  });

  it('keeps an informer current across a kube-apiserver restart', async () => {
    const restartable = await useKubeServer('restartable', { controllerManager: false });
    const ns = await freshNamespace(restartable.admin, 'restart');
    const informer = new Informer(restartable.admin, CM, { namespace: ns, backoff: { baseMs: 100, maxMs: 500 } });
    cleanup.push(() => informer.stop());
    informer.start();
    await informer.waitForSync();
    await restartable.admin.create(CM, { metadata: { name: 'before', namespace: ns } });
    await eventually('before', () => informer.get(`${ns}/before`));
    await restartable.restartApiServer();
    await restartable.admin.create(CM, { metadata: { name: 'after', namespace: ns } });
    await eventually('after', () => informer.get(`${ns}/after`), 20_000);
    expect(
      informer
        .list()
        .map((o) => o.metadata?.name)
        .sort(),
    ).toEqual(['after', 'before']);
  });

  it('a leader behind a silent network stops leading at its renew deadline, before the other replica takes over', async () => {
    const ns = await freshNamespace(kube.admin, 'partition');
    const proxy: TcpProxy = await startTcpProxy(kube.info.server);
    cleanup.push(() => proxy.close());
    const election = { leaseName: 'p', namespace: ns, leaseDurationSeconds: 3, renewDeadlineSeconds: 2, retryPeriodSeconds: 0.2 };
    const cutOff = new Manager({
      client: clientFor({ ...kube.info, server: proxy.url }, kube.info.adminToken),
      log: silentLogger(),
      metrics: createMetrics(false),
      leaderElection: { ...election, identity: 'cut-off' },
    });
    cleanup.push(() => cutOff.stop());
    await cutOff.start();
    await eventually('cut-off leads', () => (cutOff.isLeader() ? true : undefined));
    const other = new Manager({
      client: kube.admin,
      log: silentLogger(),
      metrics: createMetrics(false),
      leaderElection: { ...election, identity: 'other' },
    });
    cleanup.push(() => other.stop());
    await other.start();
    // Requests now hang instead of failing: only the leader's own deadline can make it step down in time.
    proxy.blackhole();
    proxy.cutAll();
    const t0 = Date.now();
    await eventually('cut-off to step down', () => (cutOff.isLeader() ? undefined : true), 10_000);
    const steppedDown = Date.now() - t0;
    await eventually('other to lead', () => (other.isLeader() ? true : undefined), 10_000);
    const tookOver = Date.now() - t0;
    // The old leader stops before the lease can expire for the other replica: never two leaders at once.
    expect(steppedDown).toBeGreaterThanOrEqual(1500); // renew deadline 2 s after the last renewal (<= 0.2 s before t0)
    expect(steppedDown).toBeLessThan(2600);
    expect(steppedDown).toBeLessThan(tookOver);
    expect(tookOver).toBeGreaterThanOrEqual(3000);
  });
});
