/**
 * `skycluster plan show|diff|approve|reject` against a real API server, with the approval gate running in
 * this process: show prints placements, costs, approval, conditions and the diff; approve merge-patches
 * spec.approval bound to the current inputHash and revision (approvedBy = the kubeconfig user), the gate then
 * applies the Atlas; after a re-plan, diff compares the placements with the approved revision recorded in
 * that Atlas; reject records the decision and leaves the Atlas as it was. Refusals and errors (not found, a
 * plan with no solution, 403 on the patch, unreachable server, bad kubeconfig) are one line each.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApprovalController } from '../controllers/approval/index.js';
import {
  createMetrics,
  EventRecorder,
  Manager,
  OperatorConfigSchema,
  silentLogger,
  type KubeObject,
  type ResourceRef,
} from '../controllers/runtime/index.js';
import { ATLAS_REF, PLAN_REF } from '../controllers/skycluster-refs.js';
import { loadBundledCatalog } from '../providers/catalog/load-catalog.js';
import type { Plan } from '../src/api/plan.js';
import { fixturePlan, type FixturePlacement } from '../src/atlas/fixtures.js';
import { eventually, freshNamespace } from './kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from './kube/kube-test-env.js';
import { runCli, writeKubeconfigs, type Kubeconfigs, type Run } from './cli-kube-run.js';

const ROLE: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true };
const BINDING: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true };
const HASH_1 = '1'.repeat(64);
const HASH_2 = '2'.repeat(64);
const PLACEMENTS: FixturePlacement[] = [
  { component: 'web', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor: 'm5.large' },
  { component: 'db', platform: 'gcp', region: 'us-central1', zone: 'us-central1-a', flavor: 'n2-standard-4' },
];

let kube: KubeTestEnv;
let ns: string;
let files: Kubeconfigs;
let manager: Manager;

const cli = (args: string[], kubeconfig = files.admin): Promise<Run> => runCli([...args, '--kubeconfig', kubeconfig, '-n', ns], files.dir);

/**
 * Creates a Plan (as the policy controller would) and sets its Ready condition. The approval gate already runs
 * and may write its own condition in between: as a controller would, a 409 is answered by reading the Plan again
 * and writing Ready beside the conditions it has.
 */
async function createPlan(app: string, ready: { status: 'True' | 'False'; reason: string; message: string }): Promise<void> {
  const p = fixturePlan(app, PLACEMENTS);
  const created = await kube.admin.create<KubeObject>(PLAN_REF, {
    ...p,
    metadata: { ...p.metadata, namespace: ns },
    spec: { ...p.spec, inputHash: HASH_1, revision: 1, approval: { approved: false } },
  });
  if (!created.ok) throw new Error(created.message);
  const condition = { type: 'Ready', ...ready, observedGeneration: 1, lastTransitionTime: '2026-12-02T12:00:00Z' };
  const name = (created.body['metadata'] as { name: string }).name;
  let current: KubeObject = created.body;
  for (let attempt = 0; attempt < 5; attempt++) {
    const others = ((current['status'] as { conditions?: { type: string }[] } | undefined)?.conditions ?? []).filter((c) => c.type !== 'Ready');
    const st = await kube.admin.replace(PLAN_REF, { ...current, status: { conditions: [...others, condition] } }, 'status');
    if (st.ok) return;
    if (st.status !== 409) throw new Error(st.message);
    const again = await kube.admin.get<KubeObject>(PLAN_REF, ns, name);
    if (!again.ok) throw new Error(again.message);
    current = again.body;
  }
  throw new Error(`Plan ${name}: its status kept changing (5 conflicts in a row)`);
}

const planSpec = async (name: string): Promise<Plan['spec']> => {
  const r = await kube.admin.get<KubeObject>(PLAN_REF, ns, name);
  if (!r.ok) throw new Error(r.message);
  return r.body['spec'] as Plan['spec'];
};
const atlasRevision = async (): Promise<number | undefined> => {
  const r = await kube.admin.get<KubeObject>(ATLAS_REF, ns, 'shop');
  return r.ok ? (r.body['spec'] as { planRef: { revision?: number } }).planRef.revision : undefined;
};

beforeAll(async () => {
  kube = await useKubeServer();
  ns = await freshNamespace(kube.admin, 'cli-plan');
  files = writeKubeconfigs(kube, 'skycluster-cli-plan-');
  const log = silentLogger();
  const metrics = createMetrics(false);
  manager = new Manager({ client: kube.admin, log, metrics });
  const config = OperatorConfigSchema.parse({ namespaces: [ns], systemNamespace: ns, leaderElection: { enabled: false, identity: 'test' } });
  addApprovalController(
    { client: kube.admin, manager, log, metrics, config, events: new EventRecorder(kube.admin, log, 'test') },
    { bundledCatalog: loadBundledCatalog() },
  );
  await manager.start();
  await createPlan('shop', { status: 'True', reason: 'Solved', message: 'optimal' });
  await createPlan('stuck', { status: 'False', reason: 'Infeasible', message: 'no site meets spec.deploymentPolicies[0].locationConstraint' });
});
afterAll(async () => {
  await manager?.stop();
  rmSync(files.dir, { recursive: true, force: true });
});

describe('skycluster plan', () => {
  it('show (by application name): placements, costs, approval, conditions and that no revision was approved yet', async () => {
    await eventually('the gate saw the plan', async () =>
      ((await kube.admin.get<KubeObject>(PLAN_REF, ns, 'shop-plan')) as { ok: boolean; body?: { status?: { conditions?: unknown[] } } }).body?.status
        ?.conditions?.length === 2
        ? true
        : undefined,
    );
    const r = await cli(['plan', 'show', 'shop']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan shop-plan (revision 1) for shop: horizon 730 h; USD');
    expect(r.stdout).toMatch(/│ web +│ aws +│ us-east-1 +│ use1-az1 +│ m5\.large \(fixture\) +│ 1 +│/);
    expect(r.stdout).toContain('monthly cost $292.00 (730 h)');
    expect(r.stdout).toContain('Approval: revision 1 awaits approval');
    expect(r.stdout).toMatch(/^Ready +True +Solved +optimal$/m);
    expect(r.stdout).toMatch(/^Approved +False +AwaitingApproval +revision 1 awaits approval \(skycluster plan approve shop-plan\)$/m);
    expect(r.stdout).toContain(
      `Plan ${ns}/shop-plan revision 1: no approved revision recorded (no Atlas shop owned by the plan); every placement would be new:\n` +
        '  + web: aws/us-east-1/use1-az1 m5.large x1\n  + db: gcp/us-central1/us-central1-a n2-standard-4 x1',
    );
  });

  it('approve binds the approval to the current inputs and revision; the gate applies the Atlas; approving again changes nothing', async () => {
    const r = await cli(['plan', 'approve', 'shop-plan']);
    expect(r).toMatchObject({
      code: 0,
      stdout: `Plan ${ns}/shop-plan revision 1 (inputs 111111111111) approved by user; the operator applies its Atlas and Harbor\n`,
      stderr: '',
    });
    expect((await planSpec('shop-plan')).approval).toEqual({ approved: true, approvedBy: 'user', inputHash: HASH_1, revision: 1 });
    await eventually('Atlas shop', async () => ((await atlasRevision()) === 1 ? true : undefined));
    const again = await cli(['plan', 'approve', 'shop']);
    expect(again).toMatchObject({
      code: 0,
      stdout: `Plan ${ns}/shop-plan revision 1 (inputs 111111111111) is already approved by user; nothing changed\n`,
    });
  });

  it('after a re-plan, diff compares with the approved revision in the Atlas; reject records the decision and leaves the Atlas', async () => {
    const moved = fixturePlan('shop', [
      { ...PLACEMENTS[0]!, zone: 'use1-az2' },
      { ...PLACEMENTS[1]!, nodes: 2 },
    ]);
    const patched = await kube.admin.patch(PLAN_REF, ns, 'shop-plan', {
      spec: { inputHash: HASH_2, revision: 2, placements: moved.spec.placements },
    });
    expect(patched.ok).toBe(true);
    const [diff, list] = await Promise.all([cli(['plan', 'diff', 'shop-plan']), cli(['get', 'plans'])]);
    expect(diff).toMatchObject({
      code: 0,
      stdout:
        `Plan ${ns}/shop-plan revision 2 against the approved revision 1 (Atlas shop): 2 component(s) changed\n` +
        '  ~ web moved: aws/us-east-1/use1-az1 m5.large x1 -> aws/us-east-1/use1-az2 m5.large x1\n' +
        '  ~ db resized: gcp/us-central1/us-central1-a n2-standard-4 x1 -> gcp/us-central1/us-central1-a n2-standard-4 x2\n',
    });
    expect(list.stdout).toMatch(/^shop-plan +shop +Solved +True +\$292\.00 +2 +outdated +\d+s$/m);
    const rejected = await cli(['plan', 'reject', 'shop', '--by', 'ann']);
    expect(rejected).toMatchObject({
      code: 0,
      stdout: `Plan ${ns}/shop-plan revision 2 (inputs 222222222222) rejected by ann; its Atlas and Harbor stay as they were\n`,
    });
    expect((await planSpec('shop-plan')).approval).toEqual({ approved: false, approvedBy: 'ann', inputHash: HASH_2, revision: 2 });
    const show = await cli(['plan', 'show', 'shop']);
    expect(show.stdout).toContain('Approval: revision 2 rejected by ann');
    expect(await atlasRevision()).toBe(1);
  });

  it('refusals and errors: not found, no solution to approve, 403 on the patch, unreachable server, bad kubeconfig', async () => {
    const role = await kube.admin.create(ROLE, {
      metadata: { name: 'read-plans', namespace: ns },
      rules: [{ apiGroups: ['core.skycluster.io'], resources: ['plans'], verbs: ['get'] }],
    });
    const binding = await kube.admin.create(BINDING, {
      metadata: { name: 'read-plans', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-plans' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'restricted' }],
    });
    expect(role.ok && binding.ok).toBe(true);
    const missing = join(files.dir, 'missing.kubeconfig');
    const before = await planSpec('shop-plan');
    const [notFound, stuck, denied, dead, noFile] = await Promise.all([
      cli(['plan', 'show', 'nope']),
      cli(['plan', 'approve', 'stuck']),
      cli(['plan', 'approve', 'shop'], files.restricted),
      cli(['plan', 'approve', 'shop'], files.unreachable),
      cli(['plan', 'diff', 'shop'], missing),
    ]);
    expect(notFound).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `skycluster plan show: Plan "nope" (or "nope-plan") not found in namespace "${ns}"\n`,
    });
    expect(stuck).toMatchObject({
      code: 1,
      stderr: `skycluster plan approve: Plan ${ns}/stuck-plan has no plan for its current inputs (Ready=False Infeasible: no site meets spec.deploymentPolicies[0].locationConstraint); nothing to approve\n`,
    });
    expect(denied).toMatchObject({
      code: 1,
      stderr: `skycluster plan approve: forbidden (HTTP 403): plans.core.skycluster.io "shop-plan" is forbidden: User "restricted" cannot patch resource "plans" in API group "core.skycluster.io" in the namespace "${ns}"\n`,
    });
    expect(dead).toMatchObject({
      code: 1,
      stderr: 'skycluster plan approve: cannot reach the API server at https://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)\n',
    });
    expect(noFile).toMatchObject({
      code: 1,
      stderr: `skycluster plan diff: --kubeconfig: cannot load ${missing}: ENOENT: no such file or directory, open '${missing}'\n`,
    });
    expect((await planSpec('shop-plan')).approval).toEqual(before.approval);
  });
});
