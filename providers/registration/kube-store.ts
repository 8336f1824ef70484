/**
 * The cluster store: ProviderProfiles and InstanceTypes in one namespace of an API server, written by server-side
 * apply with one field manager. A register first applies every object as a server-side dry run and applies for
 * real only when all passed; if a real apply still fails, the objects it created are deleted again, so a failed
 * register leaves no object behind.
 */
import { ApiException, CoreV1Api, KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { InstanceTypeSchema, ProviderProfileSchema, type InstanceType, type ProviderProfile } from '../../src/api/provider.js';
import type { Issue } from '../../src/validate/issue.js';
import { CORE_API_VERSION, FIELD_MANAGER } from './constants.js';
import { pairEntries, type ProviderEntry } from './provider-entry.js';
import type { ProviderStore, SecretCheck, StoredEntry } from './provider-store.js';

/** The HTTP status of a failed API call, or undefined when the server was not reached. */
function statusOf(err: unknown): number | undefined {
  return err instanceof ApiException ? err.code : undefined;
}

/** The API server's own message (a metav1.Status body), else the error's. */
function messageOf(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = typeof err.body === 'string' ? safeJson(err.body) : err.body;
    const m = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
    return `HTTP ${err.code}${typeof m === 'string' ? `: ${m}` : ''}`;
  }
  const code = (err as NodeJS.ErrnoException).code;
  return code !== undefined ? `cannot reach the API server (${code})` : (err as Error).message;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The object as a user wrote it: the API server's metadata fields (uid, resourceVersion, managedFields, ...) and status dropped. */
function asInput(item: KubernetesObject, kind: string): Record<string, unknown> {
  const m = item.metadata ?? {};
  const metadata = {
    name: m.name,
    ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
    ...(m.labels !== undefined ? { labels: m.labels } : {}),
    ...(m.annotations !== undefined ? { annotations: m.annotations } : {}),
  };
  return { apiVersion: CORE_API_VERSION, kind, metadata, spec: (item as { spec?: unknown }).spec };
}

function objectName(o: KubernetesObject): string {
  return `${o.kind ?? '?'}/${o.metadata?.name ?? '?'}`;
}

/** ProviderProfiles and InstanceTypes in one namespace of a cluster. */
export class KubeStore implements ProviderStore {
  readonly target: string;
  private readonly objects: KubernetesObjectApi;
  private readonly core: CoreV1Api;

  /**
   * @param kc a loaded kubeconfig (its current context is used)
   * @param namespace where the objects go
   */
  constructor(
    kc: KubeConfig,
    private readonly namespace: string,
  ) {
    this.objects = KubernetesObjectApi.makeApiClient(kc);
    this.core = kc.makeApiClient(CoreV1Api);
    this.target = `cluster ${kc.getCurrentContext()}, namespace ${namespace}`;
  }

  private issue(err: unknown, object?: string): Issue {
    return { severity: 'error', file: this.target, ...(object ? { object } : {}), path: '', message: messageOf(err) };
  }

  /** Lists both kinds; objects that fail their schema are reported, not returned. */
  async list(): Promise<{ entries: StoredEntry[]; issues: Issue[] }> {
    const issues: Issue[] = [];
    const read = async <T>(kind: string, schema: typeof ProviderProfileSchema | typeof InstanceTypeSchema): Promise<T[]> => {
      const out: T[] = [];
      const list = await this.objects.list(CORE_API_VERSION, kind, this.namespace);
      for (const item of list.items) {
        const parsed = schema.safeParse(asInput(item, kind));
        if (parsed.success) out.push(parsed.data as T);
        else
          issues.push({
            severity: 'error',
            file: this.target,
            object: `${kind}/${item.metadata?.name ?? '?'}`,
            path: '',
            message: parsed.error.issues[0]?.message ?? 'invalid',
          });
      }
      return out;
    };
    try {
      const profiles = await read<ProviderProfile>('ProviderProfile', ProviderProfileSchema);
      const instanceTypes = await read<InstanceType>('InstanceType', InstanceTypeSchema);
      const { entries } = pairEntries(profiles, instanceTypes);
      return { entries: entries.map((e) => ({ ...e, where: `${this.namespace}/${e.profile.metadata.name}` })), issues };
    } catch (err) {
      return { entries: [], issues: [this.issue(err)] };
    }
  }

  private desired(o: ProviderProfile | InstanceType): KubernetesObject {
    const { status: _status, ...rest } = o as ProviderProfile & { status?: unknown };
    return { ...rest, metadata: { ...rest.metadata, namespace: this.namespace } } as KubernetesObject;
  }

  private async apply(o: KubernetesObject, dryRun: boolean): Promise<void> {
    await this.objects.patch(o, undefined, dryRun ? 'All' : undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }

  /** Dry-runs every object, then applies them; deletes the created ones again if a real apply fails. */
  private async applyAll(objects: readonly KubernetesObject[], created: boolean): Promise<Issue[]> {
    const issues: Issue[] = [];
    for (const o of objects) {
      try {
        await this.apply(o, true);
      } catch (err) {
        issues.push(this.issue(err, objectName(o)));
      }
    }
    if (issues.length > 0) return issues.map((i) => ({ ...i, message: `${i.message}; nothing was applied` }));
    const done: KubernetesObject[] = [];
    for (const o of objects) {
      try {
        await this.apply(o, false);
        done.push(o);
      } catch (err) {
        const rollback = created ? done : [];
        for (const d of rollback.reverse()) await this.objects.delete(d).catch(() => undefined);
        return [
          {
            ...this.issue(err, objectName(o)),
            message: `${messageOf(err)}; ${created ? 'the objects created before it were deleted again' : 'objects before it were updated'}`,
          },
        ];
      }
    }
    return [];
  }

  /** Refuses names that exist, then applies every object (all or none). */
  async create(entries: readonly ProviderEntry[]): Promise<Issue[]> {
    const objects = entries.flatMap((e) => (e.instanceType ? [e.profile, e.instanceType] : [e.profile])).map((o) => this.desired(o));
    const issues: Issue[] = [];
    for (const o of objects) {
      try {
        await this.objects.read({
          apiVersion: CORE_API_VERSION,
          kind: o.kind as string,
          metadata: { name: o.metadata?.name as string, namespace: this.namespace },
        });
        issues.push({
          severity: 'error',
          file: this.target,
          object: objectName(o),
          path: 'metadata.name',
          message: 'exists already; choose another --name or remove it first',
        });
      } catch (err) {
        if (statusOf(err) !== 404) issues.push(this.issue(err, objectName(o)));
      }
    }
    if (issues.length > 0) return issues;
    return this.applyAll(objects, true);
  }

  /** Applies the changed objects (server-side apply, forced: the user's command owns these fields). */
  async update(changes: readonly { readonly before: StoredEntry; readonly after: ProviderEntry }[]): Promise<Issue[]> {
    const objects = changes
      .flatMap(({ after }) => (after.instanceType ? [after.profile, after.instanceType] : [after.profile]))
      .map((o) => this.desired(o));
    return this.applyAll(objects, false);
  }

  /** Deletes the InstanceType, then the ProviderProfile; one already gone is fine. */
  async remove(entry: StoredEntry): Promise<Issue[]> {
    for (const o of [entry.instanceType, entry.profile]) {
      if (!o) continue;
      try {
        await this.objects.delete(this.desired(o));
      } catch (err) {
        if (statusOf(err) !== 404) return [this.issue(err, objectName(o))];
      }
    }
    return [];
  }

  /** Reads the Secret: 404 is missing; any other failure is reported by the caller as an error. */
  async secretExists(namespace: string, name: string): Promise<SecretCheck> {
    try {
      await this.core.readNamespacedSecret({ name, namespace });
      return 'exists';
    } catch (err) {
      if (statusOf(err) === 404) return 'missing';
      throw err;
    }
  }
}
