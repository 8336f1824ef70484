/**
 * `skycluster install [--namespace NS] [--image IMG] [--replicas N] [--watch-namespace NS...] [--apply]`:
 * prints the CRDs, namespace, ServiceAccount, least-privilege RBAC and operator Deployment as YAML (the same
 * objects as the Helm chart in chart/skycluster); with `--apply` applies them, in order, by server-side apply
 * to the cluster of the kubeconfig (`--kubeconfig`, `--context`, else KUBECONFIG or ~/.kube/config).
 */
import { Command, InvalidArgumentError } from 'commander';
import { stringify } from 'yaml';
import { renderInstall, type KubeObject } from '../../install/render-install.js';

/** Where each kind of an installation lives on the API server. */
const REFS: Record<string, { group: string; version: string; plural: string; namespaced: boolean }> = {
  CustomResourceDefinition: { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', namespaced: false },
  Namespace: { group: '', version: 'v1', plural: 'namespaces', namespaced: false },
  ServiceAccount: { group: '', version: 'v1', plural: 'serviceaccounts', namespaced: true },
  ClusterRole: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', namespaced: false },
  Role: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', namespaced: true },
  RoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', namespaced: true },
  Deployment: { group: 'apps', version: 'v1', plural: 'deployments', namespaced: true },
  Service: { group: '', version: 'v1', plural: 'services', namespaced: true },
};

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
};

/** Applies the objects in order; returns one line per object (`created`, `updated`, `unchanged`) or the first error. */
async function applyAll(objects: readonly KubeObject[], kubeconfig?: string, context?: string): Promise<{ lines: string[]; error?: string }> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { KubeClient, connectionFromKubeConfig } = await import('../../../controllers/runtime/kube-client.js');
  const { applyObject } = await import('../../../controllers/runtime/apply.js');
  const kc = new KubeConfig();
  if (kubeconfig !== undefined) kc.loadFromFile(kubeconfig);
  else kc.loadFromDefault();
  if (context !== undefined) kc.setCurrentContext(context);
  const client = new KubeClient(connectionFromKubeConfig(kc));
  const lines: string[] = [];
  for (const o of objects) {
    const ref = REFS[o.kind];
    if (ref === undefined) return { lines, error: `no API mapping for kind ${o.kind}` };
    const res = await applyObject(client, { ...ref, kind: o.kind }, o, { fieldManager: 'skycluster-install' });
    const id = `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    if (!res.ok) return { lines, error: `${id}: ${res.status} ${res.reason}: ${res.message}` };
    lines.push(`${id} ${res.operation}`);
  }
  return { lines };
}

/** The `install` command. */
export function installCommand(): Command {
  return new Command('install')
    .description('print (or --apply) the CRDs, RBAC and operator Deployment')
    .option('--namespace <ns>', 'namespace of the operator', 'skycluster-system')
    .option('--image <image>', 'operator image (this project publishes none: build one from the repository)')
    .option('--replicas <n>', 'operator replicas (leader election keeps one active)', positiveInt)
    .option('--watch-namespace <ns...>', 'namespaces whose policies are reconciled (default: all)')
    .option('--apply', 'apply to the cluster instead of printing')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .action(
      async (opts: {
        namespace: string;
        image?: string;
        replicas?: number;
        watchNamespace?: string[];
        apply?: boolean;
        kubeconfig?: string;
        context?: string;
      }) => {
        const objects = renderInstall({
          namespace: opts.namespace,
          ...(opts.image !== undefined ? { image: opts.image } : {}),
          ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
          ...(opts.watchNamespace !== undefined ? { watchNamespaces: opts.watchNamespace } : {}),
        });
        if (!opts.apply) {
          process.stdout.write(objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
          return;
        }
        try {
          const { lines, error } = await applyAll(objects, opts.kubeconfig, opts.context);
          for (const l of lines) console.log(l);
          if (error !== undefined) {
            console.error(`skycluster install: ${error}`);
            process.exitCode = 1;
          }
        } catch (err) {
          console.error(`skycluster install: cannot reach the cluster: ${(err as Error).message}`);
          process.exitCode = 1;
        }
      },
    );
}
