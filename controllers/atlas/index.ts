/**
 * The Atlas controller: provisions each Atlas object's clusters as Pulumi stacks (atlas-reconciler.ts) and
 * keeps status.stacks[] and the Ready/Provisioning conditions. `addAtlasController(deps)` registers it on the
 * manager: an Atlas informer (per watched namespace, or all) whose status-only updates are ignored (the
 * controller writes them itself). A settled Atlas is looked at again every `resyncMs`: a kubeconfig Secret
 * someone deleted is written again then (a get per stack; no Secret informer, which would need list/watch on
 * every Secret in the cluster). The engine is the Pulumi Automation API, configured from the Secret `skycluster-pulumi`
 * in the system namespace (engine-source.ts); tests pass their own through `options.engine`.
 */
import type { AtlasEngine } from '../../providers/pulumi/engine.js';
import type { ControllerDeps } from '../controller-deps.js';
import { Controller, ownKey, type KeyMapper, type KubeObject } from '../runtime/index.js';
import { ATLAS_REF } from '../skycluster-refs.js';
import { atlasReconciler } from './atlas-reconciler.js';
import { automationEngineFromSecret, ENGINE_SECRET, fixedEngine } from './engine-source.js';

export { ATLAS_FINALIZER, atlasReconciler, specProblem } from './atlas-reconciler.js';
export { atlasConditions, atlasStatus } from './atlas-status.js';
export { automationEngineFromSecret, ENGINE_SECRET, fixedEngine } from './engine-source.js';
export { kubeconfigSecretName, KUBECONFIG_KEY, SECRET_REF } from './secrets.js';
export { decideStackActions, desiredStack, stackHash } from './stack-actions.js';

/** Options of addAtlasController (all optional; the operator passes none). */
export interface AtlasControllerOptions {
  /** The engine to drive. @default the Automation API engine from the Secret `engineSecret` */
  readonly engine?: AtlasEngine;
  /** Name of the engine settings Secret in the system namespace. @default skycluster-pulumi */
  readonly engineSecret?: string;
  /** Engine operations at once per Atlas. @default 4 */
  readonly parallelism?: number;
  /** How soon a pass waiting for a Secret looks again, ms. @default 30_000 */
  readonly secretPollMs?: number;
  /** How soon a pass waiting for an operation of this process looks again, ms. @default 5_000 */
  readonly inFlightPollMs?: number;
  /** Period of the pass over a settled Atlas that checks its kubeconfig Secrets still exist, ms. @default 300_000 */
  readonly resyncMs?: number;
  /** RFC 3339 now. @default the system clock */
  readonly now?: () => string;
}

/** Enqueues an Atlas for every change except its own status writes (same generation, finalizers, deletion mark). */
export const atlasKeys: KeyMapper<KubeObject> = (object, event) => {
  if (event.type === 'updated') {
    const a = event.old.metadata ?? {};
    const b = object.metadata ?? {};
    const same =
      a.generation === b.generation &&
      a.deletionTimestamp === b.deletionTimestamp &&
      JSON.stringify(a.finalizers ?? []) === JSON.stringify(b.finalizers ?? []) &&
      JSON.stringify(a.annotations ?? {}) === JSON.stringify(b.annotations ?? {}) &&
      a.resourceVersion !== undefined;
    if (same) return [];
  }
  return ownKey(object);
};

/** Builds the Atlas controller and adds it to `deps.manager`. */
export function addAtlasController(deps: ControllerDeps, options: AtlasControllerOptions = {}): Controller {
  const log = deps.log.child({ controller: 'atlas' });
  const reconciler = atlasReconciler({
    client: deps.client,
    engines: options.engine
      ? fixedEngine(options.engine)
      : automationEngineFromSecret(deps.client, deps.config.systemNamespace, options.engineSecret ?? ENGINE_SECRET),
    events: deps.events,
    now: options.now ?? (() => new Date().toISOString()),
    parallelism: options.parallelism ?? 4,
    secretPollMs: options.secretPollMs ?? 30_000,
    inFlightPollMs: options.inFlightPollMs ?? 5_000,
    resyncMs: options.resyncMs ?? 300_000,
    systemNamespace: deps.config.systemNamespace,
  });
  const controller = new Controller({
    name: 'atlas',
    reconciler,
    log,
    metrics: deps.metrics,
    workers: deps.config.workers,
    shutdownGraceMs: deps.config.shutdownGraceSeconds * 1000,
  });
  // Only an Atlas informer: a Secret informer would need list/watch on every Secret of the cluster (RBAC cannot
  // narrow that by label). A deleted kubeconfig Secret is found by a get on the periodic resync instead.
  const namespaces = deps.config.namespaces.length ? deps.config.namespaces : [undefined];
  for (const namespace of namespaces) controller.watch(deps.manager.informer<KubeObject>(ATLAS_REF, namespace ? { namespace } : {}), atlasKeys);
  deps.manager.add(controller);
  return controller;
}
