/**
 * The real operator process behind a TCP proxy that cuts every connection mid-stream and refuses new ones for
 * a while: a change made during the outage (a Deployment scaled) reaches the Plan once the network is back,
 * the Plan equals the one an undisturbed namespace gets for the same inputs, every input is solved once, and
 * the namespace holds one Plan and nothing else of ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { startTcpProxy, type TcpProxy } from '../kube/tcp-proxy.js';
import { createApp, planEssence, scale, strayObjects, waitForPlan } from './faults-app.js';
import { readyWithin, sampleSum, spawnOperator, writeKubeconfig, type LogLine, type OperatorProcess } from './faults-operator-process.js';

let kube: KubeTestEnv;
let proxy: TcpProxy;
let proc: OperatorProcess;
let app: string;
let control: string;

beforeAll(async () => {
  kube = await useKubeServer();
  app = await freshNamespace(kube.admin, 'cut-app');
  control = await freshNamespace(kube.admin, 'cut-ref');
  const sys = await freshNamespace(kube.admin, 'cut-sys');
  proxy = await startTcpProxy(kube.info.server);
  const kubeconfig = writeKubeconfig(kube.info, kube.info.adminToken, proxy.url);
  proc = spawnOperator(kubeconfig, 'cut', [`--system-namespace=${sys}`, `--namespaces=${app},${control}`, '--no-leader-elect']);
  await readyWithin(proc);
});
afterAll(async () => {
  await proc?.kill('SIGKILL');
  await proxy?.close();
});

/** The `solved` lines of the policy controller for keys in `ns`. */
const solvesIn = (logs: readonly LogLine[], ns: string): LogLine[] =>
  logs.filter((l) => l.msg === 'solved' && String(l['key'] ?? '').startsWith(`${ns}/`));

describe('a watch cut mid-stream', () => {
  it('a change during the outage reaches the Plan after it; same Plan as undisturbed, one solve per input, one Plan', async () => {
    await createApp(kube.admin, app);
    const first = await waitForPlan(kube.admin, app);

    proxy.pause();
    expect(proxy.cutAll()).toBeGreaterThan(0);
    await scale(kube.admin, app, 'api', 4);
    // The operator notices: its watches ended as dropped (its /metrics is not behind the proxy).
    await eventually('dropped watches', async () =>
      sampleSum(await proc.metrics(), 'skycluster_watch_restarts_total', 'reason="dropped"') > 0 ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 1000)); // a reconnect or two is refused
    proxy.resume();
    const after = await waitForPlan(kube.admin, app, (p) => p.spec.inputHash !== first.spec.inputHash);

    // The same inputs without any fault, in another namespace watched by the same process.
    await createApp(kube.admin, control, { api: 4 });
    const undisturbed = await waitForPlan(kube.admin, control);
    expect(planEssence(after)).toEqual(planEssence(undisturbed));
    expect(planEssence(after)).not.toEqual(planEssence(first));

    const hashes = solvesIn(proc.logs, app).map((l) => String(l['hash']));
    expect(new Set(hashes).size).toBe(hashes.length); // never the same inputs twice
    expect(hashes).toHaveLength(2);
    expect(await strayObjects(kube.admin, app)).toBeUndefined();
  });
});
