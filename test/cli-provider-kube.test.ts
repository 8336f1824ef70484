/**
 * `skycluster provider` against a real kube-apiserver (test/kube), across a process boundary: register a cloud
 * region and an on-prem site with offerings (server-side apply, field manager skycluster-provider-cli), list,
 * show, disable a zone (a merge patch of spec.zones), --dry-run, refresh, remove; a kubeconfig Secret reference naming
 * no Secret is refused with nothing applied, one the user may not read is a warning; an unreachable server, a
 * user without permissions and a missing namespace each give one line naming the cause, never a stack trace.
 * The first registration and the failures run the real process; the rest run in this process (cli-in-process.ts).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type KubeObject, type ResourceRef } from '../controllers/runtime/index.js';
import { INSTANCE_TYPE_REF, PROVIDER_PROFILE_REF } from '../controllers/skycluster-refs.js';
import { openKubeStore, setEnabled } from '../providers/registration/index.js';
import { formatIssue } from '../src/validate/issue.js';
import { runCliInProcess } from './cli-in-process.js';
import { CLI, runCli, type Run } from './cli-kube-run.js';
import { freshNamespace } from './kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from './kube/kube-test-env.js';

const SAVI = 'test/fixtures/skycluster/instancetype-savi-scinet.yaml';
const SECRET: ResourceRef = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };
const ROLE: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true };
const BINDING: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true };

let kube: KubeTestEnv;
let ns: string;
let tmp = '';
let admin = '';
let restricted = '';
let context = '';

/**
 * Runs `skycluster provider` with a kubeconfig file and namespace in this process (test/cli-in-process.ts: the
 * same output and exit code, no Node start and module load per run).
 */
function cli(args: string[], kubeconfig = admin): Promise<Run> {
  return runCliInProcess(['provider', ...args, '--kubeconfig', kubeconfig, '-n', ns], { HOME: tmp, KUBECONFIG: '' });
}
/** The same as a real process (test/cli-kube-run.ts): the exit status a shell sees, no stack trace from Node. */
function cliProcess(args: string[], kubeconfig = admin): Promise<Run> {
  return runCli(['provider', ...args, '--kubeconfig', kubeconfig, '-n', ns], tmp);
}

async function get<T extends KubeObject>(ref: ResourceRef, name: string): Promise<T | undefined> {
  const r = await kube.admin.get<T>(ref, ns, name);
  if (r.ok) return r.body;
  if (r.status !== 404) throw new Error(r.message);
  return undefined;
}

const names = async (ref: ResourceRef): Promise<string[]> => {
  const r = await kube.admin.list(ref, ns);
  if (!r.ok) throw new Error(r.message);
  return r.body.items.map((i) => i.metadata?.name ?? '').sort();
};

type Profile = KubeObject & { spec: { zones: { name: string; enabled?: boolean; defaultZone?: boolean }[] } };

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  kube = await useKubeServer();
  ns = await freshNamespace(kube.admin, 'provider-cli');
  tmp = mkdtempSync(join(tmpdir(), 'skycluster-provider-kube-'));
  admin = join(tmp, 'admin.kubeconfig');
  writeFileSync(admin, kube.kubeconfig(kube.info.adminToken));
  restricted = join(tmp, 'restricted.kubeconfig');
  writeFileSync(restricted, kube.kubeconfig(kube.info.users['restricted']?.token ?? ''));
  context = kube.info.name;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('skycluster provider on a cluster', () => {
  it('registers a cloud region and an on-prem site by server-side apply; list and show read them back', async () => {
    const [aws, edge] = await Promise.all([
      cliProcess(['register', 'aws', '--region', 'us-east-1', '--zones', 'use1-az1,use1-az2']),
      cli(['register', 'onprem', '--name', 'toronto-edge', '--region', 'toronto', '--offerings', SAVI, '--near', 'gcp/northamerica-northeast2']),
    ]);
    expect(aws).toMatchObject({ code: 0, stdout: `registered aws-us-east-1 in cluster ${context}, namespace ${ns}\n`, stderr: '' });
    expect(edge).toMatchObject({ code: 0, stdout: `registered toronto-edge in cluster ${context}, namespace ${ns}\n` });
    expect(await names(PROVIDER_PROFILE_REF)).toEqual(['aws-us-east-1', 'toronto-edge']);
    expect(await names(INSTANCE_TYPE_REF)).toEqual(['aws-us-east-1', 'toronto-edge']);
    const pp = await get<Profile>(PROVIDER_PROFILE_REF, 'aws-us-east-1');
    expect(pp?.spec.zones.map((z) => z.name)).toEqual(['use1-az1', 'use1-az2']);
    expect(pp?.metadata?.managedFields).toMatchObject([{ manager: 'skycluster-provider-cli', operation: 'Apply' }]);

    // What the ProviderProfile controller would write; show prints it.
    const edgeProfile = await get<Profile>(PROVIDER_PROFILE_REF, 'toronto-edge');
    const ready = {
      type: 'Ready',
      status: 'True',
      reason: 'Registered',
      message: '13 offerings in 1 enabled zone',
      lastTransitionTime: '2026-12-02T12:00:00Z',
    };
    expect((await kube.admin.replace(PROVIDER_PROFILE_REF, { ...edgeProfile, status: { conditions: [ready] } }, 'status')).ok).toBe(true);
    const [list, show] = await Promise.all([cli(['list']), cli(['show', 'toronto-edge'])]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^aws-us-east-1 +aws +us-east-1 +use1-az1,use1-az2 +yes +\d+ +0\.1 +2026-07-20$/m);
    expect(list.stdout).toMatch(/^toronto-edge +baremetal +toronto +default +yes +13 +0 +unknown$/m);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`${ns}/toronto-edge`);
    expect(show.stdout).toContain('Zones:       default [edge, default]');
    expect(show.stdout).toContain('Ready:       True (Registered): 13 offerings in 1 enabled zone');
  });

  it('a name that is taken is refused; --dry-run -o yaml prints the objects and creates nothing', async () => {
    const [again, dry] = await Promise.all([
      cli(['register', 'aws', '--region', 'us-east-1']),
      cli(['register', 'gcp', '--region', 'us-central1', '--zones', 'us-central1-a', '--dry-run', '-o', 'yaml']),
    ]);
    expect(again).toMatchObject({
      code: 1,
      stderr: `(ProviderProfile/aws-us-east-1): --name: a provider named aws-us-east-1 is registered already (${ns}/aws-us-east-1); remove it first or choose another --name\n`,
    });
    // The server's dry run found these once (HTTP 422 on gpu.count): they are left out, with a note.
    expect(dry.stderr).toMatch(/^\(InstanceType\/gcp-us-central1\): note: spec\.offerings: 3 flavors with a fraction of a GPU left out /);
    expect(dry.code).toBe(0);
    expect(parseAllDocuments(dry.stdout).map((d) => (d.toJS() as KubeObject).kind)).toEqual(['ProviderProfile', 'InstanceType']);
    expect(await get(PROVIDER_PROFILE_REF, 'gcp-us-central1')).toBeUndefined();
  });

  it('disables a zone with a merge patch of spec.zones; enable brings it back', async () => {
    const off = await cli(['disable', 'aws-us-east-1', '--zone', 'use1-az1']);
    expect(off).toMatchObject({ code: 0, stdout: `disabled aws-us-east-1 zone use1-az1 in cluster ${context}, namespace ${ns}\n` });
    const pp = await get<Profile>(PROVIDER_PROFILE_REF, 'aws-us-east-1');
    expect(pp?.spec.zones).toMatchObject([
      { name: 'use1-az1', enabled: false, defaultZone: false },
      { name: 'use1-az2', enabled: true, defaultZone: true },
    ]);
    expect(pp?.metadata?.managedFields?.map((m) => (m as { operation: string }).operation).sort()).toEqual(['Apply', 'Update']);
    expect((await cli(['list'])).stdout).toMatch(/^aws-us-east-1 +aws +us-east-1 +use1-az1\(off\),use1-az2 /m);
    expect((await cli(['enable', 'aws-us-east-1', '--zone', 'use1-az1'])).code).toBe(0);
    expect((await get<Profile>(PROVIDER_PROFILE_REF, 'aws-us-east-1'))?.spec.zones[0]?.enabled).toBe(true);
  });

  it('refresh prints what changed and patches the registered InstanceType on the cluster', async () => {
    const csv = join(tmp, 'prices-2026-12.csv');
    writeFileSync(
      csv,
      [
        'cloud,region,instance_type,vcpus,memory_gib,gpu_model,gpu_count,ondemand_usd_hr,spot_usd_hr,source',
        'aws,us-east-1,m5.large,2,8,,0,0.1,,list-2026-12-01',
        'aws,us-east-1,m9.huge,96,384,,0,5,,list-2026-12-01',
      ].join('\n'),
    );
    const r = await cli(['refresh', '--catalog', csv]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^aws-us-east-1 +aws\/us-east-1 +1 +\d+ +1 +0 +\+4\.17%$/m);
    expect(r.stdout).toContain('updated 1 provider(s); 1 not in the price file');
    const it1 = await get<KubeObject & { spec: { offerings: { zone: string; zoneOfferings: { name: string }[] }[] } }>(
      INSTANCE_TYPE_REF,
      'aws-us-east-1',
    );
    expect(it1?.spec.offerings.map((o) => [o.zone, o.zoneOfferings.map((f) => f.name)])).toEqual([
      ['use1-az1', ['m5.large', 'm9.huge']],
      ['use1-az2', ['m5.large', 'm9.huge']],
    ]);
    expect(it1?.metadata?.annotations?.['skycluster.io/price-date']).toBe('2026-12-01');
    expect((await cli(['list'])).stdout).toMatch(/^aws-us-east-1 +aws +us-east-1 +use1-az1,use1-az2 +yes +4 +0\.1 +2026-12-01$/m);
  });

  it('removes a provider: its ProviderProfile and InstanceType are deleted', async () => {
    const r = await cli(['remove', 'toronto-edge']);
    expect(r).toMatchObject({ code: 0, stdout: `removed toronto-edge from cluster ${context}, namespace ${ns}\n` });
    expect(await get(PROVIDER_PROFILE_REF, 'toronto-edge')).toBeUndefined();
    expect(await get(INSTANCE_TYPE_REF, 'toronto-edge')).toBeUndefined();
    expect((await cli(['show', 'toronto-edge'])).stderr).toBe(
      `NAME: unknown provider "toronto-edge"; closest: aws-us-east-1 (in cluster ${context}, namespace ${ns})\n`,
    );
  });

  it('a kubeconfig Secret that does not exist is refused and nothing is applied; once it exists the site registers', async () => {
    const site = ['register', 'onprem', '--name', 'lab', '--region', 'lab', '--offerings', SAVI, '--near', 'aws/ca-central-1'];
    const missing = await cli([...site, '--kubeconfig-secret', `${ns}/lab-kubeconfig`]);
    expect(missing).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `(ProviderProfile/lab): --kubeconfig-secret: Secret ${ns}/lab-kubeconfig does not exist in cluster ${context}, namespace ${ns}\n`,
    });
    expect(await get(PROVIDER_PROFILE_REF, 'lab')).toBeUndefined();
    expect(await get(INSTANCE_TYPE_REF, 'lab')).toBeUndefined();
    const made = await kube.admin.create(SECRET, { metadata: { name: 'lab-kubeconfig', namespace: ns }, stringData: { kubeconfig: 'x' } });
    expect(made.ok).toBe(true);
    const ok = await cli([...site, '--kubeconfig-secret', `${ns}/lab-kubeconfig`]);
    expect(ok.code).toBe(0);
    expect(await get(PROVIDER_PROFILE_REF, 'lab')).toMatchObject({ spec: { kubeconfigSecretRef: { namespace: ns, name: 'lab-kubeconfig' } } });
  });

  it('a user who may write providers but not read Secrets registers with a warning; without any permission: forbidden', async () => {
    const denied = await cli(['list'], restricted);
    expect(denied).toMatchObject({
      code: 1,
      stderr:
        `cluster ${context}, namespace ${ns}: forbidden (HTTP 403): providerprofiles.core.skycluster.io is forbidden: ` +
        `User "restricted" cannot list resource "providerprofiles" in API group "core.skycluster.io" in the namespace "${ns}"\n`,
    });
    const rules = [
      { apiGroups: ['core.skycluster.io'], resources: ['providerprofiles', 'instancetypes'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
    ];
    expect((await kube.admin.create(ROLE, { metadata: { name: 'providers', namespace: ns }, rules })).ok).toBe(true);
    const binding = {
      metadata: { name: 'providers', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'providers' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'restricted' }],
    };
    expect((await kube.admin.create(BINDING, binding)).ok).toBe(true);
    const site = ['register', 'onprem', '--name', 'lab2', '--region', 'lab2', '--offerings', SAVI, '--near', 'aws/ca-central-1'];
    const r = await cli([...site, '--kubeconfig-secret', `${ns}/lab-kubeconfig`], restricted);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `(ProviderProfile/lab2): warning: --kubeconfig-secret: cannot check Secret ${ns}/lab-kubeconfig: this user may not read Secrets there; registered anyway (Atlas and Harbor read it with their own permissions)\n`,
    );
    expect(await get(PROVIDER_PROFILE_REF, 'lab2')).toBeDefined();
  });

  it('an unreachable server, refused credentials, a missing or malformed namespace and an unknown context each say so in one line', async () => {
    const dead = join(tmp, 'dead.kubeconfig');
    writeFileSync(dead, kube.kubeconfig(kube.info.adminToken).replace(kube.info.server, 'https://127.0.0.1:1'));
    const wrongToken = join(tmp, 'wrong-token.kubeconfig');
    writeFileSync(wrongToken, kube.kubeconfig('not-a-token'));
    const withNamespace = (name: string, args: string[]): Promise<Run> =>
      new Promise<Run>((resolve) => {
        const saved = ns;
        ns = name;
        void cliProcess(args).then(resolve);
        ns = saved;
      });
    const [unreachable, noNamespace, noContext, refused, badName] = await Promise.all([
      cliProcess(['list'], dead),
      withNamespace('no-such-namespace', ['register', 'aws', '--region', 'us-east-1']),
      cliProcess(['list', '--context', 'elsewhere']),
      cliProcess(['list'], wrongToken),
      withNamespace('Bad_NS', ['list']),
    ]);
    expect(refused).toMatchObject({
      code: 1,
      stderr: `cluster ${context}, namespace ${ns}: the API server at ${kube.info.server} refused the kubeconfig's credentials (HTTP 401 Unauthorized)\n`,
    });
    expect(badName).toMatchObject({
      code: 1,
      stderr: '--namespace: "Bad_NS" is not a namespace name (lower-case letters, digits and "-", at most 63)\n',
    });
    expect(unreachable).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `cluster ${context}, namespace ${ns}: cannot reach the API server at https://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)\n`,
    });
    expect(noNamespace).toMatchObject({
      code: 1,
      stderr: `cluster ${context}, namespace no-such-namespace: --namespace: namespace no-such-namespace does not exist; create it (kubectl create namespace no-such-namespace) or choose another with -n\n`,
    });
    expect(noContext).toMatchObject({ code: 1, stderr: `--context: no context "elsewhere" in the kubeconfig (has: ${context})\n` });
    expect(await get(PROVIDER_PROFILE_REF, 'aws-us-east-1')).toBeDefined();
  });
});

describe('the cluster store (in process)', () => {
  it('a change made on the cluster between read and patch is refused, not overwritten', async () => {
    const opened = openKubeStore({ kubeconfig: admin, namespace: ns });
    if (!opened.ok) throw new Error(opened.issue.message);
    const store = opened.store;
    const entry = (await store.list()).entries.find((e) => e.profile.metadata.name === 'aws-us-east-1');
    if (!entry) throw new Error('aws-us-east-1 is not registered');
    // Someone else changes the profile after it was read.
    expect((await kube.admin.patch(PROVIDER_PROFILE_REF, ns, 'aws-us-east-1', { spec: { quotas: { vcpus: 8 } } })).ok).toBe(true);
    const off = setEnabled(entry, false);
    if (!off.ok) throw new Error('not ok');
    const issues = await store.update([{ before: entry, after: off.value }]);
    expect(issues.map(formatIssue)).toEqual([
      `cluster ${context}, namespace ${ns} (ProviderProfile/aws-us-east-1): changed on the cluster since it was read; run the command again; nothing was changed`,
    ]);
    const now = await get<Profile & { spec: { enabled?: boolean; quotas?: unknown } }>(PROVIDER_PROFILE_REF, 'aws-us-east-1');
    expect(now?.spec).toMatchObject({ enabled: true, quotas: { vcpus: 8 } });
  });
});
