/**
 * The Harbor reconciler, level-triggered. For a Harbor key it reads, on the management cluster, the Harbor,
 * its Plan (deployed only when approved for its current inputs and revision), the DeploymentPolicy, the
 * application's manifests and SkyShift Services; reaches each target cluster through the kubeconfig Secret its
 * Atlas object names (target-clusters.ts); renders what every cluster should run (src/harbor/render-harbor.ts);
 * lists what Harbor owns there now (owned-objects.ts); executes the transition from the one to the other (new
 * placements available before old ones are pruned: execute-transition.ts); reads each pool's Skyhook status
 * from its cluster (never writes it); and writes the Harbor's status once, only when it changed.
 * Waiting for availability is a requeue; an unreachable cluster a transient error for the key while the other
 * clusters are still applied; an unapproved or missing plan a condition, with nothing changed on the targets.
 * A deleted Harbor is removed from its targets first (uninstall.ts), held by a finalizer.
 */
import type { Logger } from 'pino';
import { HarborSchema, type HarborStatus } from '../../src/api/harbor.js';
import { isApproved, PlanSchema } from '../../src/api/plan.js';
import { buildHarborStatus, type ClusterPass } from '../../src/harbor/harbor-status.js';
import { planTransition } from '../../src/harbor/plan-transition.js';
import { renderHarbor, type ClusterRender } from '../../src/harbor/render-harbor.js';
import { summarizeSkyhookStatus, type PoolPackagesState } from '../../src/skyhook/skyhook-status.js';
import { HARBOR_REF, PLAN_REF } from '../skycluster-refs.js';
import {
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
  type ReconcileResult,
  type Reconciler,
} from '../runtime/index.js';
import { readAppInputs } from './app-inputs.js';
import { executeTransition } from './execute-transition.js';
import { ownedObjects } from './owned-objects.js';
import { refFor } from './resource-refs.js';
import { atlasesOf, kubeconfigLocations, type TargetClients } from './target-clusters.js';
import { uninstallPass } from './uninstall.js';

/** The finalizer that holds a Harbor until its objects are removed from the target clusters. */
export const HARBOR_FINALIZER = 'skycluster.io/harbor-cleanup';

/** What the reconciler needs. */
export interface HarborReconcilerOptions {
  /** The management cluster (Harbor, Plan, policy, manifests, Atlas, kubeconfig Secrets). */
  readonly management: KubeClient;
  readonly targets: TargetClients;
  /** RFC 3339 time of now (read at the edge). */
  readonly now: () => string;
  readonly log?: Logger;
  /** Records an Event on each change of the Ready condition. @default none */
  readonly events?: Pick<EventRecorder, 'record'>;
  /** Look again this soon while workloads come up or Skyhooks apply. @default 5000 */
  readonly pollMs?: number;
  /** Look again this late once deployed (drift on the targets and Skyhook status are not watched). @default 300000 */
  readonly resyncMs?: number;
}

type Condition = NonNullable<HarborStatus['conditions']>[number];
type Reason = Condition['reason'];

const stable = (o: unknown): string =>
  JSON.stringify(o, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

const readyOf = (status: unknown): Condition | undefined => (status as HarborStatus | undefined)?.conditions?.find((c) => c.type === 'Ready');

/**
 * Writes `status` unless the object already has it (a status write is an event: no write, no loop), and records
 * an Event when the Ready condition changes its status or reason (Normal when Ready, Warning otherwise).
 */
async function writeStatus(
  client: KubeClient,
  harbor: KubeObject,
  status: HarborStatus,
  events?: Pick<EventRecorder, 'record'>,
): Promise<ReconcileResult | undefined> {
  const w = await updateStatus(client, HARBOR_REF, harbor, (latest) => (stable(latest['status'] ?? {}) === stable(status) ? undefined : status));
  if (!w.ok) return transient(`writing the Harbor's status: ${w.status} ${w.reason}`);
  const before = readyOf(harbor['status']);
  const after = readyOf(status);
  if (events && after && (before?.status !== after.status || before?.reason !== after.reason))
    await events.record(w.object, after.status === 'True' ? 'Normal' : 'Warning', after.reason, after.message ?? '');
  return undefined;
}

/** A status with Ready False for `reason` (the rest of the previous status kept: what is deployed stays deployed). */
function notReadyStatus(previous: HarborStatus | undefined, generation: number, reason: Reason, message: string, now: string): HarborStatus {
  const before = previous?.conditions?.find((c) => c.type === 'Ready');
  const ready: Condition = {
    type: 'Ready',
    status: 'False',
    reason,
    message,
    observedGeneration: generation,
    lastTransitionTime: before !== undefined && before.status === 'False' ? before.lastTransitionTime : now,
  };
  const deploying = previous?.conditions?.find((c) => c.type === 'Deploying');
  return { ...(previous ?? {}), observedGeneration: generation, conditions: [ready, ...(deploying ? [deploying] : [])] };
}

/** The reconciler of Harbor objects. */
export function harborReconciler(opts: HarborReconcilerOptions): Reconciler {
  return { reconcile: (key) => reconcileHarbor(key, opts) };
}

/** One reconcile pass for the Harbor `namespace/name`. */
export async function reconcileHarbor(key: string, opts: HarborReconcilerOptions): Promise<ReconcileResult> {
  const { namespace = 'default', name } = parseObjectKey(key);
  const mgmt = opts.management;
  const pollMs = opts.pollMs ?? 5000;
  const got = await mgmt.get<KubeObject>(HARBOR_REF, namespace, name);
  if (!got.ok) return got.status === 404 ? done : transient(`reading Harbor ${key}: ${got.status} ${got.reason}`);
  let harborObj = got.body;
  const generation = harborObj.metadata?.generation ?? 1;
  const parsed = HarborSchema.safeParse(harborObj);
  const previous = parsed.success ? parsed.data.status : undefined;
  if (isBeingDeleted(harborObj)) return uninstall(harborObj, opts);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const message = `the Harbor does not match its schema: ${first?.path.join('.') ?? ''}: ${first?.message ?? ''}`;
    const failed = await writeStatus(mgmt, harborObj, notReadyStatus(undefined, generation, 'InvalidSpec', message, opts.now()), opts.events);
    return failed ?? terminal('InvalidSpec', message);
  }
  const harbor = parsed.data;
  if (!hasFinalizer(harborObj, HARBOR_FINALIZER)) {
    const f = await ensureFinalizer(mgmt, HARBOR_REF, harborObj, HARBOR_FINALIZER);
    if (!f.ok) return transient(`adding finalizer: ${f.status} ${f.reason}`);
    harborObj = f.body;
  }
  const condition = async (reason: Reason, message: string, result: ReconcileResult): Promise<ReconcileResult> =>
    (await writeStatus(mgmt, harborObj, notReadyStatus(previous, generation, reason, message, opts.now()), opts.events)) ?? result;

  // The plan: nothing changes on the targets unless it is approved for what it is now.
  const planName = harbor.spec.planRef.name;
  const planGot = await mgmt.get<KubeObject>(PLAN_REF, namespace, planName);
  if (!planGot.ok) {
    if (planGot.status !== 404) return transient(`reading Plan ${planName}: ${planGot.status} ${planGot.reason}`);
    return condition('PlanNotFound', `Plan ${JSON.stringify(planName)} not found in namespace ${JSON.stringify(namespace)}`, done);
  }
  const plan = PlanSchema.safeParse(planGot.body);
  if (!plan.success) return condition('InvalidSpec', `Plan ${JSON.stringify(planName)} does not match its schema`, done);
  if (!isApproved(plan.data)) {
    const a = plan.data.spec.approval;
    const why = !a.approved
      ? 'not approved'
      : `approved for revision ${a.revision} (input ${(a.inputHash ?? '').slice(0, 12)}), but it is revision ${plan.data.spec.revision} (input ${plan.data.spec.inputHash.slice(0, 12)}) now`;
    return condition(
      'PlanNotApproved',
      `Plan ${JSON.stringify(planName)} is ${why}: nothing is changed on the clusters until \`skycluster plan approve\``,
      done,
    );
  }

  // What the plan puts where.
  const app = await readAppInputs(mgmt, namespace, plan.data.spec.policyRefs.deploymentPolicy);
  if (!app.ok) return app.missing ? condition('InvalidSpec', app.message, requeueAfter(60_000)) : transient(app.message);
  const nodewright = new Set(harbor.spec.nodewrightClusters ?? []);
  const desired = renderHarbor({
    plan: plan.data.spec,
    policy: app.policy,
    manifests: app.manifests,
    skyshiftServices: app.skyshiftServices,
    skyhookFlavorOf: (c) => (nodewright.has(c) ? 'nodewright' : 'skyhook'),
  });
  const errors = [...app.issues, ...desired.issues].filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    // A partial rendering would prune what the missing part still runs: apply nothing.
    const message = errors.map((i) => `${i.object ? `${i.object} ` : ''}${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ');
    return condition('InvalidSpec', `cannot render the plan: ${message}`, requeueAfter(60_000));
  }

  // The targets: the plan's clusters, and those an earlier plan used (to prune there).
  const application = plan.data.spec.application;
  const planClusters = desired.clusters.map((c) => c.cluster);
  const earlier = (previous?.clusters ?? []).map((c) => c.name).filter((c) => !planClusters.includes(c));
  const atlases = await atlasesOf(mgmt, namespace, planName);
  if (!atlases.ok) return transient(atlases.message);
  const connections = await opts.targets.connect([...planClusters, ...earlier], atlases.atlases);
  const clients = new Map<string, KubeClient>();
  const problems = new Map<string, { notReady: boolean; message: string }>();
  const current: ClusterRender[] = [];
  const after: ClusterRender[] = [...desired.clusters];
  // Earlier clusters stay in the status while Harbor still has objects there (or cannot tell), so that a
  // prune held back in this pass is not forgotten in the next.
  const kept: string[] = [];
  for (const [cluster, conn] of connections) {
    const isEarlier = earlier.includes(cluster);
    if (!conn.ok) {
      // A cluster only an earlier plan used and that has no kubeconfig any more is gone: nothing to prune there.
      if (!isEarlier) problems.set(cluster, { notReady: conn.notReady, message: conn.message });
      continue;
    }
    const owned = await ownedObjects(conn.client, application);
    if (!owned.ok) {
      if (!isEarlier || owned.status === 0) problems.set(cluster, { notReady: false, message: owned.message });
      if (isEarlier && owned.status === 0) kept.push(cluster);
      continue;
    }
    if (isEarlier && owned.objects.length === 0) continue;
    clients.set(cluster, conn.client);
    current.push({ cluster, objects: owned.objects });
    if (isEarlier) {
      after.push({ cluster, objects: [] });
      kept.push(cluster);
    }
  }
  // Listed objects never equal their rendering byte for byte, so every desired object is applied again (a
  // no-op for server-side apply when nothing changed) and every workload's availability is read each pass.
  let steps = planTransition(current, after);
  if (harbor.spec.prune === false) steps = steps.filter((s) => s.action !== 'prune');
  const pass = await executeTransition(steps, clients);

  // Each pool's host packages, as the operator reports them on its cluster.
  const skyhooks = new Map<string, PoolPackagesState>();
  for (const r of desired.clusters) {
    const client = clients.get(r.cluster);
    if (client === undefined) continue;
    for (const o of r.objects.filter((x) => x.kind === 'Skyhook' || x.kind === 'NodeWright')) {
      const h = await client.get<KubeObject>(refFor(o.apiVersion, o.kind)!, undefined, o.metadata.name);
      if (h.ok) skyhooks.set(o.metadata.name, summarizeSkyhookStatus(h.body));
    }
  }

  const passClusters: ClusterPass[] = [...planClusters, ...kept].map((cluster) => {
    const problem = problems.get(cluster);
    if (problem !== undefined) return { cluster, reachable: false, waiting: [], notReady: problem.notReady, message: problem.message };
    return pass.clusters.find((p) => p.cluster === cluster) ?? { cluster, reachable: true, waiting: [] };
  });
  const passDone = pass.done && problems.size === 0;
  const status = buildHarborStatus({
    generation,
    planRevision: plan.data.spec.revision,
    render: [...desired.clusters, ...kept.map((cluster) => ({ cluster, objects: [] }))],
    pass: { done: passDone, clusters: passClusters },
    skyhooks,
    ...(previous !== undefined ? { previous } : {}),
    now: opts.now(),
  });
  const failed = await writeStatus(mgmt, harborObj, status, opts.events);
  if (failed) return failed;
  const down = [...problems.entries()].filter(([, p]) => !p.notReady).map(([c]) => c);
  if (down.length > 0) return transient(`unreachable: ${down.join(', ')}`);
  if (!passDone) return requeueAfter(pollMs);
  const packagesPending = [...skyhooks.values()].some((s) => s.state !== 'Complete');
  return requeueAfter(packagesPending ? pollMs : (opts.resyncMs ?? 300_000));
}

/** A deleted Harbor: its objects leave every target (uninstall.ts order), then the finalizer goes. */
async function uninstall(harborObj: KubeObject, opts: HarborReconcilerOptions): Promise<ReconcileResult> {
  const mgmt = opts.management;
  if (!hasFinalizer(harborObj, HARBOR_FINALIZER)) return done;
  const parsed = HarborSchema.safeParse(harborObj);
  const namespace = harborObj.metadata?.namespace ?? 'default';
  const planName = parsed.success ? parsed.data.spec.planRef.name : undefined;
  const previous = parsed.success ? parsed.data.status : undefined;
  // The application id: from the plan if still there, else the Harbor's name (the approval gate names it so).
  let application = harborObj.metadata?.name ?? '';
  if (planName !== undefined) {
    const p = await mgmt.get<KubeObject>(PLAN_REF, namespace, planName);
    const plan = p.ok ? PlanSchema.safeParse(p.body) : undefined;
    if (plan?.success) application = plan.data.spec.application;
  }
  const atlases = planName !== undefined ? await atlasesOf(mgmt, namespace, planName) : { ok: true as const, atlases: [] };
  if (!atlases.ok) return transient(atlases.message);
  const clusters = [
    ...new Set([...(previous?.clusters ?? []).map((c) => c.name), ...atlases.atlases.flatMap((a) => [...kubeconfigLocations(a).keys()])]),
  ].sort();
  const connections = await opts.targets.connect(clusters, atlases.atlases);
  const pending: string[] = [];
  const unreachable: string[] = [];
  for (const [cluster, conn] of connections) {
    if (!conn.ok) {
      // No kubeconfig recorded (any more): the cluster is gone or was never provisioned.
      if (!conn.notReady) unreachable.push(`${cluster} (${conn.message})`);
      continue;
    }
    const r = await uninstallPass(cluster, conn.client, application);
    if (r.message !== undefined) unreachable.push(`${cluster} (${r.message})`);
    else if (r.phase !== 'clean') pending.push(`${cluster}: ${r.phase} phase, waiting for ${r.remaining.join(', ')}`);
    opts.log?.info({ cluster, phase: r.phase, deleted: r.deleted }, 'uninstall pass');
  }
  if (unreachable.length > 0 || pending.length > 0) {
    const message = `removing from the clusters: ${[...pending, ...unreachable.map((u) => `unreachable or refused: ${u}`)].join('; ')}`;
    const generation = harborObj.metadata?.generation ?? 1;
    const status = notReadyStatus(previous, generation, unreachable.length > 0 ? 'ClusterUnreachable' : 'InProgress', message, opts.now());
    const failed = await writeStatus(mgmt, harborObj, status, opts.events);
    if (failed) return failed;
    return unreachable.length > 0 ? transient(message) : requeueAfter(opts.pollMs ?? 5000);
  }
  const f = await removeFinalizer(mgmt, HARBOR_REF, harborObj, HARBOR_FINALIZER);
  return f.ok || f.status === 404 ? done : transient(`removing finalizer: ${f.status} ${f.reason}`);
}
