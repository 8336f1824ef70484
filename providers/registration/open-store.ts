/**
 * Picks the store a `provider` command works on from its flags: `--local DIR`, else a cluster by kubectl's
 * rules (`--kubeconfig`, else KUBECONFIG, else ~/.kube/config, else in-cluster; `--context`; `-n`), else, for a
 * dry run only, an empty in-memory store. Problems come back as one issue naming the flag.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../../src/validate/issue.js';
import { openKubeStore } from './kube-store.js';
import { LocalStore } from './local-store.js';
import { MemoryStore } from './memory-store.js';
import type { ProviderStore } from './provider-store.js';

/** The target flags every `provider` subcommand takes. */
export interface StoreFlags {
  readonly local?: string | undefined;
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  readonly namespace: string;
}

/** What of the environment the choice reads (process.env at the edge). */
export interface StoreEnv {
  readonly KUBECONFIG?: string | undefined;
  readonly HOME?: string | undefined;
  readonly KUBERNETES_SERVICE_HOST?: string | undefined;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The store the flags name.
 * @param optional a dry run may have no target (it then checks against an empty store)
 */
export function openProviderStore(
  flags: StoreFlags,
  env: StoreEnv,
  optional: boolean,
): { ok: true; store: ProviderStore } | { ok: false; issue: Issue } {
  const fail = (path: string, message: string) => ({ ok: false as const, issue: { severity: 'error' as const, path, message } });
  if (flags.local !== undefined) {
    if (flags.kubeconfig !== undefined || flags.context !== undefined)
      return fail('--local', 'give either --local DIR or a cluster (--kubeconfig/--context), not both');
    return { ok: true, store: new LocalStore(flags.local) };
  }
  if (flags.kubeconfig !== undefined && !existsSync(flags.kubeconfig)) return fail('--kubeconfig', `no such file: ${flags.kubeconfig}`);
  const home = env.HOME ? join(env.HOME, '.kube', 'config') : undefined;
  const anyConfig = flags.kubeconfig !== undefined || !!env.KUBECONFIG || (home !== undefined && existsSync(home)) || !!env.KUBERNETES_SERVICE_HOST;
  if (!anyConfig) {
    if (optional) return { ok: true, store: new MemoryStore() };
    return fail('--local', 'no target: give --local DIR, or a cluster with --kubeconfig FILE or KUBECONFIG');
  }
  if (!DNS_LABEL.test(flags.namespace) || flags.namespace.length > 63)
    return fail('--namespace', `${JSON.stringify(flags.namespace)} is not a namespace name (lower-case letters, digits and "-", at most 63)`);
  const opened = openKubeStore({ kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace });
  return opened.ok ? { ok: true, store: opened.store } : opened;
}
