/**
 * The ProviderProfile controller: validates every ProviderProfile of the system namespace, fills the
 * InstanceType of a cloud region that has none from the bundled catalog, and reports status (zones, offering
 * count, price source and date, Ready). Re-planning on profile or price changes is the policy controller's.
 */
import type { InMemoryCatalog } from '../../providers/catalog/in-memory-catalog.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import type { ControllerDeps } from '../controller-deps.js';
import { Controller, type KubeObject } from '../runtime/index.js';
import { INSTANCE_TYPE_REF, PROVIDER_PROFILE_REF } from '../skycluster-refs.js';
import { profileReconciler } from './profile-reconciler.js';

export { decideProfile, SECRET_RECHECK_MS, type ProfileDecision, type ProfileInputs } from './profile-decision.js';
export { profileReconciler, type ProfileReconcilerDeps } from './profile-reconciler.js';

/** Options for tests: another catalog, another clock. */
export interface ProviderControllerOptions {
  /** @default the bundled catalog */
  readonly catalog?: InMemoryCatalog;
  /** @default the system clock, RFC 3339 */
  readonly now?: () => string;
}

/** The profiles an InstanceType concerns: the one its spec.providerRef names and its controller owner. */
function profilesOf(it: KubeObject): string[] {
  const ns = it.metadata?.namespace ?? '';
  const ref = (it['spec'] as { providerRef?: unknown } | undefined)?.providerRef;
  const owners = (it.metadata?.ownerReferences ?? []).filter((o) => o.controller === true && o.kind === 'ProviderProfile').map((o) => o.name);
  return [...new Set([...(typeof ref === 'string' ? [ref] : []), ...owners])].map((name) => `${ns}/${name}`);
}

/** Registers the ProviderProfile controller (informers on ProviderProfiles and InstanceTypes of `config.systemNamespace`). */
export function addProviderController(deps: ControllerDeps, opts: ProviderControllerOptions = {}): Controller {
  const namespace = deps.config.systemNamespace;
  const profiles = deps.manager.informer<KubeObject>(PROVIDER_PROFILE_REF, { namespace });
  const instanceTypes = deps.manager.informer<KubeObject>(INSTANCE_TYPE_REF, { namespace });
  const catalog = opts.catalog ?? loadBundledCatalog();
  const reconciler = profileReconciler({
    client: deps.client,
    events: deps.events,
    catalog,
    instanceTypes: (ns) => instanceTypes.list().filter((it) => it.metadata?.namespace === ns),
    now: opts.now ?? (() => new Date().toISOString()),
  });
  const controller = new Controller({
    name: 'providerprofile',
    reconciler,
    log: deps.log.child({ controller: 'providerprofile' }),
    metrics: deps.metrics,
    workers: deps.config.workers,
  })
    .watch(profiles)
    .watch(instanceTypes, profilesOf);
  deps.manager.add(controller);
  return controller;
}
