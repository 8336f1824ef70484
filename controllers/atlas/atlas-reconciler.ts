/**
 * The Atlas reconciler: one Atlas object → one Pulumi stack per cloud cluster, driven through the
 * AtlasEngine interface. Each pass reads the object, adds the finalizer, validates the spec (an invalid one
 * is terminal), then repeats: decide (stack-actions.ts, pure) → run the chosen operations in parallel up to
 * the bound → record each stack's phase before and after its operation, until nothing is left to do.
 *
 * - A stack's phase is written Updating / Destroying before the engine starts, so a controller killed
 *   mid-operation leaves a mark: the next pass that finds it (and no operation of its own running) cancels
 *   Pulumi's pending operation, refreshes the state from the cloud and runs the operation again.
 * - Engine failures set Failed with the redacted error and end the pass as transient (per-key exponential
 *   backoff); missing Secrets set a condition naming the Secret and are looked at again after a poll period.
 * - The kubeconfig output goes to a Secret `<stack>-kubeconfig` (controller-owned by the Atlas); status gets
 *   its name only. Every message that reaches status, an Event or a log line passes redact() with the
 *   values of the run's Secrets.
 * - On delete (finalizer): every stack that ever ran is destroyed, dependents first; then the finalizer goes.
 */
import { AtlasSpecSchema, type Atlas, type AtlasSpec, type StackStatus } from '../../src/api/atlas.js';
import { isProvisionedPlatform } from '../../src/atlas/render-atlas.js';
import {
  redact,
  resolveCredentials,
  resolveStackSecrets,
  secretValues,
  type AtlasEngine,
  type SecretReader,
  type StackContext,
  type StackRunResult,
} from '../../providers/pulumi/engine.js';
import { stacksOf, type StackDefinition } from '../../providers/pulumi/stacks.js';
import { generateWireguardKeyPair } from '../../providers/pulumi/wireguard.js';
import {
  applyObject,
  done,
  ensureFinalizer,
  hasFinalizer,
  isBeingDeleted,
  parseObjectKey,
  removeFinalizer,
  requeueAfter,
  terminal,
  transient,
  updateStatus,
  type EventRecorder,
  type KubeClient,
  type KubeObject,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '../runtime/index.js';
import { ATLAS_REF } from '../skycluster-refs.js';
import { atlasStatus, sameStatus, type StatusFacts } from './atlas-status.js';
import type { EngineSource } from './engine-source.js';
import { KUBECONFIG_KEY, kubeconfigSecretIntent, kubeconfigSecretName, readSecretData, SECRET_REF, wireguardSecretIntent } from './secrets.js';
import { decideStackActions, desiredStack, type DesiredStack, type StackAction, type WaitingStack } from './stack-actions.js';

/** The finalizer on every Atlas the controller provisions: its stacks are destroyed before the object goes. */
export const ATLAS_FINALIZER = 'skycluster.io/atlas-cleanup';

/** Longest error text kept in status and Events. */
const MAX_ERROR = 2000;

/** Options of atlasReconciler. */
export interface AtlasReconcilerOptions {
  readonly client: KubeClient;
  readonly engines: EngineSource;
  readonly events: EventRecorder;
  /** RFC 3339 time, read at the edge. */
  readonly now: () => string;
  /** Engine operations at once per Atlas. */
  readonly parallelism: number;
  /** How soon a pass waiting for a Secret (credentials, engine settings) looks again, ms. */
  readonly secretPollMs: number;
  /** How soon a pass waiting for an operation still running in this process looks again, ms. */
  readonly inFlightPollMs: number;
  /** How soon a settled Atlas is looked at again (kubeconfig Secrets still there), ms. */
  readonly resyncMs: number;
  /** The operator's system namespace: Secret references may name it besides the Atlas's own. */
  readonly systemNamespace: string;
}

/** An Atlas as read from the server. */
type AtlasObject = Atlas & KubeObject;

/**
 * The first problem of a spec the schema accepts but the controller cannot provision, as `path: message`.
 * Secrets are read only from `allowedNamespaces` (the Atlas's own and the system namespace): an Atlas cannot make
 * the operator use another namespace's credentials.
 */
export function specProblem(spec: AtlasSpec, allowedNamespaces: readonly string[] = []): string | undefined {
  const names = new Set<string>();
  for (const [i, c] of spec.clusters.entries()) {
    if (names.has(c.name)) return `spec.clusters[${i}].name: cluster ${c.name} appears twice`;
    names.add(c.name);
    const refs = [
      ['credentialsSecretRef', c.credentialsSecretRef?.namespace],
      ['gateway.privateKeySecretRef', c.gateway?.privateKeySecretRef.namespace],
    ] as const;
    for (const [field, ns] of refs)
      if (ns !== undefined && allowedNamespaces.length && !allowedNamespaces.includes(ns))
        return `spec.clusters[${i}].${field}.namespace: Secrets are read only from namespace ${allowedNamespaces.join(' or ')}, not ${ns}`;
    if (c.siteKind === 'cloud' && !isProvisionedPlatform(c.platform))
      return `spec.clusters[${i}].platform: no Pulumi program for platform ${c.platform} (aws, gcp, azure)`;
  }
  for (const [i, l] of spec.links.entries())
    for (const end of ['from', 'to'] as const) if (!names.has(l[end])) return `spec.links[${i}].${end}: cluster ${l[end]} is not in spec.clusters`;
  return undefined;
}

function clip(text: string): string {
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR)}…` : text;
}

/** Builds the reconciler. Operations it starts are tracked across passes, so none is started twice. */
export function atlasReconciler(opts: AtlasReconcilerOptions): Reconciler {
  const inFlight = new Map<string, Promise<unknown>>();
  return { reconcile: (key, ctx) => reconcileAtlas(key, ctx, opts, inFlight) };
}

type Outcome = StackRunResult | 'aborted';

async function reconcileAtlas(
  key: string,
  ctx: ReconcileContext,
  opts: AtlasReconcilerOptions,
  inFlight: Map<string, Promise<unknown>>,
): Promise<ReconcileResult> {
  const { client } = opts;
  const { namespace = '', name } = parseObjectKey(key);
  const got = await client.get<AtlasObject>(ATLAS_REF, namespace, name);
  if (got.status === 404) return done;
  if (!got.ok) return transient(got.message);
  let atlas = got.body;
  const deleting = isBeingDeleted(atlas);
  if (deleting && !hasFinalizer(atlas, ATLAS_FINALIZER)) return done;
  if (!deleting) {
    const fin = await ensureFinalizer(client, ATLAS_REF, atlas, ATLAS_FINALIZER);
    if (!fin.ok) return transient(fin.message);
    atlas = fin.body;
  }

  const parsed = AtlasSpecSchema.safeParse(atlas.spec);
  const invalid = parsed.success
    ? specProblem(parsed.data, [namespace, opts.systemNamespace])
    : parsed.error.issues.map((i) => `spec.${i.path.join('.')}: ${i.message}`).join('; ');
  const spec = parsed.success && invalid === undefined ? parsed.data : undefined;
  const defs: StackDefinition[] = spec ? stacksOf({ ...atlas, spec }).filter((d) => d.cluster.siteKind === 'cloud') : [];
  const desired: DesiredStack[] = spec ? defs.map((d) => desiredStack(d, spec.application, spec.executionEnvironment)) : [];
  const defByName = new Map(defs.map((d) => [d.name, d]));
  const hashOf = new Map(desired.map((d) => [d.name, d.hash]));
  const stacks = new Map<string, StackStatus>((atlas.status?.stacks ?? []).map((s) => [s.name, s]));
  const missing: { stack: string; message: string }[] = [];
  const failures: string[] = [];
  const skip = new Set<string>();
  const running = new Set<string>();
  let waiting: readonly WaitingStack[] = [];
  let engineUnavailable: string | undefined;
  let settled = false;
  const generation = atlas.metadata?.generation;

  const facts = (): StatusFacts => ({
    generation,
    desired,
    stacks: [...stacks.values()],
    deleting,
    waiting,
    missingSecrets: missing,
    running: [...running].sort(),
    settled,
    ...(invalid !== undefined && !deleting ? { invalid } : {}),
    ...(engineUnavailable !== undefined ? { engineUnavailable } : {}),
  });
  // Status writes are serialized: parallel operations each record their stack through this chain.
  let chain: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    const next = chain.then(async () => {
      const res = await updateStatus<AtlasObject>(client, ATLAS_REF, atlas, (latest) => {
        const status = atlasStatus(latest.status, facts(), opts.now());
        return sameStatus(status, latest.status) ? undefined : status;
      });
      if (!res.ok) throw new Error(`writing status: ${res.status} ${res.message}`);
      atlas = res.object;
    });
    chain = next.catch(() => undefined);
    return next;
  };

  if (invalid !== undefined && !deleting) {
    const before = JSON.stringify(atlas.status?.conditions ?? null);
    await write();
    if (JSON.stringify(atlas.status?.conditions ?? null) !== before) await opts.events.record(atlas, 'Warning', 'InvalidSpec', clip(invalid));
    return terminal('InvalidSpec', invalid);
  }

  const read: SecretReader = (secret, ns) => readSecretData(client, ns ?? namespace, secret);
  const prefix = `${namespace}/${name}/`;
  const inFlightHere = (): Set<string> => new Set([...inFlight.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
  let engine: AtlasEngine | undefined;

  /** Runs `fn` as the stack's tracked operation; resolves 'aborted' when the controller stops first. */
  const track = (stack: string, fn: () => Promise<StackRunResult>): Promise<Outcome> => {
    const op = fn();
    const k = prefix + stack;
    inFlight.set(k, op);
    op.then(
      () => inFlight.delete(k),
      () => inFlight.delete(k),
    );
    if (ctx.signal.aborted) return Promise.resolve('aborted');
    return new Promise<Outcome>((resolve, reject) => {
      const onAbort = (): void => resolve('aborted');
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      op.then(
        (r) => {
          ctx.signal.removeEventListener('abort', onAbort);
          resolve(r);
        },
        (e: unknown) => {
          ctx.signal.removeEventListener('abort', onAbort);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  };

  const fail = async (stack: string, entry: StackStatus, message: string, values: readonly string[]): Promise<void> => {
    const text = clip(redact(message, values));
    stacks.set(stack, { ...entry, phase: 'Failed', lastError: text, failures: (entry.failures ?? 0) + 1 });
    skip.add(stack);
    failures.push(`stack ${stack}: ${text}`);
    ctx.log.warn({ stack, err: text }, 'stack operation failed');
    await opts.events.record(atlas, 'Warning', 'PulumiError', `stack ${stack}: ${text}`);
    await write();
  };

  /** Creates the gateway's WireGuard key Secret when it does not exist (a key pair made here, never logged). */
  const ensureWireguardKey = async (def: StackDefinition): Promise<void> => {
    const g = def.cluster.gateway?.privateKeySecretRef;
    if (!g || !def.peers.some((p) => p.transport === 'wireguard')) return;
    const ref = { namespace: g.namespace ?? namespace, name: g.name, key: g.key ?? 'privateKey' };
    if (await readSecretData(client, ref.namespace, ref.name)) return;
    const res = await client.create(SECRET_REF, wireguardSecretIntent(atlas, ref, generateWireguardKeyPair()));
    if (!res.ok && res.status !== 409) throw new Error(`creating Secret ${ref.namespace}/${ref.name}: ${res.status} ${res.reason}`);
    if (res.ok) ctx.log.info({ stack: def.name, secret: ref.name }, 'WireGuard key Secret created');
  };

  const runUp = async (a: Extract<StackAction, { kind: 'up' }>, eng: AtlasEngine): Promise<void> => {
    const def = defByName.get(a.stack);
    if (!def || !spec) return;
    const c = def.cluster;
    const prev = stacks.get(a.stack) ?? { name: a.stack, phase: 'Pending' as const };
    const base: StackStatus = {
      ...prev,
      platform: c.platform,
      region: c.region,
      ...(c.credentialsSecretRef ? { credentialsSecretRef: c.credentialsSecretRef } : {}),
    };
    await ensureWireguardKey(def);
    const resolved = await resolveStackSecrets(def, read);
    if (!resolved.ok) {
      missing.push({ stack: a.stack, message: resolved.message });
      skip.add(a.stack);
      stacks.set(a.stack, { ...base, lastError: resolved.message });
      await write();
      return;
    }
    const values = secretValues(resolved.secrets);
    const sctx: StackContext = {
      application: spec.application,
      executionEnvironment: spec.executionEnvironment,
      secrets: resolved.secrets,
      log: (line) => ctx.log.debug({ stack: a.stack }, redact(line, values)),
    };
    stacks.set(a.stack, { ...base, phase: 'Updating' });
    running.add(a.stack);
    await write();
    let outcome: Outcome;
    try {
      outcome = await track(a.stack, async () => {
        if (a.resume) {
          ctx.log.info({ stack: a.stack }, 'resuming a stack left Updating: cancel, refresh, up');
          await eng.cancel(a.stack, sctx).catch((e: unknown) => sctx.log(`cancel: ${(e as Error).message}`));
          const r = await eng.refresh(def, sctx);
          if (!r.ok) return r;
        }
        return eng.up(def, sctx);
      });
    } catch (e) {
      running.delete(a.stack);
      return fail(a.stack, base, (e as Error).message, values);
    }
    running.delete(a.stack);
    if (outcome === 'aborted') return;
    if (!outcome.ok) return fail(a.stack, base, outcome.error ?? 'up failed', values);
    let kubeconfigSecretRef: StackStatus['kubeconfigSecretRef'];
    if (outcome.secretOutputs.includes(KUBECONFIG_KEY)) {
      let kubeconfig: string | undefined;
      try {
        kubeconfig = await eng.secretOutput(a.stack, KUBECONFIG_KEY, sctx);
      } catch (e) {
        return fail(a.stack, base, `reading output kubeconfig: ${(e as Error).message}`, values);
      }
      if (kubeconfig) {
        const res = await applyObject(client, SECRET_REF, kubeconfigSecretIntent(atlas, a.stack, kubeconfig));
        if (!res.ok) return fail(a.stack, base, `writing Secret ${kubeconfigSecretName(a.stack)}: ${res.status} ${res.reason}`, values);
        kubeconfigSecretRef = { name: kubeconfigSecretName(a.stack), key: KUBECONFIG_KEY };
      }
    }
    const out = outcome.outputs;
    const { lastError: _e, failures: _f, ...kept } = base;
    stacks.set(a.stack, {
      ...kept,
      phase: 'Ready',
      appliedHash: hashOf.get(a.stack) ?? '',
      peersSeen: [...a.peersSeen],
      ...(outcome.resourceCount !== undefined ? { resourceCount: outcome.resourceCount } : {}),
      ...(out['endpoint'] ? { endpoint: redact(out['endpoint'], values) } : {}),
      ...(out['caCertificate'] ? { caCertificate: out['caCertificate'] } : {}),
      ...(kubeconfigSecretRef ? { kubeconfigSecretRef } : {}),
    });
    ctx.log.info({ stack: a.stack, resources: outcome.resourceCount }, 'stack ready');
    await opts.events.record(atlas, 'Normal', 'StackReady', `stack ${a.stack}: up succeeded`);
    await write();
  };

  const runDestroy = async (a: Extract<StackAction, { kind: 'destroy' }>, eng: AtlasEngine): Promise<void> => {
    const prev = stacks.get(a.stack);
    if (!prev) return;
    const cluster = defByName.get(a.stack)?.cluster;
    const ref = cluster?.credentialsSecretRef ?? prev.credentialsSecretRef;
    const creds = await resolveCredentials(a.stack, cluster?.platform ?? prev.platform ?? '', ref, read);
    if (!creds.ok) {
      missing.push({ stack: a.stack, message: creds.message });
      skip.add(a.stack);
      stacks.set(a.stack, { ...prev, lastError: creds.message });
      await write();
      return;
    }
    const secrets = { env: creds.env };
    const values = secretValues(secrets);
    const sctx: StackContext = {
      application: spec?.application ?? name,
      executionEnvironment: spec?.executionEnvironment ?? 'Kubernetes',
      secrets,
      log: (line) => ctx.log.debug({ stack: a.stack }, redact(line, values)),
    };
    stacks.set(a.stack, { ...prev, phase: 'Destroying' });
    running.add(a.stack);
    await write();
    let outcome: Outcome;
    try {
      outcome = await track(a.stack, async () => {
        if (a.resume) await eng.cancel(a.stack, sctx).catch((e: unknown) => sctx.log(`cancel: ${(e as Error).message}`));
        return eng.destroy(a.stack, sctx);
      });
    } catch (e) {
      running.delete(a.stack);
      return fail(a.stack, prev, (e as Error).message, values);
    }
    running.delete(a.stack);
    if (outcome === 'aborted') return;
    if (!outcome.ok) return fail(a.stack, prev, outcome.error ?? 'destroy failed', values);
    const del = await client.delete(SECRET_REF, namespace, kubeconfigSecretName(a.stack));
    if (!del.ok && del.status !== 404) return fail(a.stack, prev, `deleting Secret ${kubeconfigSecretName(a.stack)}: ${del.status}`, values);
    stacks.delete(a.stack);
    ctx.log.info({ stack: a.stack }, 'stack destroyed');
    await opts.events.record(atlas, 'Normal', 'StackDestroyed', `stack ${a.stack}: destroyed`);
    await write();
  };

  /** Writes again a kubeconfig Secret someone deleted, from the stack's output (no up needed). */
  const restoreKubeconfigs = async (): Promise<void> => {
    for (const s of stacks.values()) {
      const def = defByName.get(s.name);
      if (!def || !spec || s.phase !== 'Ready' || !s.kubeconfigSecretRef || skip.has(s.name)) continue;
      const have = await client.get(SECRET_REF, namespace, s.kubeconfigSecretRef.name);
      if (have.ok || have.status !== 404) continue;
      const lookup = engine ? { ok: true as const, engine } : await opts.engines();
      if (!lookup.ok) return;
      engine = lookup.engine;
      const resolved = await resolveStackSecrets(def, read);
      if (!resolved.ok) continue;
      const values = secretValues(resolved.secrets);
      const sctx: StackContext = {
        application: spec.application,
        executionEnvironment: spec.executionEnvironment,
        secrets: resolved.secrets,
        log: (line) => ctx.log.debug({ stack: s.name }, redact(line, values)),
      };
      const kubeconfig = await engine.secretOutput(s.name, KUBECONFIG_KEY, sctx);
      if (!kubeconfig) continue;
      const res = await applyObject(client, SECRET_REF, kubeconfigSecretIntent(atlas, s.name, kubeconfig));
      if (!res.ok) throw new Error(`writing Secret ${s.kubeconfigSecretRef.name}: ${res.status} ${res.reason}`);
      ctx.log.info({ stack: s.name }, 'kubeconfig Secret written again');
    }
  };

  try {
    for (let round = 0; round < 1000; round++) {
      const decision = decideStackActions({
        desired,
        observed: [...stacks.values()],
        inFlight: inFlightHere(),
        skip,
        deleting,
        parallelism: opts.parallelism,
      });
      waiting = decision.waiting;
      if (!decision.actions.length) {
        settled = true;
        break;
      }
      for (const a of decision.actions) if (a.kind === 'forget') stacks.delete(a.stack);
      const work = decision.actions.filter((a) => a.kind !== 'forget');
      if (work.length && !engine) {
        const lookup = await opts.engines();
        if (!lookup.ok) {
          engineUnavailable = lookup.message;
          break;
        }
        engine = lookup.engine;
      }
      const eng = engine;
      if (eng) await Promise.all(work.map((a) => (a.kind === 'up' ? runUp(a, eng) : a.kind === 'destroy' ? runDestroy(a, eng) : undefined)));
      if (ctx.signal.aborted) return transient('controller stopping: operations in flight are resumed by the next pass');
    }
    if (!deleting && engineUnavailable === undefined) await restoreKubeconfigs();
    await write();
  } catch (e) {
    return transient((e as Error).message, e);
  }

  if (engineUnavailable !== undefined) {
    await opts.events.record(atlas, 'Warning', 'EngineUnavailable', engineUnavailable);
    return requeueAfter(opts.secretPollMs);
  }
  if (failures.length) return transient(failures.join('; '));
  if (deleting && stacks.size === 0) {
    const rm = await removeFinalizer(client, ATLAS_REF, atlas, ATLAS_FINALIZER);
    return rm.ok || rm.status === 404 ? done : transient(rm.message);
  }
  if (missing.length) {
    for (const m of missing) await opts.events.record(atlas, 'Warning', 'CredentialsMissing', m.message);
    return requeueAfter(opts.secretPollMs);
  }
  if (waiting.length) return requeueAfter(opts.inFlightPollMs);
  return requeueAfter(opts.resyncMs);
}
