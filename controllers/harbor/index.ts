/**
 * The Harbor controller area: reconciles Harbor objects (reconcile-harbor.ts). Watches Harbors (their own
 * key), Plans (a re-plan or an approval reaches the Harbors naming the plan) and Atlas objects (a kubeconfig
 * recorded for a new cluster reaches the Harbors of the same plan). Target clusters are not watched: the
 * reconciler requeues while it waits and resyncs every few minutes once deployed.
 */
import type { ControllerDeps } from '../controller-deps.js';
import { Controller, objectKey, systemClock, type Informer, type KeyMapper, type KubeObject } from '../runtime/index.js';
import { ATLAS_REF, HARBOR_REF, PLAN_REF } from '../skycluster-refs.js';
import { harborReconciler } from './reconcile-harbor.js';
import { TargetClients } from './target-clusters.js';

export { HARBOR_FINALIZER, harborReconciler, reconcileHarbor, type HarborReconcilerOptions } from './reconcile-harbor.js';
export { TargetClients } from './target-clusters.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const planRefName = (o: KubeObject): string | undefined => {
  const spec = o['spec'];
  return isRecord(spec) && isRecord(spec['planRef']) && typeof spec['planRef']['name'] === 'string' ? spec['planRef']['name'] : undefined;
};

/** Maps an object naming a plan (a Plan itself, or an Atlas with spec.planRef) to the Harbors of that plan. */
export function harborsOfPlan(harbors: Informer<KubeObject>, planNameOf: (o: KubeObject) => string | undefined): KeyMapper<KubeObject> {
  return (object) => {
    const plan = planNameOf(object);
    const ns = object.metadata?.namespace;
    if (plan === undefined) return [];
    return harbors
      .list()
      .filter((h) => h.metadata?.namespace === ns && planRefName(h) === plan)
      .map((h) => objectKey(h.metadata ?? {}));
  };
}

/** Registers the Harbor controller's informers and controller on the manager. */
export function addHarborController(deps: ControllerDeps): Controller {
  const scope = deps.config.namespaces.length === 1 ? { namespace: deps.config.namespaces[0] } : {};
  const harbors = deps.manager.informer<KubeObject>(HARBOR_REF, scope);
  const plans = deps.manager.informer<KubeObject>(PLAN_REF, scope);
  const atlases = deps.manager.informer<KubeObject>(ATLAS_REF, scope);
  const watched = (o: KubeObject): boolean => deps.config.namespaces.length === 0 || deps.config.namespaces.includes(o.metadata?.namespace ?? '');
  const controller = new Controller({
    name: 'harbor',
    reconciler: harborReconciler({
      management: deps.client,
      targets: new TargetClients(deps.client),
      now: () => new Date(systemClock.now()).toISOString(),
      log: deps.log.child({ controller: 'harbor' }),
      events: deps.events,
    }),
    log: deps.log,
    metrics: deps.metrics,
    workers: deps.config.workers,
    shutdownGraceMs: deps.config.shutdownGraceSeconds * 1000,
  })
    .watch(harbors, (o) => (watched(o) ? [objectKey(o.metadata ?? {})] : []))
    .watch(plans, (o, e) => (watched(o) ? harborsOfPlan(harbors, (p) => p.metadata?.name)(o, e) : []))
    .watch(atlases, (o, e) => (watched(o) ? harborsOfPlan(harbors, planRefName)(o, e) : []));
  deps.manager.add(controller);
  return controller;
}
