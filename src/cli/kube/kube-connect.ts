/**
 * The kubectl-style connection flags of the cluster commands (`--kubeconfig`, `--context`, `-n/--namespace`)
 * and the connection they give: a client, the namespace (the flag, else the context's, else `default`) and
 * the kubeconfig user (the default `approvedBy`). A bad kubeconfig or context comes back as a message naming
 * the flag, never as a stack trace.
 */
import type { Command } from 'commander';
// The runtime's files one by one, not its index: a CLI command should not load the operator (metrics, logging, leases).
import { connectionFromKubeConfig, KubeClient } from '../../../controllers/runtime/kube-client.js';
import { loadKubeConfig } from '../../../controllers/runtime/kube-config.js';

/** The connection flags as commander parses them. */
export interface KubeFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
}

/** A connection to the cluster of the kubeconfig. */
export interface KubeConnection {
  readonly client: KubeClient;
  /** The namespace to use: -n, else the context's namespace, else `default`. */
  readonly namespace: string;
  /** Whether -n was given (objects naming another namespace are then refused, as kubectl does). */
  readonly namespaceFromFlag: boolean;
  /** Name of the kubeconfig user of the current context, if any. */
  readonly user?: string;
  /** Name of the current context. */
  readonly context: string;
  /** The API server's URL. */
  readonly server: string;
}

/** Bound of every request of a CLI command, ms: an unreachable server fails in seconds, not minutes. */
export const CLI_REQUEST_TIMEOUT_MS = 15_000;

/** Adds --kubeconfig, --context and -n/--namespace to a command. */
export function withKubeFlags(cmd: Command): Command {
  return cmd
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the in-cluster config)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('-n, --namespace <ns>', "namespace (default: the context's namespace, else default)");
}

/** Connects as the flags say, or says which flag is at fault. */
export function connect(flags: KubeFlags): { ok: true; kube: KubeConnection } | { ok: false; message: string } {
  const loaded = loadKubeConfig({ kubeconfig: flags.kubeconfig, context: flags.context });
  if (!loaded.ok) return { ok: false, message: `--${loaded.issue.path}: ${loaded.issue.message}` };
  const kc = loaded.kubeConfig;
  const contextName = kc.getCurrentContext();
  const ctx = kc.getContextObject(contextName);
  let connection;
  try {
    connection = connectionFromKubeConfig(kc);
  } catch (err) {
    return { ok: false, message: `--kubeconfig: ${(err as Error).message}` };
  }
  const user = kc.getCurrentUser()?.name;
  return {
    ok: true,
    kube: {
      client: new KubeClient(connection, CLI_REQUEST_TIMEOUT_MS),
      namespace: flags.namespace ?? ctx?.namespace ?? 'default',
      namespaceFromFlag: flags.namespace !== undefined,
      ...(user ? { user } : {}),
      context: contextName,
      server: connection.server,
    },
  };
}
