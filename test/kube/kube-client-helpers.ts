/**
 * Helpers for tests that talk to a test API server: a KubeClient for any token (built through
 * @kubernetes/client-node's KubeConfig, the product's own path), fresh namespaces, CRD installation,
 * ServiceAccount tokens (TokenRequest API) and polling.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { BUILTIN, connectionFromKubeConfig, KubeClient, type KubeObject, type ResourceRef } from '../../controllers/runtime/index.js';
import type { KubeServerInfo } from './kube-server.js';

/** A kubeconfig (YAML text) for `server` with a bearer token. */
export function kubeconfigYaml(info: Pick<KubeServerInfo, 'server' | 'caPem' | 'name'>, token: string, user = 'user'): string {
  const ca = Buffer.from(info.caPem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${info.name}`,
    '  cluster:',
    `    server: ${info.server}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    `- name: ${info.name}`,
    '  context:',
    `    cluster: ${info.name}`,
    `    user: ${user}`,
    `current-context: ${info.name}`,
    '',
  ].join('\n');
}

/** A client for `info` authenticating with `token` (admin, a restricted user, a ServiceAccount token). */
export function clientFor(info: Pick<KubeServerInfo, 'server' | 'caPem' | 'name'>, token: string): KubeClient {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml(info, token));
  return new KubeClient(connectionFromKubeConfig(kc));
}

/** Creates a namespace with a random suffix (tests share one API server) and returns its name. */
export async function freshNamespace(client: KubeClient, prefix = 'test'): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  const res = await client.create(BUILTIN.namespace, { metadata: { name } });
  if (!res.ok) throw new Error(`creating namespace ${name}: ${res.status} ${res.message}`);
  return name;
}

/** Polls `check` every 50 ms until it returns a value other than undefined, or throws after timeoutMs. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const CRD: ResourceRef = BUILTIN.crd;

/** Applies CRD manifests (YAML files, several documents each) and waits until every CRD is Established. */
export async function installCrds(client: KubeClient, files: readonly string[]): Promise<string[]> {
  const crds = files.flatMap((file) =>
    parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map((doc) => doc.toJS() as KubeObject | null)
      .filter((obj): obj is KubeObject => obj?.kind === 'CustomResourceDefinition'),
  );
  return installCrdObjects(client, crds);
}

/** Applies CRD objects and waits until every one is Established; returns their names. */
export async function installCrdObjects(client: KubeClient, crds: readonly KubeObject[]): Promise<string[]> {
  const names: string[] = [];
  for (const obj of crds) {
    const res = await client.applyPatch(CRD, obj, { fieldManager: 'skycluster-tests', force: true });
    if (!res.ok) throw new Error(`applying CRD ${obj.metadata?.name}: ${res.status} ${res.message}`);
    names.push(obj.metadata?.name ?? '');
  }
  for (const name of names) {
    await eventually(`CRD ${name} Established`, async () => {
      const r = await client.get<KubeObject & { status?: { conditions?: { type: string; status: string }[] } }>(CRD, undefined, name);
      return r.ok && r.body.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
    });
  }
  return names;
}

/** The resource of the test-only Widget kind (widgetCrd). */
export const WIDGETS: ResourceRef = { group: 'test.skycluster.io', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true };

/**
 * A minimal namespaced CRD with a status subresource and free-form spec/status, for runtime tests that must
 * not depend on the product's schemas.
 */
export function widgetCrd(): KubeObject {
  const free = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.test.skycluster.io' },
    spec: {
      group: 'test.skycluster.io',
      scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: free, status: free } } },
        },
      ],
    },
  };
}

/** The resource of ServiceAccounts. */
export const SERVICE_ACCOUNTS: ResourceRef = { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true };

/** Creates the ServiceAccount if needed and mints a token for it through the TokenRequest API. */
export async function mintServiceAccountToken(client: KubeClient, namespace: string, name: string, expirationSeconds = 3600): Promise<string> {
  const sa = await client.create(SERVICE_ACCOUNTS, { metadata: { name, namespace } });
  if (!sa.ok && sa.status !== 409) throw new Error(`creating ServiceAccount ${namespace}/${name}: ${sa.status} ${sa.message}`);
  const res = await client.request<{ status?: { token?: string } }>('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds } },
  });
  if (!res.ok || !res.body.status?.token)
    throw new Error(`TokenRequest for ${namespace}/${name}: ${res.ok ? 'no token' : `${res.status} ${res.message}`}`);
  return res.body.status.token;
}
