/**
 * RBAC on the test API server: the "restricted" token user and a ServiceAccount token get 403 until a Role
 * grants them a verb, and only that verb (what the operator's least-privilege test builds on).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN, type ResourceRef } from '../../controllers/runtime/index.js';
import { eventually, freshNamespace, mintServiceAccountToken } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';

const ROLE: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true };
const BINDING: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true };
const CM = BUILTIN.configMap;
let kube: KubeTestEnv;
let ns: string;

beforeAll(async () => {
  kube = await useKubeServer();
  ns = await freshNamespace(kube.admin, 'rbac');
  await kube.admin.create(ROLE, {
    metadata: { name: 'read-cm', namespace: ns },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
  });
});

async function bind(subject: Record<string, string>): Promise<void> {
  const res = await kube.admin.create(BINDING, {
    metadata: { name: `read-cm-${subject['name']}`, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-cm' },
    subjects: [subject],
  });
  if (!res.ok) throw new Error(res.message);
}

describe('RBAC with restricted tokens', () => {
  it('the restricted token user: 403, then list allowed and create still 403 after a RoleBinding', async () => {
    const user = kube.clientWithToken(kube.info.users['restricted']!.token);
    const before = await user.list(CM, ns);
    expect(!before.ok && [before.status, before.reason]).toEqual([403, 'Forbidden']);
    await bind({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'restricted' });
    await eventually('the binding to apply', async () => ((await user.list(CM, ns)).ok ? true : undefined));
    const create = await user.create(CM, { metadata: { name: 'x', namespace: ns } });
    expect(!create.ok && create.status).toBe(403);
  });

  it('a ServiceAccount token from the TokenRequest API authenticates as the ServiceAccount', async () => {
    const token = await mintServiceAccountToken(kube.admin, ns, 'operator');
    const sa = kube.clientWithToken(token);
    const before = await sa.list(CM, ns);
    expect(!before.ok && before.status).toBe(403);
    expect(!before.ok && before.message).toContain(`system:serviceaccount:${ns}:operator`);
    await bind({ kind: 'ServiceAccount', name: 'operator', namespace: ns });
    await eventually('the binding to apply', async () => ((await sa.list(CM, ns)).ok ? true : undefined));
    expect((await sa.list(CM, 'default')).status).toBe(403); // only in its namespace
  });
});
