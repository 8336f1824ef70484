/**
 * How Harbor reaches its target clusters: only through the kubeconfig Secrets named in the Atlas object of the
 * same plan — `status.stacks[].kubeconfigSecretRef` for the clusters Atlas provisioned (cloud), and
 * `spec.clusters[].kubeconfigSecretRef` for existing on-prem clusters. The Secret's key defaults to
 * `kubeconfig`. Clients are cached per Secret resourceVersion, so a rotated kubeconfig takes effect on the next
 * pass and an unchanged one keeps its connection pool. Nothing read from a Secret ever goes into a message or a
 * log line: a kubeconfig that does not load is reported by its Secret's name only.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { ATLAS_REF } from '../skycluster-refs.js';
import { connectionFromKubeConfig, KubeClient, type KubeObject } from '../runtime/index.js';
import { refFor } from './resource-refs.js';

/** The key read from a kubeconfig Secret when its reference names none. */
export const KUBECONFIG_KEY = 'kubeconfig';

const SECRET_REF = refFor('v1', 'Secret');

/** Where a cluster's kubeconfig lives. */
export interface KubeconfigLocation {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

/** A target cluster as Harbor can (or cannot yet) reach it. */
export type TargetConnection =
  | { readonly ok: true; readonly client: KubeClient }
  | {
      readonly ok: false;
      /** No kubeconfig recorded yet (Atlas still provisioning): waiting, not an error. */
      readonly notReady: boolean;
      readonly message: string;
    };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The kubeconfig references an Atlas object names, per cluster name (status.stacks for cloud, spec.clusters for on-prem). */
export function kubeconfigLocations(atlas: KubeObject): Map<string, KubeconfigLocation> {
  const out = new Map<string, KubeconfigLocation>();
  const namespace = atlas.metadata?.namespace ?? 'default';
  const add = (cluster: unknown, ref: unknown): void => {
    if (typeof cluster !== 'string' || !isRecord(ref) || typeof ref['name'] !== 'string') return;
    out.set(cluster, {
      namespace: typeof ref['namespace'] === 'string' ? ref['namespace'] : namespace,
      name: ref['name'],
      key: typeof ref['key'] === 'string' ? ref['key'] : KUBECONFIG_KEY,
    });
  };
  const spec = isRecord(atlas['spec']) ? atlas['spec'] : {};
  for (const c of Array.isArray(spec['clusters']) ? spec['clusters'].filter(isRecord) : [])
    if (c['siteKind'] === 'onprem') add(c['name'], c['kubeconfigSecretRef']);
  const status = isRecord(atlas['status']) ? atlas['status'] : {};
  for (const s of Array.isArray(status['stacks']) ? status['stacks'].filter(isRecord) : []) add(s['name'], s['kubeconfigSecretRef']);
  return out;
}

/** The Atlas objects of a plan: those in the namespace whose spec.planRef names it. */
export async function atlasesOf(
  management: KubeClient,
  namespace: string,
  planName: string,
): Promise<{ ok: true; atlases: KubeObject[] } | { ok: false; message: string }> {
  const r = await management.list<KubeObject>(ATLAS_REF, namespace);
  if (!r.ok) return { ok: false, message: `listing Atlas objects in ${namespace}: ${r.status} ${r.reason}` };
  return {
    ok: true,
    atlases: r.body.items.filter((a) => isRecord(a['spec']) && isRecord(a['spec']['planRef']) && a['spec']['planRef']['name'] === planName),
  };
}

/** Resolves target clusters to clients, reading kubeconfig Secrets from the management cluster. */
export class TargetClients {
  private readonly cache = new Map<string, { version: string; client: KubeClient }>();

  /**
   * @param management the management cluster's client (reads Secrets)
   * @param requestTimeoutMs bound of each request to a target, so a silent cluster cannot hold a reconcile @default 10_000
   */
  constructor(
    private readonly management: KubeClient,
    private readonly requestTimeoutMs = 10_000,
  ) {}

  /** A connection to each cluster named, from the Atlas objects' references. */
  async connect(clusters: readonly string[], atlases: readonly KubeObject[]): Promise<Map<string, TargetConnection>> {
    const locations = new Map<string, KubeconfigLocation>();
    for (const a of atlases) for (const [c, l] of kubeconfigLocations(a)) locations.set(c, l);
    const out = new Map<string, TargetConnection>();
    for (const cluster of clusters) {
      const where = locations.get(cluster);
      out.set(
        cluster,
        where === undefined
          ? {
              ok: false,
              notReady: true,
              message:
                atlases.length === 0
                  ? 'no Atlas object for this plan yet: no kubeconfig to reach the cluster'
                  : `Atlas ${atlases.map((a) => a.metadata?.name ?? '').join(', ')} records no kubeconfig Secret for this cluster yet`,
            }
          : await this.clientFor(cluster, where),
      );
    }
    return out;
  }

  private async clientFor(cluster: string, where: KubeconfigLocation): Promise<TargetConnection> {
    const shown = `Secret ${where.namespace}/${where.name}`;
    const got = await this.management.get<KubeObject>(SECRET_REF!, where.namespace, where.name);
    if (!got.ok)
      return got.status === 404
        ? { ok: false, notReady: true, message: `kubeconfig ${shown} does not exist yet` }
        : { ok: false, notReady: false, message: `reading kubeconfig ${shown}: ${got.status} ${got.reason}` };
    const version = `${where.key}@${got.body.metadata?.uid ?? ''}/${got.body.metadata?.resourceVersion ?? ''}`;
    const cached = this.cache.get(cluster);
    if (cached?.version === version) return { ok: true, client: cached.client };
    const data = isRecord(got.body['data']) ? got.body['data'] : {};
    const encoded = data[where.key];
    if (typeof encoded !== 'string') return { ok: false, notReady: false, message: `kubeconfig ${shown} has no key ${JSON.stringify(where.key)}` };
    try {
      const kc = new KubeConfig();
      kc.loadFromString(Buffer.from(encoded, 'base64').toString('utf8'));
      if (!kc.getCurrentCluster()) throw new Error('no current cluster');
      const client = new KubeClient(connectionFromKubeConfig(kc), this.requestTimeoutMs);
      this.cache.set(cluster, { version, client });
      return { ok: true, client };
    } catch {
      // The parser's message may quote the file (tokens, keys): name the Secret only.
      return {
        ok: false,
        notReady: false,
        message: `the kubeconfig in ${shown} key ${JSON.stringify(where.key)} does not load (no current context or not YAML)`,
      };
    }
  }
}
