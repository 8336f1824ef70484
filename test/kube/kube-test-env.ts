/**
 * Test-side access to the API servers of kube-global-setup.ts: `await useKubeServer()` in beforeAll gives the
 * shared "default" server (project CRDs installed, controller manager running) with an admin client; other
 * names give independent servers (management and target clusters). Tests share a server, so each creates its
 * own namespace (freshNamespace).
 */
import { inject } from 'vitest';
import type { KubeClient } from '../../controllers/runtime/index.js';
import type { ServerRequest } from './kube-global-setup.js';
import { clientFor, kubeconfigYaml } from './kube-client-helpers.js';
import type { KubeServerInfo } from './kube-server.js';

/** A server as a test sees it. */
export interface KubeTestEnv {
  readonly info: KubeServerInfo;
  /** Client of the admin user (system:masters). */
  readonly admin: KubeClient;
  /** A client authenticating with another token (restricted user, ServiceAccount token). */
  clientWithToken(token: string): KubeClient;
  /** A kubeconfig YAML for a token. */
  kubeconfig(token: string): string;
  /** Restarts kube-apiserver (same port and data); resolves when it is ready again. */
  restartApiServer(): Promise<void>;
}

async function brokerCall(pathname: string, body: ServerRequest): Promise<KubeServerInfo> {
  const res = await fetch(`${inject('skyclusterKubeBroker')}${pathname}`, { method: 'POST', body: JSON.stringify(body) });
  const json = (await res.json()) as KubeServerInfo | { error: string };
  if ('error' in json) throw new Error(`test API server: ${json.error}`);
  return json;
}

/** Gets (starting on first use) the named API server. */
export async function useKubeServer(name = 'default', request: ServerRequest = {}): Promise<KubeTestEnv> {
  const info = await brokerCall(`/servers/${name}`, request);
  return {
    info,
    admin: clientFor(info, info.adminToken),
    clientWithToken: (token) => clientFor(info, token),
    kubeconfig: (token) => kubeconfigYaml(info, token),
    restartApiServer: async () => {
      await brokerCall(`/servers/${name}/restart`, request);
    },
  };
}
