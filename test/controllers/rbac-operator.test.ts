/**
 * The operator with nothing but the RBAC of `skycluster install`: the install's ServiceAccount, ClusterRole,
 * Role and bindings are applied to the real API server (as `install --apply` applies them: server-side apply
 * of renderInstall's objects), the operator process runs with a token of that ServiceAccount only, its
 * controllers work without one refused request (policies → Plan → approval → Atlas and Harbor), and anything outside the RBAC gets 403. The RBAC as stored
 * on the server has no wildcard and binds no built-in role (cluster-admin, admin, edit).
 *
 * The CRDs are not re-applied: the test server was started with crds/, which src/api/crd.test.ts keeps equal
 * to what renderInstall renders. Cluster-scoped names get a suffix so that a re-run on a shared server cannot
 * collide with another installation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObject, BUILTIN, type KubeClient, type KubeObject, type Lease, type ResourceRef } from '../../controllers/runtime/index.js';
import { areaNames } from '../../controllers/operator.js';
import { ATLAS_REF, HARBOR_REF, INSTANCE_TYPE_REF, PLAN_REF, PROVIDER_PROFILE_REF } from '../../controllers/skycluster-refs.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { registerCloudRegion } from '../../providers/registration/cloud-region.js';
import { OPERATOR_NAME, renderInstall, SOLVER_NAME } from '../../src/install/render-install.js';
import { eventually, freshNamespace, mintServiceAccountToken } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { APP, createApp, PLAN, waitForPlan } from './faults-app.js';
import { forbiddenLines, readyWithin, spawnOperator, writeKubeconfig, type OperatorProcess } from './faults-operator-process.js';

const RBAC = 'rbac.authorization.k8s.io';
const REFS: Record<string, ResourceRef> = {
  Namespace: BUILTIN.namespace,
  ServiceAccount: { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  ClusterRole: { group: RBAC, version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { group: RBAC, version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  Role: { group: RBAC, version: 'v1', kind: 'Role', plural: 'roles', namespaced: true },
  RoleBinding: { group: RBAC, version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  Deployment: { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  Service: { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true },
};
const SECRET: ResourceRef = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };
const POD: ResourceRef = { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
const JOB: ResourceRef = { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true };

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}
interface RoleObject extends KubeObject {
  rules?: Rule[];
}
interface Binding extends KubeObject {
  roleRef: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

let kube: KubeTestEnv;
let sys: string;
let app: string;
let suffix: string;
let operatorToken: string;
let operator: KubeClient;
let proc: OperatorProcess | undefined;

/** renderInstall's objects for namespace `sys`, cluster-scoped names suffixed, CRDs left out (see above). */
function installObjects(): KubeObject[] {
  const objects = renderInstall({ namespace: sys, watchNamespaces: [app] }).filter((o) => o.kind !== 'CustomResourceDefinition');
  return objects.map((o) => {
    if (o.kind === 'ClusterRole') return { ...o, metadata: { ...o.metadata, name: `${o.metadata.name}-${suffix}` } };
    if (o.kind === 'ClusterRoleBinding') {
      const b = o as unknown as Binding;
      return {
        ...o,
        metadata: { ...o.metadata, name: `${o.metadata.name}-${suffix}` },
        roleRef: { ...b.roleRef, name: `${b.roleRef.name}-${suffix}` },
      };
    }
    return o;
  }) as KubeObject[];
}

beforeAll(async () => {
  kube = await useKubeServer();
  app = await freshNamespace(kube.admin, 'rbac-app');
  sys = `rbac-sys-${app.slice(-8)}`;
  suffix = app.slice(-8);
  for (const o of installObjects()) {
    const ref = REFS[o['kind'] as string];
    if (!ref) throw new Error(`no ref for ${String(o['kind'])}`);
    const res = await applyObject(kube.admin, ref, o, { fieldManager: 'skycluster-install' });
    if (!res.ok) throw new Error(`${String(o['kind'])} ${o.metadata?.name}: ${res.status} ${res.message}`);
  }
  operatorToken = await mintServiceAccountToken(kube.admin, sys, OPERATOR_NAME);
  operator = kube.clientWithToken(operatorToken);
});
afterAll(async () => {
  await proc?.kill('SIGKILL');
});

describe('the operator with the install RBAC only', () => {
  it('stores no wildcard and binds the ServiceAccounts to no built-in role', async () => {
    const cr = await kube.admin.get<RoleObject>(REFS['ClusterRole']!, undefined, `${OPERATOR_NAME}-${suffix}`);
    const roles = await kube.admin.list<RoleObject>(REFS['Role']!, sys);
    if (!cr.ok || !roles.ok) throw new Error('RBAC objects missing');
    const rules = [...(cr.body.rules ?? []), ...roles.body.items.flatMap((r) => r.rules ?? [])];
    expect(rules.length).toBeGreaterThan(5);
    for (const r of rules) {
      expect(r.verbs).not.toContain('*');
      expect(r.resources ?? []).not.toContain('*');
      expect(r.apiGroups ?? []).not.toContain('*');
      expect(r.nonResourceURLs).toBeUndefined();
    }
    // Every binding anywhere whose subject is one of our ServiceAccounts points at our own roles.
    const ours = (b: Binding): boolean => (b.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.namespace === sys);
    const crbs = await kube.admin.list<Binding>(REFS['ClusterRoleBinding']!);
    const rbs = await kube.admin.list<Binding>(REFS['RoleBinding']!);
    if (!crbs.ok || !rbs.ok) throw new Error('bindings unreadable');
    const refs = [...crbs.body.items, ...rbs.body.items].filter(ours).map((b) => `${b.roleRef.kind}/${b.roleRef.name}`);
    expect(refs.sort()).toEqual([`ClusterRole/${OPERATOR_NAME}-${suffix}`, `Role/${OPERATOR_NAME}`, `Role/${SOLVER_NAME}`]);
  });

  it('runs the controllers with the ServiceAccount token: it leads, its caches sync, and nothing it does is refused', async () => {
    const kubeconfig = writeKubeconfig(kube.info, operatorToken);
    proc = spawnOperator(kubeconfig, 'rbac-replica', [`--system-namespace=${sys}`, `--namespaces=${app}`, '--leader-elect', '--log-level=debug']);
    const port = await readyWithin(proc);
    expect(proc.logs.find((l) => l.msg === 'starting')?.['controllers']).toEqual(areaNames());
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    await eventually('the Lease in the system namespace', async () => {
      const l = await kube.admin.get<Lease>(BUILTIN.lease, sys, 'skycluster-controller');
      return l.ok && l.body.spec?.holderIdentity === 'rbac-replica' ? true : undefined;
    });
    // The whole chain with these permissions: policies → Plan (policy), approve → Atlas + Harbor (approval),
    // which the atlas and harbor controllers then take up.
    // A cloud ProviderProfile without offerings: the provider controller creates its InstanceType.
    const profile = registerCloudRegion(loadBundledCatalog(), { cloud: 'aws', region: 'us-east-1', name: 'aws-east', namespace: sys });
    if (!profile.ok) throw new Error('registerCloudRegion failed');
    expect((await kube.admin.create(PROVIDER_PROFILE_REF, profile.value.profile as unknown as KubeObject)).ok).toBe(true);
    await eventually('the InstanceType the provider controller fills in', async () => {
      const l = await kube.admin.list(INSTANCE_TYPE_REF, sys);
      return l.ok && l.body.items.length > 0 ? true : undefined;
    });
    await createApp(kube.admin, app);
    const plan = await waitForPlan(kube.admin, app);
    const approval = { approved: true, approvedBy: 'rbac-test', inputHash: plan.spec.inputHash, revision: plan.spec.revision };
    expect((await kube.admin.patch(PLAN_REF, app, PLAN, { spec: { approval } })).ok).toBe(true);
    await eventually('the Atlas and the Harbor', async () => {
      const a = await kube.admin.get(ATLAS_REF, app, APP);
      const h = await kube.admin.get(HARBOR_REF, app, APP);
      return a.ok && h.ok ? true : undefined;
    });
    // Let the atlas and harbor controllers run their passes over them.
    await new Promise((r) => setTimeout(r, 2000));
    expect(forbiddenLines(proc.logs)).toEqual([]);
    expect(await proc.kill('SIGTERM')).toBe(0);
  });

  it.each([
    // writes to application objects it only reads
    ['create a ConfigMap in an app namespace', (c: KubeClient) => c.create(BUILTIN.configMap, { metadata: { name: 'x', namespace: app } })],
    ['patch a Deployment', (c: KubeClient) => c.patch(REFS['Deployment']!, app, 'anything', { metadata: { labels: { a: 'b' } } })],
    // Secrets are never listed or watched
    ['list Secrets in an app namespace', (c: KubeClient) => c.list(SECRET, app)],
    ['list Secrets cluster-wide', (c: KubeClient) => c.list(SECRET)],
    // no pods, no Jobs outside its namespace
    [
      'create a Pod',
      (c: KubeClient) => c.create(POD, { metadata: { name: 'p', namespace: app }, spec: { containers: [{ name: 'c', image: 'x' }] } }),
    ],
    ['create a Job in an app namespace', (c: KubeClient) => c.create(JOB, { metadata: { name: 'j', namespace: app }, spec: {} })],
    // no escalation, no namespace deletion, no Leases elsewhere
    [
      'bind itself to cluster-admin',
      (c: KubeClient) =>
        c.create(REFS['ClusterRoleBinding']!, {
          metadata: { name: `escalate-${suffix}` },
          roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: sys }],
        }),
    ],
    ['delete a namespace', (c: KubeClient) => c.delete(BUILTIN.namespace, undefined, app)],
    ['create a Lease in an app namespace', (c: KubeClient) => c.create(BUILTIN.lease, { metadata: { name: 'l', namespace: app }, spec: {} })],
  ])('gets 403 to %s', async (_what, call) => {
    const res = await call(operator);
    expect(!res.ok && res.status).toBe(403);
  });

  it('may do what the RBAC grants: a ConfigMap and a Job in its own namespace, get (not list) a Secret', async () => {
    expect((await operator.create(BUILTIN.configMap, { metadata: { name: 'own', namespace: sys } })).ok).toBe(true);
    const secret = await kube.admin.create(SECRET, { metadata: { name: 'kc', namespace: app }, stringData: { a: 'b' } });
    expect(secret.ok).toBe(true);
    expect((await operator.get(SECRET, app, 'kc')).ok).toBe(true);
    expect((await operator.delete(BUILTIN.configMap, sys, 'own')).ok).toBe(true);
    const job = {
      metadata: { name: 'own-job', namespace: sys },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } },
    };
    expect((await operator.create(JOB, job)).ok).toBe(true);
    expect((await operator.delete(JOB, sys, 'own-job', { propagationPolicy: 'Background' })).ok).toBe(true);
  });

  it('the solve Job ServiceAccount reads and creates ConfigMaps in the system namespace and nothing else', async () => {
    const solver = kube.clientWithToken(await mintServiceAccountToken(kube.admin, sys, SOLVER_NAME));
    await kube.admin.create(BUILTIN.configMap, { metadata: { name: 'inputs', namespace: sys }, data: { a: 'b' } });
    expect((await solver.get(BUILTIN.configMap, sys, 'inputs')).ok).toBe(true);
    expect((await solver.create(BUILTIN.configMap, { metadata: { name: 'result', namespace: sys } })).ok).toBe(true);
    const denied = [
      await solver.list(BUILTIN.configMap, sys),
      await solver.delete(BUILTIN.configMap, sys, 'inputs'),
      await solver.get(BUILTIN.configMap, app, 'anything'),
      await solver.get(SECRET, app, 'kc'),
    ];
    expect(denied.map((r) => r.status)).toEqual([403, 403, 403, 403]);
  });
});
