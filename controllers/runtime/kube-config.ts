/**
 * Loads the connection settings the kubectl way: an explicit --kubeconfig file, else $KUBECONFIG /
 * ~/.kube/config / the in-cluster service account (client-node's loadFromDefault), then an optional
 * --context. Problems come back as issues naming the flag, never as a stack trace.
 * @see https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 */
import { KubeConfig } from '@kubernetes/client-node';
import { connectionFromKubeConfig, KubeClient } from './kube-client.js';

/** Where to connect. */
export interface KubeConfigSource {
  /** Path of a kubeconfig file (--kubeconfig). */
  readonly kubeconfig?: string | undefined;
  /** Context to use instead of the current one (--context). */
  readonly context?: string | undefined;
}

/** A connection problem, naming the setting at fault. */
export interface KubeConfigIssue {
  readonly path: 'kubeconfig' | 'context';
  readonly message: string;
}

/** Loads the KubeConfig described by `source`. */
export function loadKubeConfig(source: KubeConfigSource): { ok: true; kubeConfig: KubeConfig } | { ok: false; issue: KubeConfigIssue } {
  const kc = new KubeConfig();
  try {
    if (source.kubeconfig) kc.loadFromFile(source.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    return {
      ok: false,
      issue: { path: 'kubeconfig', message: `cannot load ${source.kubeconfig ?? 'the default kubeconfig'}: ${(err as Error).message}` },
    };
  }
  if (source.context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(source.context)) {
      return {
        ok: false,
        issue: { path: 'context', message: `no context "${source.context}" in the kubeconfig (has: ${names.join(', ') || 'none'})` },
      };
    }
    kc.setCurrentContext(source.context);
  }
  if (!kc.getCurrentCluster()) return { ok: false, issue: { path: 'kubeconfig', message: 'the kubeconfig has no current cluster (set a context)' } };
  return { ok: true, kubeConfig: kc };
}

/** A KubeClient for `source` (see loadKubeConfig). */
export function kubeClientFor(
  source: KubeConfigSource,
  requestTimeoutMs?: number,
): { ok: true; client: KubeClient } | { ok: false; issue: KubeConfigIssue } {
  const loaded = loadKubeConfig(source);
  if (!loaded.ok) return loaded;
  return { ok: true, client: new KubeClient(connectionFromKubeConfig(loaded.kubeConfig), requestTimeoutMs) };
}
