/**
 * Faults on the API server side, with the real operator process on a server of this file's own (so that the
 * server can be restarted and its request counters belong to this file alone):
 * - kube-apiserver killed (SIGKILL) and started again on the same port and etcd under the running operator:
 *   a change made after the restart reaches the Plan, which equals the undisturbed one;
 * - 409 Conflicts on status writes: a concurrent writer keeps changing the DeploymentPolicy and the Plan
 *   (an annotation: their resourceVersion moves, their spec does not) while the operator plans; the API
 *   server's own counter shows the refused status PUTs, and the operator still converges to the undisturbed
 *   Plan with statuses that match the current generation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../controllers/runtime/index.js';
import { DEPLOYMENT_POLICY_REF, PLAN_REF } from '../../controllers/skycluster-refs.js';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { APP, createApp, getPlan, PLAN, planEssence, scale, strayObjects, waitForPlan } from './faults-app.js';
import { readyWithin, sampleSum, spawnOperator, writeKubeconfig, type LogLine, type OperatorProcess } from './faults-operator-process.js';

let kube: KubeTestEnv;
let proc: OperatorProcess;
const ns: Record<'restart' | 'conflict' | 'control' | 'controlScaled' | 'sys', string> = {
  restart: '',
  conflict: '',
  control: '',
  controlScaled: '',
  sys: '',
};

beforeAll(async () => {
  kube = await useKubeServer('faults-apiserver', { crds: true, controllerManager: false });
  for (const k of Object.keys(ns) as (keyof typeof ns)[]) ns[k] = await freshNamespace(kube.admin, `f-${k.toLowerCase()}`);
  const kubeconfig = writeKubeconfig(kube.info, kube.info.adminToken);
  const watched = [ns.restart, ns.conflict, ns.control, ns.controlScaled].join(',');
  proc = spawnOperator(kubeconfig, 'apiserver-faults', [`--system-namespace=${ns.sys}`, `--namespaces=${watched}`, '--no-leader-elect']);
  await readyWithin(proc);
  // The undisturbed Plans, solved before any fault.
  await createApp(kube.admin, ns.control);
  await createApp(kube.admin, ns.controlScaled, { api: 4 });
  await Promise.all([waitForPlan(kube.admin, ns.control), waitForPlan(kube.admin, ns.controlScaled)]);
});
afterAll(async () => {
  await proc?.kill('SIGKILL');
});

const solvesIn = (logs: readonly LogLine[], n: string): string[] =>
  logs.filter((l) => l.msg === 'solved' && String(l['key'] ?? '').startsWith(`${n}/`)).map((l) => String(l['hash']));

/** 409 answers of the API server to status PUTs of DeploymentPolicies and Plans (its own /metrics). */
async function statusConflicts(): Promise<number> {
  const r = await kube.admin.request<string>('GET', '/metrics');
  if (!r.ok) throw new Error(r.message);
  const text = String(r.body);
  const of = (resource: string): number =>
    sampleSum(text, 'apiserver_request_total', 'code="409"', `resource="${resource}"`, 'subresource="status"', 'verb="PUT"');
  return of('deploymentpolicies') + of('plans');
}

describe('API server faults under the operator', () => {
  it('kube-apiserver restarted under it: a later change reaches the Plan, which equals the undisturbed one', async () => {
    await createApp(kube.admin, ns.restart);
    const before = await waitForPlan(kube.admin, ns.restart);
    expect(planEssence(before)).toEqual(planEssence((await getPlan(kube.admin, ns.control))!));
    await kube.restartApiServer();
    await scale(kube.admin, ns.restart, 'api', 4);
    const after = await waitForPlan(kube.admin, ns.restart, (p) => p.spec.inputHash !== before.spec.inputHash, 40_000);
    expect(planEssence(after)).toEqual(planEssence((await getPlan(kube.admin, ns.controlScaled))!));
    const hashes = solvesIn(proc.logs, ns.restart);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(await strayObjects(kube.admin, ns.restart)).toBeUndefined();
  });

  it('409 Conflicts on its status writes: it re-reads, recomputes and converges to the undisturbed Plan', async () => {
    const conflictsBefore = await statusConflicts();
    let writing = true;
    let writes = 0;
    // The concurrent writer: metadata only, as fast as the server answers.
    const writer = (async () => {
      while (writing) {
        const stamp = { metadata: { annotations: { 'test.skycluster.io/touch': String(writes++) } } };
        await kube.admin.patch(DEPLOYMENT_POLICY_REF, ns.conflict, APP, stamp);
        await kube.admin.patch(PLAN_REF, ns.conflict, PLAN, stamp);
      }
    })();
    await createApp(kube.admin, ns.conflict);
    const first = await waitForPlan(kube.admin, ns.conflict);
    await scale(kube.admin, ns.conflict, 'api', 4);
    await waitForPlan(kube.admin, ns.conflict, (p) => p.spec.inputHash !== first.spec.inputHash, 40_000);
    writing = false;
    await writer;
    expect(writes).toBeGreaterThan(20);
    const conflicts = (await statusConflicts()) - conflictsBefore;
    expect(conflicts).toBeGreaterThan(0);

    const plan = (await getPlan(kube.admin, ns.conflict))!;
    expect(planEssence(plan)).toEqual(planEssence((await getPlan(kube.admin, ns.controlScaled))!));
    // Statuses come to describe the current objects: observedGeneration reaches the generation (the
    // DeploymentPolicy's status is written after the Plan's, so it may lag the Plan by a pass).
    expect(plan.status?.conditions?.find((c) => c.type === 'Ready')?.observedGeneration).toBe(plan.metadata.generation);
    type Dp = KubeObject & { status?: { phase?: string; conditions?: { type: string; observedGeneration?: number }[] } };
    const dp = await eventually(
      `DeploymentPolicy ${ns.conflict}/${APP} Planned at its generation`,
      async () => {
        const r = await kube.admin.get<Dp>(DEPLOYMENT_POLICY_REF, ns.conflict, APP);
        if (!r.ok) throw new Error(r.message);
        const ready = r.body.status?.conditions?.find((c) => c.type === 'Ready');
        return ready?.observedGeneration === r.body.metadata?.generation ? r.body : undefined;
      },
      20_000,
    );
    expect(dp.status?.phase).toBe('Planned');
    const hashes = solvesIn(proc.logs, ns.conflict);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(await strayObjects(kube.admin, ns.conflict)).toBeUndefined();
  });
});
