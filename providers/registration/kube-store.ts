/**
 * The cluster store: ProviderProfiles and InstanceTypes in one namespace of an API server, through the
 * controller runtime's client (controllers/runtime). A register applies every object first as a server-side
 * dry run and for real (server-side apply, field manager `skycluster-provider-cli`) only when all passed; if a
 * real apply still fails, the objects it created are deleted again, so a failed register leaves no object.
 * enable/disable and refresh send a JSON merge patch of the fields they change, conditional on the
 * resourceVersion read (a concurrent change is refused, not overwritten). Every failure is an issue naming the
 * cluster and the object, never a stack trace.
 */
import { applyObject } from '../../controllers/runtime/apply.js';
import { connectionFromKubeConfig, KubeClient, type KubeResult } from '../../controllers/runtime/kube-client.js';
import { loadKubeConfig } from '../../controllers/runtime/kube-config.js';
import type { KubeList, KubeObject } from '../../controllers/runtime/kube-object.js';
import { apiVersionOf, BUILTIN, resourcePath, type ResourceRef } from '../../controllers/runtime/resource.js';
import { INSTANCE_TYPE_REF, PROVIDER_PROFILE_REF } from '../../controllers/skycluster-refs.js';
import { InstanceTypeSchema, ProviderProfileSchema, type InstanceType, type ProviderProfile } from '../../src/api/provider.js';
import type { Issue } from '../../src/validate/issue.js';
import { CORE_API_VERSION, FIELD_MANAGER } from './constants.js';
import { mergePatch } from './merge-patch.js';
import { pairEntries, type ProviderEntry } from './provider-entry.js';
import type { ProviderStore, ReadySummary, SecretCheck, StoredEntry } from './provider-store.js';

/** core/v1 Secret (kubeconfig Secret references are checked with a GET). */
const SECRET_REF: ResourceRef = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };

type Failure = KubeResult<never> & { ok: false };

const refOf = (kind: string | undefined): ResourceRef => (kind === 'InstanceType' ? INSTANCE_TYPE_REF : PROVIDER_PROFILE_REF);
const objectName = (o: KubeObject): string => `${o.kind ?? '?'}/${o.metadata?.name ?? '?'}`;

/** The object as a user wrote it: the server's metadata (uid, resourceVersion, managedFields, owners) and status dropped. */
function asInput(item: KubeObject, kind: string): Record<string, unknown> {
  const m = item.metadata ?? {};
  const metadata = {
    name: m.name,
    ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
    ...(m.labels !== undefined ? { labels: m.labels } : {}),
    ...(m.annotations !== undefined ? { annotations: m.annotations } : {}),
  };
  return { apiVersion: CORE_API_VERSION, kind, metadata, spec: item['spec'] };
}

/** The Ready condition the ProviderProfile controller wrote, if any. */
function readyOf(item: KubeObject): ReadySummary | undefined {
  const conditions = (item['status'] as { conditions?: unknown } | undefined)?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  const c = conditions.find((x: unknown) => (x as { type?: unknown })?.type === 'Ready') as Record<string, unknown> | undefined;
  if (!c) return undefined;
  return { status: String(c['status'] ?? 'Unknown'), reason: String(c['reason'] ?? ''), message: String(c['message'] ?? '') };
}

/** What a user command may change: labels, annotations and spec. */
function userFields(o: ProviderProfile | InstanceType): Record<string, unknown> {
  return { metadata: { labels: o.metadata.labels, annotations: o.metadata.annotations }, spec: o.spec };
}

/** ProviderProfiles and InstanceTypes in one namespace of a cluster. */
export class KubeStore implements ProviderStore {
  readonly target: string;
  /** resourceVersion of every object seen by the last list(), by `Kind/name`: the precondition of a patch. */
  private readonly versions = new Map<string, string>();

  /**
   * @param client a client of the cluster (controllers/runtime)
   * @param namespace where the objects go
   * @param clusterName how messages name the cluster (the kubeconfig context)
   */
  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    clusterName: string,
  ) {
    this.target = `cluster ${clusterName}, namespace ${namespace}`;
  }

  /** A failed call in words: unreachable, credentials refused, forbidden, kind not served, or the server's message. */
  private describe(res: Failure, ref?: ResourceRef): string {
    const server = this.client.connection.server;
    if (res.status === 0) return `cannot reach the API server at ${server} (${res.message})`;
    if (res.status === 401) return `the API server at ${server} refused the kubeconfig's credentials (HTTP 401 Unauthorized)`;
    if (res.status === 403) return `forbidden (HTTP 403): ${res.message}`;
    if (res.status === 404 && ref !== undefined)
      return `the cluster does not serve ${apiVersionOf(ref)} ${ref.kind}: install skycluster's CRDs (crds/ or the Helm chart) first`;
    return `HTTP ${res.status} ${res.reason}: ${res.message}`;
  }

  private issue(message: string, object?: string, path = ''): Issue {
    return { severity: 'error', file: this.target, ...(object ? { object } : {}), path, message };
  }

  /** Every object of a kind in the namespace (paged). */
  private async listAll(ref: ResourceRef): Promise<{ ok: true; items: KubeObject[] } | { ok: false; message: string }> {
    const items: KubeObject[] = [];
    let cont: string | undefined;
    do {
      const page = await this.client.list<KubeObject>(ref, this.namespace, { limit: 500, ...(cont ? { continue: cont } : {}) });
      if (!page.ok) return { ok: false, message: this.describe(page, page.status === 404 ? ref : undefined) };
      items.push(...(page.body as KubeList).items);
      cont = page.body.metadata?.continue || undefined;
    } while (cont);
    return { ok: true, items };
  }

  /**
   * Lists both kinds; objects that fail their schema are reported, not returned. An empty result in a namespace
   * that does not exist is an error (a mistyped `-n` would otherwise read as "nothing registered").
   */
  async list(): Promise<{ entries: StoredEntry[]; issues: Issue[] }> {
    const issues: Issue[] = [];
    const profiles: ProviderProfile[] = [];
    const instanceTypes: InstanceType[] = [];
    const readiness = new Map<string, ReadySummary>();
    for (const [ref, schema, out] of [
      [PROVIDER_PROFILE_REF, ProviderProfileSchema, profiles],
      [INSTANCE_TYPE_REF, InstanceTypeSchema, instanceTypes],
    ] as const) {
      const listed = await this.listAll(ref);
      if (!listed.ok) return { entries: [], issues: [this.issue(listed.message)] };
      for (const item of listed.items) {
        const object = `${ref.kind}/${item.metadata?.name ?? '?'}`;
        if (item.metadata?.resourceVersion) this.versions.set(object, item.metadata.resourceVersion);
        const ready = readyOf(item);
        if (ready && ref === PROVIDER_PROFILE_REF) readiness.set(item.metadata?.name ?? '', ready);
        const parsed = schema.safeParse(asInput(item, ref.kind));
        if (parsed.success) (out as unknown[]).push(parsed.data);
        else {
          const first = parsed.error.issues[0];
          issues.push(this.issue(first?.message ?? 'invalid', object, first ? first.path.join('.') : ''));
        }
      }
    }
    if (profiles.length === 0 && instanceTypes.length === 0) {
      const ns = await this.client.get(BUILTIN.namespace, undefined, this.namespace);
      if (ns.status === 404)
        return {
          entries: [],
          issues: [
            this.issue(
              `namespace ${this.namespace} does not exist; create it (kubectl create namespace ${this.namespace}) or choose another with -n`,
              undefined,
              '--namespace',
            ),
          ],
        };
    }
    const { entries } = pairEntries(profiles, instanceTypes);
    return {
      entries: entries.map((e) => {
        const ready = readiness.get(e.profile.metadata.name);
        return { ...e, where: `${this.namespace}/${e.profile.metadata.name}`, ...(ready ? { ready } : {}) };
      }),
      issues,
    };
  }

  private desired(o: ProviderProfile | InstanceType): KubeObject {
    const { status: _status, ...rest } = o as ProviderProfile & { status?: unknown };
    return { ...rest, metadata: { ...rest.metadata, namespace: this.namespace } } as KubeObject;
  }

  private objectsOf(entries: readonly ProviderEntry[]): KubeObject[] {
    return entries.flatMap((e) => (e.instanceType ? [e.profile, e.instanceType] : [e.profile])).map((o) => this.desired(o));
  }

  /** Server-side apply as a dry run: the API server checks the object against the CRD and admission, stores nothing. */
  private async dryRunApply(o: KubeObject): Promise<KubeResult<KubeObject>> {
    const ref = refOf(o.kind);
    const path = resourcePath(ref, { namespace: this.namespace, name: o.metadata?.name });
    return this.client.request<KubeObject>('PATCH', path, {
      body: o,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: FIELD_MANAGER, dryRun: 'All' },
    });
  }

  /** Refuses names taken on the cluster, then dry-runs every object; the issues, or none when all would pass. */
  private async check(objects: readonly KubeObject[]): Promise<Issue[]> {
    const issues: Issue[] = [];
    for (const o of objects) {
      const got = await this.client.get(refOf(o.kind), this.namespace, o.metadata?.name ?? '');
      if (got.ok) issues.push(this.issue('exists already; choose another --name or remove it first', objectName(o), 'metadata.name'));
      else if (got.status !== 404) issues.push(this.issue(this.describe(got), objectName(o)));
    }
    if (issues.length > 0) return issues;
    for (const o of objects) {
      const res = await this.dryRunApply(o);
      if (!res.ok)
        issues.push(this.issue(`${this.describe(res, res.status === 404 ? refOf(o.kind) : undefined)}; nothing was applied`, objectName(o)));
    }
    return issues;
  }

  /** The checks of create() without writing (register --dry-run against a cluster). */
  async checkCreate(entries: readonly ProviderEntry[]): Promise<Issue[]> {
    return this.check(this.objectsOf(entries));
  }

  /** Refuses names that exist, dry-runs every object, then applies them (all or none). */
  async create(entries: readonly ProviderEntry[]): Promise<Issue[]> {
    const objects = this.objectsOf(entries);
    const checked = await this.check(objects);
    if (checked.length > 0) return checked;
    const done: KubeObject[] = [];
    for (const o of objects) {
      const res = await applyObject(this.client, refOf(o.kind), o, { fieldManager: FIELD_MANAGER, force: false });
      if (res.ok) {
        done.push(o);
        continue;
      }
      const undone: string[] = [];
      for (const d of done.reverse()) {
        const del = await this.client.delete(refOf(d.kind), this.namespace, d.metadata?.name ?? '');
        if (!del.ok && del.status !== 404) undone.push(objectName(d));
      }
      const after =
        undone.length === 0
          ? done.length > 0
            ? 'the objects created before it were deleted again'
            : 'nothing was applied'
          : `could not delete ${undone.join(', ')} again`;
      return [this.issue(`${this.describe(res)}; ${after}`, objectName(o))];
    }
    return [];
  }

  /**
   * Patches the changed fields of each object (merge patch, conditional on the resourceVersion the last list()
   * saw); an InstanceType the entry did not have before is applied. Every patch is dry-run first.
   */
  async update(changes: readonly { readonly before: StoredEntry; readonly after: ProviderEntry }[]): Promise<Issue[]> {
    type Step = { object: string; ref: ResourceRef; name: string; patch?: unknown; apply?: KubeObject };
    const steps: Step[] = [];
    for (const { before, after } of changes) {
      const pairs: [ProviderProfile | InstanceType | undefined, ProviderProfile | InstanceType | undefined][] = [
        [before.profile, after.profile],
        [before.instanceType, after.instanceType],
      ];
      for (const [old, next] of pairs) {
        if (next === undefined) continue;
        const object = `${next.kind}/${next.metadata.name}`;
        const ref = refOf(next.kind);
        if (old === undefined) {
          steps.push({ object, ref, name: next.metadata.name, apply: this.desired(next) });
          continue;
        }
        const diff = mergePatch(userFields(old), userFields(next));
        if (diff === undefined) continue;
        const rv = this.versions.get(object);
        const patch = rv ? { ...(diff as object), metadata: { ...((diff as { metadata?: object }).metadata ?? {}), resourceVersion: rv } } : diff;
        steps.push({ object, ref, name: next.metadata.name, patch });
      }
    }
    const send = (s: Step, dryRun: boolean): Promise<{ readonly ok: true } | Failure> =>
      s.apply
        ? dryRun
          ? this.dryRunApply(s.apply)
          : applyObject(this.client, s.ref, s.apply, { fieldManager: FIELD_MANAGER, force: false })
        : this.client.request<KubeObject>('PATCH', resourcePath(s.ref, { namespace: this.namespace, name: s.name }), {
            body: s.patch,
            contentType: 'application/merge-patch+json',
            query: { fieldManager: FIELD_MANAGER, ...(dryRun ? { dryRun: 'All' } : {}) },
          });
    const failed = (s: Step, res: Failure): string =>
      res.status === 409
        ? 'changed on the cluster since it was read; run the command again'
        : res.status === 404
          ? 'no longer on the cluster'
          : this.describe(res);
    const issues: Issue[] = [];
    for (const s of steps) {
      const res = await send(s, true);
      if (!res.ok) issues.push(this.issue(`${failed(s, res)}; nothing was changed`, s.object));
    }
    if (issues.length > 0) return issues;
    const written: string[] = [];
    for (const s of steps) {
      const res = await send(s, false);
      if (!res.ok) {
        const before =
          written.length > 0 ? `; ${written.join(', ')} ${written.length === 1 ? 'was' : 'were'} changed before it` : '; nothing was changed';
        return [this.issue(`${failed(s, res)}${before}`, s.object)];
      }
      written.push(s.object);
    }
    return [];
  }

  /** Deletes the InstanceType, then the ProviderProfile; one already gone is fine. */
  async remove(entry: StoredEntry): Promise<Issue[]> {
    for (const o of [entry.instanceType, entry.profile]) {
      if (!o) continue;
      const res = await this.client.delete(refOf(o.kind), this.namespace, o.metadata.name);
      if (!res.ok && res.status !== 404) return [this.issue(this.describe(res), `${o.kind}/${o.metadata.name}`)];
    }
    return [];
  }

  /** Reads the Secret: 404 is missing, 403 forbidden (the caller warns); any other failure throws its description. */
  async secretExists(namespace: string, name: string): Promise<SecretCheck> {
    const res = await this.client.get(SECRET_REF, namespace, name);
    if (res.ok) return 'exists';
    if (res.status === 404) return 'missing';
    if (res.status === 403) return 'forbidden';
    throw new Error(this.describe(res));
  }
}

/** Where the cluster store connects: kubectl's rules (see controllers/runtime/kube-config.ts) and a namespace. */
export interface KubeStoreSource {
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  readonly namespace: string;
  /** Bound of every request. @default 30 s (the runtime's) */
  readonly requestTimeoutMs?: number;
}

/** Opens the cluster store for `source`, or says which setting is at fault (`--kubeconfig`, `--context`). */
export function openKubeStore(source: KubeStoreSource): { ok: true; store: KubeStore } | { ok: false; issue: Issue } {
  const loaded = loadKubeConfig(source);
  if (!loaded.ok) return { ok: false, issue: { severity: 'error', path: `--${loaded.issue.path}`, message: loaded.issue.message } };
  const kc = loaded.kubeConfig;
  const client = new KubeClient(connectionFromKubeConfig(kc), source.requestTimeoutMs);
  return { ok: true, store: new KubeStore(client, source.namespace, kc.getCurrentContext()) };
}
