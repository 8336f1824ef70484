/**
 * The operator process SIGKILLed mid-reconcile and started again. The policy solves as a Job
 * (spec.solver.mode: Job), so the reconcile is provably in flight when the kill lands: its worker is inside
 * the runner, waiting for the Job it created. The Job then runs (the test acts as the kubelet, see
 * faults-kubelet.ts) while no operator is alive; the restarted process finds the same Job by name instead of
 * creating another, reads the result back, and the Plan equals the one an undisturbed namespace gets from an
 * in-process solve. Nothing is left behind: one Plan, no Job, no solve ConfigMap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_REF } from '../../controllers/policy/solve-job.js';
import { solveSelectorString } from '../../controllers/policy/solve-job-spec.js';
import { applyObject, BUILTIN, type ResourceRef } from '../../controllers/runtime/index.js';
import { renderInstall, SOLVER_NAME } from '../../src/install/render-install.js';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { APP, createApp, planEssence, strayObjects, waitForPlan } from './faults-app.js';
import { actAsKubelet, type Job } from './faults-kubelet.js';
import { readyWithin, spawnOperator, writeKubeconfig, type OperatorProcess } from './faults-operator-process.js';

const RBAC = 'rbac.authorization.k8s.io';
const REFS: Record<string, ResourceRef> = {
  ServiceAccount: { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  Role: { group: RBAC, version: 'v1', kind: 'Role', plural: 'roles', namespaced: true },
  RoleBinding: { group: RBAC, version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
};

let kube: KubeTestEnv;
let sys: string;
let app: string;
let control: string;
let kubeconfig: string;
const procs: OperatorProcess[] = [];

beforeAll(async () => {
  kube = await useKubeServer();
  sys = await freshNamespace(kube.admin, 'kill-sys');
  app = await freshNamespace(kube.admin, 'kill-app');
  control = await freshNamespace(kube.admin, 'kill-ref');
  for (const o of renderInstall({ namespace: sys }).filter((x) => x.metadata.name === SOLVER_NAME)) {
    const res = await applyObject(kube.admin, REFS[o.kind]!, o, { fieldManager: 'skycluster-install' });
    if (!res.ok) throw new Error(`${o.kind}: ${res.message}`);
  }
  kubeconfig = writeKubeconfig(kube.info, kube.info.adminToken);
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
});

function operator(identity: string): OperatorProcess {
  const p = spawnOperator(kubeconfig, identity, [
    `--system-namespace=${sys}`,
    `--namespaces=${app},${control}`,
    '--no-leader-elect',
    '--solver-image=registry.example/skycluster:test',
  ]);
  procs.push(p);
  return p;
}

async function jobsOf(ns: string): Promise<Job[]> {
  const l = await kube.admin.list<Job>(JOB_REF, sys, { labelSelector: solveSelectorString({ namespace: ns, name: APP }) });
  return l.ok ? l.body.items : [];
}

describe('SIGKILL mid-reconcile', () => {
  it('the restarted operator takes up the Job in flight: the undisturbed Plan, no second Job, nothing left behind', async () => {
    const first = operator('first');
    await readyWithin(first);
    await createApp(kube.admin, app, {}, 'Job');
    const job = await eventually('the solve Job', async () => (await jobsOf(app))[0], 20_000);
    // The runner writes the inputs right after the Job; once they exist it is polling for the result.
    await eventually('the inputs ConfigMap', async () =>
      (await kube.admin.get(BUILTIN.configMap, sys, `${job.metadata?.name}-inputs`)).ok ? true : undefined,
    );
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');

    // The Job's pod runs while no operator is alive.
    const ran = await actAsKubelet(kube, sys, job);
    expect(ran.code, ran.out).toBe(0);

    const second = operator('second');
    await readyWithin(second);
    const plan = await waitForPlan(kube.admin, app);

    await createApp(kube.admin, control);
    const undisturbed = await waitForPlan(kube.admin, control);
    expect(planEssence(plan)).toEqual(planEssence(undisturbed));
    expect(second.logs.filter((l) => l.msg === 'solve job created')).toEqual([]);
    await eventually('the Job deleted', async () => ((await jobsOf(app)).length === 0 ? true : undefined));
    await eventually(
      'the solve ConfigMaps collected',
      async () => {
        const l = await kube.admin.list(BUILTIN.configMap, sys, { labelSelector: 'skycluster.io/solve=true' });
        return l.ok && l.body.items.length === 0 ? true : undefined;
      },
      30_000,
    );
    expect(await strayObjects(kube.admin, app)).toBeUndefined();
    expect(await second.kill('SIGTERM')).toBe(0);
  });
});
