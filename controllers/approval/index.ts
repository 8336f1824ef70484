/**
 * The approval gate (controller area `approval`): for each approved Plan, one Atlas and one Harbor named
 * like the application and controller-owned by the Plan (reconcile-approval.ts, decision in
 * approval-decision.ts). Watches Plans (their own key), the Atlas and Harbor objects they own (an edit or a
 * deletion is undone), and the registered ProviderProfiles and InstanceTypes (a Plan left InvalidPlan because
 * a flavor was missing is retried when the catalog changes). One worker: CIDR blocks are allocated from the
 * Atlases seen so far, so two Plans are never decided at the same time.
 */
import type { ControllerDeps } from '../controller-deps.js';
import {
  Controller,
  controllerOwnerKey,
  objectKey,
  systemClock,
  type Condition,
  type Informer,
  type KeyMapper,
  type KubeObject,
} from '../runtime/index.js';
import { ATLAS_REF, HARBOR_REF, INSTANCE_TYPE_REF, PLAN_REF, PROVIDER_PROFILE_REF } from '../skycluster-refs.js';
import { secretsFromProfiles } from '../../src/atlas/site-secrets.js';
import type { Catalog } from '../../src/catalog/types.js';
import { ClusterCatalog } from './cluster-catalog.js';
import { approvalReconciler } from './reconcile-approval.js';

export { decideApproval, derivedObjectName, type ApprovalDecision, type ApprovalInput } from './approval-decision.js';
export { approvalStateOf, unapprovedCondition, type ApprovalState } from './approval-state.js';
export { approvalReconciler, type ApprovalReconcilerOptions } from './reconcile-approval.js';

/** Plans whose Approved condition is InvalidPlan (they may become derivable when the catalog changes). */
function invalidPlans(plans: Informer<KubeObject>): KeyMapper<KubeObject> {
  return () =>
    plans
      .list()
      .filter((p) =>
        ((p['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? []).some(
          (c) => c.type === 'Approved' && c.reason === 'InvalidPlan',
        ),
      )
      .map((p) => objectKey(p.metadata ?? {}));
}

/** Options of addApprovalController. */
export interface ApprovalControllerOptions {
  /** The bundled catalog, when the caller has it loaded already. @default loaded on the first approved Plan */
  readonly bundledCatalog?: Catalog;
}

/** Registers the approval gate's informers and controller on the manager. */
export function addApprovalController(deps: ControllerDeps, options: ApprovalControllerOptions = {}): Controller {
  const namespaces = deps.config.namespaces;
  const scope = namespaces.length === 1 ? { namespace: namespaces[0] } : {};
  const watched = (o: KubeObject): boolean => namespaces.length === 0 || namespaces.includes(o.metadata?.namespace ?? '');
  const plans = deps.manager.informer<KubeObject>(PLAN_REF, scope);
  // Every Atlas in the cluster, whatever namespaces are watched: their CIDR blocks must never be reused.
  const atlases = deps.manager.informer<KubeObject>(ATLAS_REF);
  const harbors = deps.manager.informer<KubeObject>(HARBOR_REF, scope);
  const profiles = deps.manager.informer<KubeObject>(PROVIDER_PROFILE_REF, { namespace: deps.config.systemNamespace });
  const instanceTypes = deps.manager.informer<KubeObject>(INSTANCE_TYPE_REF, { namespace: deps.config.systemNamespace });

  // Atlases this controller applied, until the cache has them (a second Plan decided right after must see the blocks).
  const appliedAtlases = new Map<string, KubeObject>();
  atlases.onObject((e) => {
    const mine = appliedAtlases.get(e.key);
    if (e.type === 'deleted' || mine?.metadata?.resourceVersion === e.object.metadata?.resourceVersion) appliedAtlases.delete(e.key);
  });
  const allAtlases = (): KubeObject[] => {
    const byKey = new Map(atlases.list().map((a) => [objectKey(a.metadata ?? {}), a]));
    for (const [k, a] of appliedAtlases) byKey.set(k, a);
    return [...byKey.values()];
  };
  const bundled = options.bundledCatalog;
  const catalog = new ClusterCatalog(bundled ? () => bundled : undefined);

  const owned = controllerOwnerKey<KubeObject>('Plan');
  const controller = new Controller({
    name: 'approval',
    reconciler: approvalReconciler({
      client: deps.client,
      atlases: allAtlases,
      catalog: () => catalog.catalogFor(profiles.list(), instanceTypes.list()),
      secrets: () => secretsFromProfiles(catalog.catalogFor(profiles.list(), instanceTypes.list()).profiles),
      events: deps.events,
      now: () => new Date(systemClock.now()).toISOString(),
      onAtlasApplied: (a) => appliedAtlases.set(objectKey(a.metadata ?? {}), a),
    }),
    log: deps.log,
    metrics: deps.metrics,
    workers: 1,
    shutdownGraceMs: deps.config.shutdownGraceSeconds * 1000,
  })
    .watch(plans, (o) => (watched(o) ? [objectKey(o.metadata ?? {})] : []))
    .watch(atlases, (o, e) => (watched(o) ? owned(o, e) : []))
    .watch(harbors, (o, e) => (watched(o) ? owned(o, e) : []))
    .watch(profiles, invalidPlans(plans))
    .watch(instanceTypes, invalidPlans(plans));
  deps.manager.add(controller);
  return controller;
}
