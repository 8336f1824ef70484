/**
 * `skycluster apply`: validated objects → the intents to apply (pure), then server-side apply of each.
 * Only what users write is applied: policies, provider profiles and instance types; a Plan, Atlas or Harbor
 * is written by the operator and refused here. Namespaces follow kubectl: an object's own namespace, else -n
 * (else the context's namespace); with -n, an object naming another namespace is an error. ProviderProfiles
 * and InstanceTypes without a namespace (and no -n) go to skycluster-system, where the operator reads them.
 */
// The runtime's files one by one, not its index: a CLI command should not load the operator (metrics, logging, leases).
import { applyObject, type OperationResult } from '../../../controllers/runtime/apply.js';
import type { KubeClient } from '../../../controllers/runtime/kube-client.js';
import type { KubeObject } from '../../../controllers/runtime/kube-object.js';
import { BUILTIN, type ResourceRef } from '../../../controllers/runtime/resource.js';
import { DATAFLOW_POLICY_REF, DEPLOYMENT_POLICY_REF, INSTANCE_TYPE_REF, PROVIDER_PROFILE_REF } from '../../../controllers/skycluster-refs.js';
import type { Issue } from '../../validate/issue.js';
import type { ValidObject } from '../../validate/validate-object.js';
import { explainFailure } from './kube-errors.js';

/** The field manager of `skycluster apply` (kubectl's is `kubectl`). */
export const APPLY_FIELD_MANAGER = 'skycluster-cli';

/** Namespace of registered providers when neither the object nor -n names one (the operator's default). */
export const DEFAULT_SYSTEM_NAMESPACE = 'skycluster-system';

/** The kinds `skycluster apply` takes, in the order they are applied (providers before the policies that use them). */
const APPLIED: readonly { kind: string; ref: ResourceRef; system: boolean }[] = [
  { kind: 'ProviderProfile', ref: PROVIDER_PROFILE_REF, system: true },
  { kind: 'InstanceType', ref: INSTANCE_TYPE_REF, system: true },
  { kind: 'DataflowPolicy', ref: DATAFLOW_POLICY_REF, system: false },
  { kind: 'DeploymentPolicy', ref: DEPLOYMENT_POLICY_REF, system: false },
];

/** One object to apply and where it came from. */
export interface ApplyIntent {
  readonly ref: ResourceRef;
  readonly object: KubeObject;
  readonly source: ValidObject['source'];
}

/** Fields the server owns: sending them back (a `kubectl get -o yaml` export) would fail or pin a version. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'managedFields', 'selfLink'];

function cleaned(value: Record<string, unknown>, namespace: string): KubeObject {
  const { status: _status, ...rest } = value;
  const meta = { ...((rest['metadata'] as Record<string, unknown> | undefined) ?? {}) };
  for (const k of SERVER_METADATA) delete meta[k];
  return { ...rest, metadata: { ...meta, namespace } } as KubeObject;
}

/** Decides, without the network, what to apply; any issue means nothing is applied. */
export function applyIntents(
  objects: readonly ValidObject[],
  ns: { readonly namespace: string; readonly fromFlag: boolean },
): { intents: ApplyIntent[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const intents: (ApplyIntent & { order: number })[] = [];
  for (const v of objects) {
    const where = { file: v.source.file, document: v.source.document, object: `${v.kind}/${v.name}` };
    const order = APPLIED.findIndex((a) => a.kind === v.kind);
    const kind = APPLIED[order];
    if (!kind) {
      issues.push({
        severity: 'error',
        ...where,
        path: 'kind',
        message: `skycluster apply takes ${APPLIED.map((a) => a.kind).join(', ')}; ${v.kind} objects are ${['Plan', 'Atlas', 'Harbor'].includes(v.kind) ? 'written by the operator' : 'applied with kubectl'}`,
      });
      continue;
    }
    // A bare SkyCluster profile spec has no apiVersion/kind: the validator wrapped it; otherwise send what the user wrote.
    const raw = v.source.value as Record<string, unknown>;
    const value = typeof raw['apiVersion'] === 'string' && typeof raw['kind'] === 'string' ? raw : (v.object as Record<string, unknown>);
    const own = (value['metadata'] as { namespace?: unknown } | undefined)?.namespace;
    if (typeof own === 'string' && ns.fromFlag && own !== ns.namespace) {
      issues.push({
        severity: 'error',
        ...where,
        path: 'metadata.namespace',
        message: `the object's namespace "${own}" does not match --namespace "${ns.namespace}"`,
      });
      continue;
    }
    const namespace = typeof own === 'string' ? own : ns.fromFlag || !kind.system ? ns.namespace : DEFAULT_SYSTEM_NAMESPACE;
    intents.push({ ref: kind.ref, object: cleaned(value, namespace), source: v.source, order });
  }
  intents.sort((a, b) => a.order - b.order);
  return { intents: intents.map(({ order: _order, ...i }) => i), issues };
}

/** The outcome of applying one intent. */
export type ApplyOutcome =
  | { readonly ok: true; readonly intent: ApplyIntent; readonly operation: OperationResult }
  | { readonly ok: false; readonly intent: ApplyIntent; readonly issue: Issue };

/** `Kind namespace/name`, as the apply lines print it. */
export function intentName(i: ApplyIntent): string {
  return `${i.ref.kind} ${i.object.metadata?.namespace}/${i.object.metadata?.name}`;
}

/** Applies every intent in order (a failure does not stop the others); one outcome each. */
export async function applyAll(client: KubeClient, intents: readonly ApplyIntent[], opts: { force: boolean }): Promise<ApplyOutcome[]> {
  const out: ApplyOutcome[] = [];
  const missingNamespaces = new Map<string, boolean>();
  for (const intent of intents) {
    const meta = intent.object.metadata ?? {};
    const where = { file: intent.source.file, document: intent.source.document, object: `${intent.ref.kind}/${meta.name}` };
    const res = await applyObject(client, intent.ref, intent.object, { fieldManager: APPLY_FIELD_MANAGER, force: opts.force });
    if (res.ok) {
      out.push({ ok: true, intent, operation: res.operation });
      continue;
    }
    let message: string;
    let path = '';
    const ns = meta.namespace ?? '';
    if (res.status === 404) {
      if (!missingNamespaces.has(ns)) missingNamespaces.set(ns, (await client.get(BUILTIN.namespace, undefined, ns)).status === 404);
      if (missingNamespaces.get(ns)) path = 'metadata.namespace';
      message = missingNamespaces.get(ns)
        ? `namespace "${ns}" does not exist; create it (kubectl create namespace ${ns}) or choose another with -n`
        : await explainFailure(client, res, { ref: intent.ref, namespace: ns });
    } else if (res.status === 409) {
      message = `another field manager owns fields this object sets (HTTP 409): ${res.message}; rerun with --force-conflicts to take them over`;
    } else message = await explainFailure(client, res, { ref: intent.ref, namespace: ns, ...(meta.name ? { name: meta.name } : {}) });
    out.push({ ok: false, intent, issue: { severity: 'error', ...where, path, message } });
  }
  return out;
}
