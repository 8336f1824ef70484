/**
 * `skycluster apply` and `skycluster get` against a real API server, across a process boundary: valid
 * policies are applied by server-side apply (field manager skycluster-cli) and a second apply changes nothing;
 * any invalid object, a kind the operator writes, a namespace clash or a missing namespace applies nothing and
 * names file, object and field; `get` prints tables with the useful columns and json/yaml lists; an unreachable
 * server, refused credentials, a user without permissions, a cluster without the CRDs, a bad kubeconfig, an unknown context and an unknown resource each say
 * so in one line, never a stack trace. The apply from stdin, the missing namespace, the restricted user, the
 * unreachable server and refused credentials run the real process; the rest run in this process.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, ResourceRef } from '../controllers/runtime/index.js';
import { DATAFLOW_POLICY_REF, DEPLOYMENT_POLICY_REF, PLAN_REF } from '../controllers/skycluster-refs.js';
import { fixturePlan } from '../src/atlas/fixtures.js';
import { freshNamespace } from './kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from './kube/kube-test-env.js';
import { runCliInProcess } from './cli-in-process.js';
import { ROOT, runCli, writeKubeconfigs, type Kubeconfigs, type Run } from './cli-kube-run.js';

let kube: KubeTestEnv;
let ns: string;
let files: Kubeconfigs;
let ok = '';
let bad = '';

/**
 * Runs `skycluster ...args` with a kubeconfig file and namespace: in this process (test/cli-in-process.ts: the
 * same output and exit code, no Node start and module load per run), or as a real process when reading stdin.
 */
const cli = (args: string[], kubeconfig = files.admin, stdin?: string): Promise<Run> =>
  stdin === undefined
    ? runCliInProcess([...args, '--kubeconfig', kubeconfig, '-n', ns], { HOME: files.dir, KUBECONFIG: '' })
    : runCli([...args, '--kubeconfig', kubeconfig, '-n', ns], files.dir, stdin);
/** A real process (test/cli-kube-run.ts): the exit status a shell sees, no stack trace from Node. */
const cliProcess = (args: string[], kubeconfig = files.admin): Promise<Run> => runCli([...args, '--kubeconfig', kubeconfig, '-n', ns], files.dir);

const names = async (ref: ResourceRef): Promise<string[]> => {
  const r = await kube.admin.list(ref, ns);
  if (!r.ok) throw new Error(r.message);
  return r.body.items.map((i) => i.metadata?.name ?? '').sort();
};

beforeAll(async () => {
  kube = await useKubeServer();
  ns = await freshNamespace(kube.admin, 'cli-apply');
  files = writeKubeconfigs(kube, 'skycluster-cli-kube-');
  // The bundled three-tier example without its namespace: -n decides.
  const text = readFileSync(join(ROOT, 'policies', 'three-tier-web.yaml'), 'utf8').replace(/^ {2}namespace: shop\n/gm, '');
  ok = join(files.dir, 'three-tier-web.yaml');
  writeFileSync(ok, text);
  bad = join(files.dir, 'bad.yaml');
  writeFileSync(bad, text.replace('replicas: 3', 'replicas: -3'));
});
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

describe('skycluster apply', () => {
  it('an invalid object, a Plan in the input, a namespace clash, a missing namespace, no permissions: exit 1, one line each naming file, object and field; nothing applied', async () => {
    const plan = join(files.dir, 'with-plan.yaml');
    const p = fixturePlan('other', [{ component: 'web', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor: 'm5.large' }]);
    writeFileSync(plan, `${readFileSync(ok, 'utf8')}\n---\n${JSON.stringify({ ...p, metadata: { name: p.metadata.name } })}\n`);
    const other = join(files.dir, 'other-ns.yaml');
    writeFileSync(other, readFileSync(join(ROOT, 'policies', 'three-tier-web.yaml'), 'utf8'));
    const [invalid, withPlan, clash, missing, denied] = await Promise.all([
      cli(['apply', '-f', bad]),
      cli(['apply', '-f', plan]),
      cli(['apply', '-f', other]),
      runCli(['apply', '-f', ok, '--kubeconfig', files.admin, '-n', 'no-such-ns'], files.dir),
      cliProcess(['apply', '-f', ok], files.restricted),
    ]);
    expect(invalid).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `${bad} document 1 (DeploymentPolicy/three-tier-web): spec.deploymentPolicies[0].replicas: expected a number > 0, got number -3\nskycluster apply: 1 error(s); nothing applied\n`,
    });
    // The operator writes Plans: refused, and the valid policies beside it are not applied either.
    expect(withPlan).toMatchObject({
      code: 1,
      stderr: `${plan} document 3 (Plan/other-plan): kind: skycluster apply takes ProviderProfile, InstanceType, DataflowPolicy, DeploymentPolicy; Plan objects are written by the operator\nskycluster apply: 1 error(s); nothing applied\n`,
    });
    expect(clash).toMatchObject({
      code: 1,
      stderr:
        `${other} document 1 (DeploymentPolicy/three-tier-web): metadata.namespace: the object's namespace "shop" does not match --namespace "${ns}"\n` +
        `${other} document 2 (DataflowPolicy/three-tier-web): metadata.namespace: the object's namespace "shop" does not match --namespace "${ns}"\n` +
        'skycluster apply: 2 error(s); nothing applied\n',
    });
    expect(missing).toMatchObject({
      code: 1,
      stderr:
        `${ok} document 2 (DataflowPolicy/three-tier-web): metadata.namespace: namespace "no-such-ns" does not exist; create it (kubectl create namespace no-such-ns) or choose another with -n\n` +
        `${ok} document 1 (DeploymentPolicy/three-tier-web): metadata.namespace: namespace "no-such-ns" does not exist; create it (kubectl create namespace no-such-ns) or choose another with -n\n` +
        'skycluster apply: 2 of 2 object(s) not applied\n',
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr.split('\n')[0]).toBe(
      `${ok} document 2 (DataflowPolicy/three-tier-web): forbidden (HTTP 403): dataflowpolicies.policy.skycluster.io "three-tier-web" is forbidden: User "restricted" cannot get resource "dataflowpolicies" in API group "policy.skycluster.io" in the namespace "${ns}"`,
    );
    expect(await names(DEPLOYMENT_POLICY_REF)).toEqual([]);
    expect(await names(DATAFLOW_POLICY_REF)).toEqual([]);
  });

  it('valid policies are applied (DataflowPolicy first) by server-side apply; the same apply again (from stdin) changes nothing', async () => {
    const first = await cli(['apply', '-f', ok]);
    expect(first).toMatchObject({
      code: 0,
      stdout: `DataflowPolicy ${ns}/three-tier-web created\nDeploymentPolicy ${ns}/three-tier-web created\n`,
      stderr: '',
    });
    const dp = await kube.admin.get<KubeObject>(DEPLOYMENT_POLICY_REF, ns, 'three-tier-web');
    expect(dp.ok && dp.body.metadata?.managedFields).toMatchObject([{ manager: 'skycluster-cli', operation: 'Apply' }]);
    const again = await cli(['apply', '-f', '-'], files.admin, readFileSync(ok, 'utf8'));
    expect(again).toMatchObject({
      code: 0,
      stdout: `DataflowPolicy ${ns}/three-tier-web unchanged\nDeploymentPolicy ${ns}/three-tier-web unchanged\n`,
    });
  });
});

describe('skycluster get', () => {
  beforeAll(async () => {
    const p = fixturePlan('three-tier-web', [
      { component: 'web', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor: 'm5.large' },
      { component: 'db', platform: 'gcp', region: 'us-central1', zone: 'us-central1-a', flavor: 'n2-standard-4' },
    ]);
    const created = await kube.admin.create<KubeObject>(PLAN_REF, {
      ...p,
      metadata: { ...p.metadata, namespace: ns },
      spec: { ...p.spec, approval: { approved: false } },
    });
    if (!created.ok) throw new Error(created.message);
  });

  it('policies and plans as tables with app, ready/phase, monthly cost, revision and approval', async () => {
    const [policies, plans] = await Promise.all([cli(['get', 'policies']), cli(['get', 'plans'])]);
    expect(policies.code).toBe(0);
    const lines = policies.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KIND +NAME +APP +PHASE +READY +MONTHLY COST +AGE$/);
    expect(lines.slice(1)).toHaveLength(2);
    expect(lines[1]).toMatch(/^DeploymentPolicy +three-tier-web +three-tier-web +- +- +- +\d+s$/);
    expect(lines[2]).toMatch(/^DataflowPolicy +three-tier-web +three-tier-web +- +- +- +\d+s$/);
    expect(plans.code).toBe(0);
    const rows = plans.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^NAME +APP +PHASE +READY +MONTHLY COST +REVISION +APPROVED +AGE$/);
    // The fixture plan costs 292 USD over 730 h.
    expect(rows[1]).toMatch(/^three-tier-web-plan +three-tier-web +- +- +\$292\.00 +1 +no +\d+s$/);
  });

  it('-o json is a List; NAME gives the object; an empty kind says so; atlases and harbors have their tables', async () => {
    const [json, one, atlases, harbors] = await Promise.all([
      cli(['get', 'policies', '-o', 'json']),
      cli(['get', 'plan', 'three-tier-web-plan', '-o', 'yaml']),
      cli(['get', 'atlases']),
      cli(['get', 'harbors', '-A']),
    ]);
    const list = JSON.parse(json.stdout) as { kind: string; items: KubeObject[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => i.kind)).toEqual(['DeploymentPolicy', 'DataflowPolicy']);
    expect(list.items[0]?.metadata?.managedFields).toBeUndefined();
    expect(one.stdout).toMatch(/^apiVersion: core\.skycluster\.io\/v1alpha1\nkind: Plan\n/);
    expect(atlases).toMatchObject({ code: 0, stdout: '', stderr: `No resources found in ${ns} namespace.\n` });
    expect(harbors.code).toBe(0);
  });

  it('an unknown resource, a missing object, an unreachable server, 401, 403, CRDs not installed, a kubeconfig that cannot be read and an unknown context: one line each', async () => {
    const missing = join(files.dir, 'missing.kubeconfig');
    const wrongToken = join(files.dir, 'wrong-token.kubeconfig');
    writeFileSync(wrongToken, kube.kubeconfig('not-a-token'));
    // A server without skycluster's CRDs (shared with other files under the same name and settings).
    const bare = await useKubeServer('harbor-target', { crds: false, controllerManager: false });
    const noCrds = join(files.dir, 'no-crds.kubeconfig');
    writeFileSync(noCrds, bare.kubeconfig(bare.info.adminToken));
    const [unknown, absent, noPolicy, dead, denied, noFile, noContext, unauthorized, unserved, unservedPlan] = await Promise.all([
      cli(['get', 'widgets']),
      cli(['get', 'plans', 'nope']),
      cli(['get', 'policies', 'nope']),
      cliProcess(['get', 'plans'], files.unreachable),
      cliProcess(['get', 'plans'], files.restricted),
      cli(['get', 'plans'], missing),
      runCli(['get', 'plans', '--kubeconfig', files.admin, '--context', 'elsewhere'], files.dir),
      cliProcess(['get', 'plans'], wrongToken),
      runCli(['get', 'atlases', '--kubeconfig', noCrds], files.dir),
      runCli(['plan', 'show', 'shop', '--kubeconfig', noCrds], files.dir),
    ]);
    expect(unauthorized).toMatchObject({
      code: 1,
      stderr: `skycluster get: the API server at ${kube.info.server} refused the kubeconfig's credentials (HTTP 401 Unauthorized)\n`,
    });
    expect(unserved).toMatchObject({
      code: 1,
      stderr:
        "skycluster get: the cluster does not serve core.skycluster.io/v1alpha1 Atlas: install skycluster's CRDs first (skycluster install --apply)\n",
    });
    expect(unservedPlan).toMatchObject({
      code: 1,
      stderr:
        "skycluster plan show: the cluster does not serve core.skycluster.io/v1alpha1 Plan: install skycluster's CRDs first (skycluster install --apply)\n",
    });
    expect(unknown).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'skycluster get: unknown resource "widgets" (one of policies, plans, atlases, harbors)\n',
    });
    expect(absent).toMatchObject({ code: 1, stdout: '', stderr: `skycluster get: Plan "nope" not found in namespace "${ns}"\n` });
    expect(noPolicy).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `skycluster get: no DeploymentPolicy or DataflowPolicy "nope" in namespace "${ns}"\n`,
    });
    expect(dead).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'skycluster get: cannot reach the API server at https://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)\n',
    });
    expect(denied).toMatchObject({
      code: 1,
      stderr: `skycluster get: forbidden (HTTP 403): plans.core.skycluster.io is forbidden: User "restricted" cannot list resource "plans" in API group "core.skycluster.io" in the namespace "${ns}"\n`,
    });
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toBe(`skycluster get: --kubeconfig: cannot load ${missing}: ENOENT: no such file or directory, open '${missing}'\n`);
    expect(noContext).toMatchObject({
      code: 1,
      stderr: `skycluster get: --context: no context "elsewhere" in the kubeconfig (has: ${kube.info.name})\n`,
    });
  });
});
