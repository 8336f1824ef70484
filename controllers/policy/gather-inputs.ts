/**
 * The policy controller's inputs, gathered from what was read (pure): the DeploymentPolicy and DataflowPolicy of
 * one application joined by the `skycluster.io/app-id` label (not by name), validated with the code
 * `skycluster validate` uses; componentRefs resolved to the workloads in the namespace, whose replicas and
 * container requests replace the policy's own `replicas`/`resources`; the ProviderProfiles and InstanceTypes of
 * the system namespace as the registered catalog (disabled profiles and zones left out). The result is a value:
 * ready inputs, an invalid application (terminal), or a wait for a referenced workload.
 */
import type { DataflowPolicy, DeploymentPolicy, DeploymentPolicyItem } from '../../src/api/policy.js';
import type { InstanceType, ProviderProfile } from '../../src/api/provider.js';
import type { ComponentRef } from '../../src/api/common.js';
import { findComponentManifest } from '../../src/harbor/app-manifests.js';
import type { KubeObject as ManifestObject } from '../../src/harbor/kube-object.js';
import type { Issue } from '../../src/validate/issue.js';
import { APP_LABEL, applicationKey } from '../../src/validate/object-set-checks.js';
import { validateDocuments } from '../../src/validate/validate-documents.js';
import type { KubeObject } from '../runtime/index.js';
import { planningSettings, type PlanningSettings } from './planning-settings.js';
import { registeredCatalog, type RegisteredCatalog } from './registered-catalog.js';
import { workloadFacts } from './workload-resources.js';

/** Workload kinds the controller reads (and watches); a componentRef of another kind keeps the policy's figures. */
export const READ_WORKLOAD_KINDS: readonly { apiVersion: string; kind: string }[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
];

/** Everything the controller read for one DeploymentPolicy (informer caches and fresh reads). */
export interface ClusterSnapshot {
  /** The DeploymentPolicy being reconciled. */
  readonly policy: KubeObject;
  /** Every DeploymentPolicy of its namespace (the policy itself among them). */
  readonly deploymentPolicies: readonly KubeObject[];
  /** Every DataflowPolicy of its namespace. */
  readonly dataflowPolicies: readonly KubeObject[];
  /** Workloads (Deployments, StatefulSets, Jobs) the componentRefs may name. */
  readonly workloads: readonly KubeObject[];
  /** ProviderProfiles and InstanceTypes of the system namespace. */
  readonly profiles: readonly KubeObject[];
  readonly instanceTypes: readonly KubeObject[];
  /** `registeredCatalog(profiles, instanceTypes)` when the caller already has it (it is the same for every policy). */
  readonly registered?: RegisteredCatalog;
}

/** The inputs of one solve. */
export interface PlanningInputs {
  /** Application id: the app-id label, else the DeploymentPolicy's name. */
  readonly application: string;
  /** The DeploymentPolicy as the optimizer reads it: workload figures folded in, controller settings removed. */
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy?: DataflowPolicy;
  /** The DataflowPolicy object as read (for its ownerReference). */
  readonly dataflowObject?: KubeObject;
  readonly catalog: RegisteredCatalog;
  readonly settings: PlanningSettings;
  /** Notes and warnings (lenient readings, workloads not read, catalog objects left out). */
  readonly notes: readonly Issue[];
}

/** What gathering concluded. */
export type GatherResult =
  | { readonly kind: 'ready'; readonly inputs: PlanningInputs }
  /** The application cannot be planned as written: terminal until a policy changes. */
  | { readonly kind: 'invalid'; readonly issues: readonly Issue[] }
  /** A componentRef names a workload that does not exist (yet): not an error, the workload's event brings it back. */
  | { readonly kind: 'waiting'; readonly issues: readonly Issue[] };

const metaOf = (o: KubeObject): { name: string; namespace?: string; labels?: Record<string, string> } => ({
  name: o.metadata?.name ?? '',
  ...(o.metadata?.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
  ...(o.metadata?.labels !== undefined ? { labels: o.metadata.labels } : {}),
});

const byName = (a: KubeObject, b: KubeObject): number => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');

/** The application key of a policy object (label, else namespace/name), as validation pairs them. */
export function appKeyOf(o: KubeObject): string {
  return applicationKey(metaOf(o));
}

/** The DeploymentPolicies and DataflowPolicies of the same application in the same namespace as `policy`. */
export function applicationPolicies(
  policy: KubeObject,
  deploymentPolicies: readonly KubeObject[],
  dataflowPolicies: readonly KubeObject[],
): { deploymentPolicies: KubeObject[]; dataflowPolicies: KubeObject[] } {
  const ns = policy.metadata?.namespace;
  const key = appKeyOf(policy);
  const same = (o: KubeObject): boolean => o.metadata?.namespace === ns && appKeyOf(o) === key;
  return { deploymentPolicies: deploymentPolicies.filter(same).sort(byName), dataflowPolicies: dataflowPolicies.filter(same).sort(byName) };
}

/** Where an object read from the cluster is named in messages: `namespace/name`. */
const sourceOf = (o: KubeObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** Gathers and validates the inputs of the application of `snapshot.policy`. */
export function gatherInputs(snapshot: ClusterSnapshot): GatherResult {
  const policy = snapshot.policy;
  const ns = policy.metadata?.namespace ?? 'default';
  const own = applicationPolicies(policy, snapshot.deploymentPolicies, snapshot.dataflowPolicies);
  // Two DeploymentPolicies claiming one application: each is told, naming both (validation would tell only the second).
  if (own.deploymentPolicies.length > 1) {
    const names = own.deploymentPolicies.map((d) => `DeploymentPolicy/${d.metadata?.name}`);
    const label = policy.metadata?.labels?.[APP_LABEL];
    return {
      kind: 'invalid',
      issues: [
        {
          severity: 'error',
          object: `DeploymentPolicy/${policy.metadata?.name}`,
          path: label !== undefined ? `metadata.labels["${APP_LABEL}"]` : 'metadata.name',
          message: `${names.join(' and ')} in namespace ${ns} both claim application "${appKeyOf(policy)}"; an application has one DeploymentPolicy`,
        },
      ],
    };
  }
  const checked = validateDocuments([policy, ...own.dataflowPolicies].map((value) => ({ file: sourceOf(value), document: 1, value })));
  const errors = checked.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) return { kind: 'invalid', issues: errors };
  const dp = checked.objects.find((o) => o.kind === 'DeploymentPolicy')?.object as DeploymentPolicy | undefined;
  const df = checked.objects.find((o) => o.kind === 'DataflowPolicy')?.object as DataflowPolicy | undefined;
  if (!dp)
    return {
      kind: 'invalid',
      issues: [{ severity: 'error', object: `DeploymentPolicy/${policy.metadata?.name}`, path: '', message: 'not a DeploymentPolicy' }],
    };
  const notes: Issue[] = checked.issues.filter((i) => i.severity !== 'error');

  const resolved = resolveComponents(dp, ns, snapshot.workloads);
  if (resolved.missing.length > 0) return { kind: 'waiting', issues: resolved.missing };
  notes.push(...resolved.notes);
  const catalog = snapshot.registered ?? registeredCatalog(snapshot.profiles, snapshot.instanceTypes);
  notes.push(...catalog.notes);

  const { planning: _planning, solver: _solver, ...modelSpec } = dp.spec;
  const deploymentPolicy: DeploymentPolicy = {
    apiVersion: dp.apiVersion,
    kind: dp.kind,
    metadata: { name: dp.metadata.name, namespace: ns, ...(dp.metadata.labels ? { labels: dp.metadata.labels } : {}) },
    spec: { ...modelSpec, deploymentPolicies: resolved.items },
  };
  const dfObject = df ? own.dataflowPolicies.find((o) => o.metadata?.name === df.metadata.name) : undefined;
  const dataflowPolicy: DataflowPolicy | undefined = df
    ? {
        apiVersion: df.apiVersion,
        kind: df.kind,
        metadata: { name: df.metadata.name, namespace: ns, ...(df.metadata.labels ? { labels: df.metadata.labels } : {}) },
        spec: df.spec,
      }
    : undefined;
  return {
    kind: 'ready',
    inputs: {
      application: dp.metadata.labels?.[APP_LABEL] ?? dp.metadata.name,
      deploymentPolicy,
      ...(dataflowPolicy ? { dataflowPolicy } : {}),
      ...(dfObject ? { dataflowObject: dfObject } : {}),
      catalog,
      settings: planningSettings(dp.spec),
      notes,
    },
  };
}

/** The kind and apiVersion a componentRef names (SkyCluster's default: apps/v1 Deployment). */
function refKind(ref: ComponentRef): { apiVersion: string; kind: string } {
  const kind = ref.kind ?? 'Deployment';
  return { kind, apiVersion: ref.apiVersion ?? (kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1') };
}

/** Formats cores as a CPU quantity (millicores) and GiB as Mi, exactly enough for the model. */
const cpuQuantity = (cores: number): string => `${Math.round(cores * 1000)}m`;
const memoryQuantity = (gib: number): string => `${Math.round(gib * 1024 * 1000) / 1000}Mi`;

/** Replaces each component's replicas and resources with its workload's; missing workloads are reported. */
function resolveComponents(
  dp: DeploymentPolicy,
  namespace: string,
  workloads: readonly KubeObject[],
): { items: DeploymentPolicyItem[]; missing: Issue[]; notes: Issue[] } {
  const object = `DeploymentPolicy/${dp.metadata.name}`;
  const missing: Issue[] = [];
  const notes: Issue[] = [];
  const items = dp.spec.deploymentPolicies.map((item, i): DeploymentPolicyItem => {
    const path = `spec.deploymentPolicies[${i}].componentRef`;
    const { apiVersion, kind } = refKind(item.componentRef);
    const where = item.componentRef.namespace ?? namespace;
    if (!READ_WORKLOAD_KINDS.some((k) => k.kind === kind && k.apiVersion === apiVersion)) {
      notes.push({
        severity: 'note',
        object,
        path,
        message: `${apiVersion} ${kind} is not a workload kind the controller reads (${READ_WORKLOAD_KINDS.map((k) => k.kind).join(', ')}); planned with the policy's replicas and resources`,
      });
      return item;
    }
    const found = findComponentManifest(item.componentRef, namespace, workloads as unknown as readonly ManifestObject[]);
    if (!found) {
      missing.push({
        severity: 'error',
        object,
        path,
        message: `${kind} "${item.componentRef.name}" (${apiVersion}) not found in namespace ${where}`,
      });
      return item;
    }
    const facts = workloadFacts(found as unknown as KubeObject);
    for (const p of facts.problems)
      notes.push({ severity: 'warning', object: `${kind}/${item.componentRef.name}`, path: p.split(':')[0] ?? '', message: p });
    const next: DeploymentPolicyItem = { ...item };
    if (facts.replicas !== undefined) {
      // A workload scaled to zero still needs a place when it scales up again: plan one replica.
      next.replicas = Math.max(1, facts.replicas);
    }
    if (facts.requests) {
      const gpuModel = item.resources?.gpu?.model;
      next.resources = {
        cpu: cpuQuantity(facts.requests.cpuCores),
        memory: memoryQuantity(facts.requests.memoryGiB),
        ...(facts.requests.gpus > 0 ? { gpu: { count: facts.requests.gpus, ...(gpuModel !== undefined ? { model: gpuModel } : {}) } } : {}),
      };
    }
    return next;
  });
  return { items, missing, notes };
}
