/**
 * Pure kubeconfig text for a managed cluster. The auth stanza runs the cloud's CLI plugin (no token is
 * embedded), so the kubeconfig holds no credential of its own; it is still stored only in a Secret.
 * @see https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/
 */
import { stringify } from 'yaml';

/** How kubectl gets a token for the cluster. */
export type KubeconfigAuth =
  | { readonly kind: 'aws'; readonly clusterName: string; readonly region: string }
  | { readonly kind: 'gcp' }
  | { readonly kind: 'azure'; readonly serverId: string };

const EXEC: Record<KubeconfigAuth['kind'], (a: never) => Record<string, unknown>> = {
  aws: (a: { clusterName: string; region: string }) => ({
    command: 'aws',
    args: ['eks', 'get-token', '--cluster-name', a.clusterName, '--region', a.region, '--output', 'json'],
  }),
  gcp: () => ({ command: 'gke-gcloud-auth-plugin', provideClusterInfo: true }),
  azure: (a: { serverId: string }) => ({ command: 'kubelogin', args: ['get-token', '--login', 'azurecli', '--server-id', a.serverId] }),
};

/** A kubeconfig with one cluster, one user (an exec plugin) and one current context, all named `name`. */
export function renderKubeconfig(name: string, endpoint: string, caBase64: string, auth: KubeconfigAuth): string {
  const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', interactiveMode: 'Never', ...EXEC[auth.kind](auth as never) };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: endpoint, 'certificate-authority-data': caBase64 } }],
    users: [{ name, user: { exec } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  });
}
