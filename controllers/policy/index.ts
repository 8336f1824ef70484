/**
 * The policy controller (issue 12): DeploymentPolicy + DataflowPolicy (joined by skycluster.io/app-id) and the
 * workloads they name, with the ProviderProfiles and InstanceTypes of the system namespace as the catalog, in;
 * a live Plan `<app>-plan` out. See docs/controllers.md for what it reads, writes and when it solves.
 */
import type { SolveMode } from '../../src/api/policy.js';
import type { Catalog } from '../../src/catalog/types.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import type { ControllerDeps } from '../controller-deps.js';
import { Controller, controllerOwnerKey, type Informer, type InformerOptions, type KubeObject, type ResourceRef } from '../runtime/index.js';
import { DATAFLOW_POLICY_REF, DEPLOYMENT_POLICY_REF, INSTANCE_TYPE_REF, PLAN_REF, PROVIDER_PROFILE_REF } from '../skycluster-refs.js';
import { READ_WORKLOAD_KINDS } from './gather-inputs.js';
import { allPolicyKeys, dataflowPolicyKeys, withKind, workloadKeys } from './key-mappers.js';
import { DEFAULT_DEBOUNCE_MS } from './planning-settings.js';
import { policyReconciler } from './reconcile-policy.js';
import { inProcessSolveRunner, type SolveRunner } from './solve-runner.js';

export { gatherInputs, READ_WORKLOAD_KINDS, type ClusterSnapshot, type GatherResult, type PlanningInputs } from './gather-inputs.js';
export { inProcessSolveRunner, optimizeRequestOf, type SolveOutcome, type SolveRequest, type SolveRunner } from './solve-runner.js';
export { DEFAULT_DEBOUNCE_MS } from './planning-settings.js';

/** Options of the policy controller beyond ControllerDeps (tests, `controller run`, H8's Job runner). */
export interface PolicyControllerOptions {
  /** Quiet time after a change before solving, when the policy sets no spec.planning.debounceSeconds, ms. @default 1000 */
  readonly debounceMs?: number;
  /** Solve runners by mode; `Worker` defaults to the in-process optimizer. A policy asking for a missing mode uses Worker. */
  readonly runners?: Partial<Record<SolveMode, SolveRunner>>;
  /** @default loadBundledCatalog */
  readonly baseCatalog?: () => Catalog;
  /** Relative MIP gap of every solve. @default 0 (proven optimal, within the time limit) */
  readonly mipGap?: number;
  /** Parallel reconciles. @default deps.config.workers */
  readonly workers?: number;
}

/** The kinds of workloads read, as ResourceRefs. */
const WORKLOAD_REFS: readonly ResourceRef[] = READ_WORKLOAD_KINDS.map((k) => {
  const [group, version] = k.apiVersion.split('/') as [string, string];
  return { group, version, kind: k.kind, plural: `${k.kind.toLowerCase()}s`, namespaced: true };
});

/** The policy controller's own name (metrics, logs, Events). */
export const POLICY_CONTROLLER = 'policy';

/** Builds the policy controller, registers its informers and adds it to the manager. */
export function addPolicyController(deps: ControllerDeps, options: PolicyControllerOptions = {}): Controller {
  const m = deps.manager;
  const namespaces = deps.config.namespaces;
  // One informer per watched namespace, or one over all namespaces.
  const perNamespace = <T extends KubeObject>(ref: ResourceRef): Informer<T>[] =>
    namespaces.length === 0 ? [m.informer<T>(ref)] : namespaces.map((namespace) => m.informer<T>(ref, { namespace } satisfies InformerOptions));
  const listOf = (informers: readonly Informer<KubeObject>[], fill?: ResourceRef) => () =>
    informers.flatMap((i) =>
      i.list().map((o) => (fill && !o.kind ? { ...o, apiVersion: fill.group ? `${fill.group}/${fill.version}` : fill.version, kind: fill.kind } : o)),
    );

  const dps = perNamespace(DEPLOYMENT_POLICY_REF);
  const dfs = perNamespace(DATAFLOW_POLICY_REF);
  const plans = perNamespace(PLAN_REF);
  const workloads = WORKLOAD_REFS.map((ref) => ({ ref, informers: perNamespace(ref) }));
  const system = { namespace: deps.config.systemNamespace };
  const profiles = m.informer(PROVIDER_PROFILE_REF, system);
  const instanceTypes = m.informer(INSTANCE_TYPE_REF, system);

  const deploymentPolicies = listOf(dps);
  // One bundled catalog for the hash and the in-process runner, loaded on first use.
  let base: Catalog | undefined;
  const baseCatalog = (): Catalog => (base ??= (options.baseCatalog ?? loadBundledCatalog)());
  const worker = options.runners?.Worker ?? inProcessSolveRunner({ baseCatalog });
  const reconciler = policyReconciler({
    client: deps.client,
    caches: {
      deploymentPolicies,
      dataflowPolicies: listOf(dfs),
      workloads: () => workloads.flatMap((w) => listOf(w.informers, w.ref)()),
      profiles: listOf([profiles]),
      instanceTypes: listOf([instanceTypes]),
      plans: listOf(plans),
    },
    events: deps.events,
    metrics: deps.metrics,
    runners: { ...options.runners, Worker: worker },
    baseCatalog,
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    mipGap: options.mipGap ?? 0,
    nowMs: () => performance.now(),
    nowIso: () => new Date().toISOString(),
  });
  const controller = new Controller({
    name: POLICY_CONTROLLER,
    reconciler,
    log: deps.log,
    metrics: deps.metrics,
    workers: options.workers ?? deps.config.workers,
  });
  for (const i of dps) controller.watch(i);
  for (const i of dfs) controller.watch(i, dataflowPolicyKeys(deploymentPolicies));
  for (const i of plans) controller.watch(i, controllerOwnerKey('DeploymentPolicy'));
  for (const w of workloads) {
    const apiVersion = w.ref.group ? `${w.ref.group}/${w.ref.version}` : w.ref.version;
    for (const i of w.informers) controller.watch(i, withKind(apiVersion, w.ref.kind, workloadKeys(deploymentPolicies)));
  }
  controller.watch(profiles, allPolicyKeys(deploymentPolicies));
  controller.watch(instanceTypes, allPolicyKeys(deploymentPolicies));
  m.add(controller);
  return controller;
}

/** ResourceRefs of the workload kinds the controller watches (for RBAC and tests). */
export const POLICY_WORKLOAD_REFS = WORKLOAD_REFS;
