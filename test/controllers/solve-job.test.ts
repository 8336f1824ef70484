/**
 * `spec.solver.mode: Job` on a real API server. The runner (controllers/policy/solve-job.ts) creates a
 * batch/v1 Job of the operator's image and its inputs ConfigMap, then waits for the result ConfigMap.
 *
 * The test server has no kubelet (and runs no Job controller), so no pod starts. The test acts as the kubelet,
 * honestly: it reads the created Job's container (image, args, env), resolves the env exactly as the kubelet
 * would (fieldRefs against the pod's labels, which the API server put on the Job's template), authenticates as
 * the Job's ServiceAccount (a token from the TokenRequest API, handed over as a kubeconfig in KUBECONFIG —
 * where a pod has the token mounted) and runs the container's args unchanged after the image's entrypoint, the
 * built `skycluster` CLI. The Plan the runner reads back must equal the Plan the same request gives in-process.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { JOB_REF, jobSolveRunner } from '../../controllers/policy/solve-job.js';
import { solveSelectorString } from '../../controllers/policy/solve-job-spec.js';
import { registeredCatalog } from '../../controllers/policy/registered-catalog.js';
import { CONTROLLER_SOLVER, inProcessSolveRunner, type SolveRequest } from '../../controllers/policy/solve-runner.js';
import { applyObject, BUILTIN, silentLogger, type KubeObject, type ResourceRef } from '../../controllers/runtime/index.js';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import { renderInstall, SOLVER_NAME } from '../../src/install/render-install.js';
import { validateDocuments } from '../../src/validate/validate-documents.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { REPO_ROOT } from '../kube/kube-server.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { actAsKubelet, type Job } from './faults-kubelet.js';

const RBAC = 'rbac.authorization.k8s.io';
const REFS: Record<string, ResourceRef> = {
  ServiceAccount: { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  Role: { group: RBAC, version: 'v1', kind: 'Role', plural: 'roles', namespaced: true },
  RoleBinding: { group: RBAC, version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
};
const IMAGE = 'registry.example/skycluster:test';

let kube: KubeTestEnv;
let sys: string;
const controller = new AbortController();

/** The bundled three-tier-web example as a SolveRequest with no registered providers. */
function request(timeLimitSec = 20): SolveRequest {
  const text = fs.readFileSync(`${REPO_ROOT}/policies/three-tier-web.yaml`, 'utf8');
  const docs = parseAllDocuments(text).map((d, i) => ({ file: 'three-tier-web.yaml', document: i + 1, value: d.toJS() as unknown }));
  const checked = validateDocuments(docs);
  const dp = checked.objects.find((o) => o.kind === 'DeploymentPolicy')?.object as DeploymentPolicy;
  const df = checked.objects.find((o) => o.kind === 'DataflowPolicy')?.object as DataflowPolicy | undefined;
  const registered = registeredCatalog([], []);
  return {
    deploymentPolicy: { ...dp, metadata: { ...dp.metadata, namespace: 'shop' } },
    ...(df ? { dataflowPolicy: { ...df, metadata: { ...df.metadata, namespace: 'shop' } } } : {}),
    registered,
    catalogVersion: registered.version,
    solver: CONTROLLER_SOLVER,
    timeLimitSec,
    mipGap: 0,
  };
}

async function solveJobs(): Promise<Job[]> {
  const l = await kube.admin.list<Job>(JOB_REF, sys, { labelSelector: solveSelectorString({ namespace: 'shop', name: 'three-tier-web' }) });
  return l.ok ? l.body.items : [];
}

beforeAll(async () => {
  kube = await useKubeServer();
  sys = await freshNamespace(kube.admin, 'solve-sys');
  // The solver's ServiceAccount and Role exactly as `skycluster install` renders them.
  const solverObjects = renderInstall({ namespace: sys }).filter((o) => o.metadata.name === SOLVER_NAME);
  for (const o of solverObjects) {
    const res = await applyObject(kube.admin, REFS[o.kind]!, o, { fieldManager: 'skycluster-install' });
    if (!res.ok) throw new Error(`${o.kind}: ${res.message}`);
  }
});
afterAll(() => controller.abort());

describe('solves as Kubernetes Jobs', () => {
  it('the Job runs the operator image as skycluster-solver; its process writes the outcome and the runner reads the same Plan back', async () => {
    const req = request();
    const runner = jobSolveRunner(kube.admin, { namespace: sys, image: IMAGE, pollMs: 200 }, silentLogger());
    const solving = runner.solve(req, controller.signal);
    const job = await eventually('the solve Job', async () => (await solveJobs())[0]);
    // Created once, not once per poll.
    await new Promise((r) => setTimeout(r, 700));
    expect(await solveJobs()).toHaveLength(1);
    const inputs = await eventually('the inputs ConfigMap', async () => {
      const r = await kube.admin.get<KubeObject & { data?: Record<string, string> }>(BUILTIN.configMap, sys, `${job.metadata?.name}-inputs`);
      return r.ok ? r.body : undefined;
    });
    expect(inputs.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Job', name: job.metadata?.name, uid: job.metadata?.uid });
    expect(JSON.parse(inputs.data?.['inputs.json'] ?? '{}')).toEqual(JSON.parse(JSON.stringify(req)));
    // The API server labels a Job's pods with its uid: the downward API hands it to the process.
    expect(job.spec.template.metadata.labels['controller-uid']).toBe(job.metadata?.uid);

    const ran = await actAsKubelet(kube, sys, job);
    expect(ran.container.image).toBe(IMAGE);
    expect(ran.container.resources.requests).toEqual({ cpu: '1', memory: '1Gi' });
    expect(ran.code, ran.out).toBe(0);
    expect(ran.out).toContain('planned (created)');

    const outcome = await solving;
    expect(outcome.kind).toBe('planned');
    const local = await inProcessSolveRunner({ baseCatalog: () => loadBundledCatalog() }).solve(req, controller.signal);
    if (outcome.kind !== 'planned' || local.kind !== 'planned') throw new Error('expected plans');
    expect(outcome.plan.spec).toEqual(local.plan.spec);

    // Read back, the Job is deleted and the garbage collector takes both ConfigMaps with it: nothing is left.
    await eventually('the Job to go', async () => ((await solveJobs()).length === 0 ? true : undefined));
    await eventually(
      'the ConfigMaps to be collected',
      async () => {
        const l = await kube.admin.list(BUILTIN.configMap, sys, { labelSelector: 'skycluster.io/solve=true' });
        return l.ok && l.body.items.length === 0 ? true : undefined;
      },
      30_000,
    );
  });

  it('a change of inputs while a Job runs deletes the stale Job: one Job per application at a time', async () => {
    const runner = jobSolveRunner(kube.admin, { namespace: sys, image: IMAGE, pollMs: 200 }, silentLogger());
    const first = new AbortController();
    const a = runner.solve(request(20), first.signal).catch((e: Error) => e.message);
    const jobA = await eventually('job A', async () => (await solveJobs())[0]);
    first.abort();
    expect(await a).toBe('solve job: stopped waiting (shutdown)');
    const second = new AbortController();
    const b = runner.solve(request(25), second.signal).catch((e: Error) => e.message);
    const jobs = await eventually('only job B', async () => {
      const l = await solveJobs();
      return l.length === 1 && l[0]!.metadata?.name !== jobA.metadata?.name ? l : undefined;
    });
    expect(jobs[0]!.metadata?.labels?.['skycluster.io/input-hash']).not.toBe(jobA.metadata?.labels?.['skycluster.io/input-hash']);
    second.abort();
    await b;
    await runner.forget({ namespace: 'shop', name: 'three-tier-web' });
    expect(await solveJobs()).toEqual([]);
  });
});
