/**
 * Reads what Harbor renders from on the management cluster: the DeploymentPolicy a plan names, the
 * application's manifests (workloads, Services, ConfigMaps, Secrets) and the SkyShift Services in the
 * namespaces the policy's components live in. Secrets are never listed (list on Secrets would let the operator
 * read every credential in those namespaces): only the Secrets the workloads' pod specs reference are read, each
 * by name. Their values are held in memory only to be copied to the targets; nothing here logs or reports them.
 */
import { DeploymentPolicySchema, type DeploymentPolicy } from '../../src/api/policy.js';
import type { SkyShiftService } from '../../src/api/skyshift-service.js';
import { configReferences, podTemplateOf, WORKLOAD_KINDS } from '../../src/harbor/app-manifests.js';
import type { KubeObject as HarborObject } from '../../src/harbor/kube-object.js';
import type { Issue } from '../../src/validate/issue.js';
import { DEPLOYMENT_POLICY_REF } from '../skycluster-refs.js';
import { apiVersionOf, type KubeClient, type KubeObject } from '../runtime/index.js';
import { refFor } from './resource-refs.js';
import { serviceFromConfigMap, SKYSHIFT_SERVICE_LABEL } from './skyshift-store.js';

/** The kinds listed as the application's manifests (Secrets are read by name, see readReferencedSecrets). */
const APP_KINDS: readonly [apiVersion: string, kind: string][] = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
];

/** Harbor's inputs from the management cluster, or why they cannot be read. */
export type AppInputs =
  | {
      readonly ok: true;
      readonly policy: DeploymentPolicy;
      readonly manifests: HarborObject[];
      readonly skyshiftServices: SkyShiftService[];
      /** Problems of SkyShift Services (the invalid ones are left out). */
      readonly issues: Issue[];
    }
  | { readonly ok: false; readonly missing: boolean; readonly message: string };

/**
 * Reads the policy `policyName` in `namespace` and the manifests of its components' namespaces.
 * @returns missing: true when the policy does not exist or does not match its schema (a user must act)
 */
export async function readAppInputs(management: KubeClient, namespace: string, policyName: string): Promise<AppInputs> {
  const got = await management.get<KubeObject>(DEPLOYMENT_POLICY_REF, namespace, policyName);
  if (!got.ok) {
    return got.status === 404
      ? { ok: false, missing: true, message: `DeploymentPolicy ${JSON.stringify(policyName)} not found in namespace ${JSON.stringify(namespace)}` }
      : { ok: false, missing: false, message: `reading DeploymentPolicy ${policyName}: ${got.status} ${got.reason}` };
  }
  const parsed = DeploymentPolicySchema.safeParse(got.body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      missing: true,
      message: `DeploymentPolicy ${JSON.stringify(policyName)} does not match its schema: ${first?.path.join('.') ?? ''}: ${first?.message ?? ''}`,
    };
  }
  const policy = parsed.data;
  const namespaces = [
    ...new Set(policy.spec.deploymentPolicies.map((i) => i.componentRef.namespace ?? policy.metadata.namespace ?? namespace)),
  ].sort();
  const manifests: HarborObject[] = [];
  const skyshiftServices: SkyShiftService[] = [];
  const issues: Issue[] = [];
  for (const ns of namespaces) {
    for (const [apiVersion, kind] of APP_KINDS) {
      const ref = refFor(apiVersion, kind);
      if (ref === undefined) continue;
      const r = await management.list<KubeObject>(ref, ns);
      if (!r.ok) {
        if (r.status === 404) continue; // a kind this API server does not serve (batch/v1 CronJob before 1.21)
        return { ok: false, missing: false, message: `listing ${ref.plural} in ${ns}: ${r.status} ${r.reason}` };
      }
      for (const o of r.body.items) {
        const obj = { ...(o as HarborObject), apiVersion: apiVersionOf(ref), kind };
        if (kind === 'ConfigMap' && obj.metadata.labels?.[SKYSHIFT_SERVICE_LABEL] === 'true') {
          const s = serviceFromConfigMap(o);
          issues.push(...s.issues);
          if (s.service) skyshiftServices.push(s.service);
          continue;
        }
        manifests.push(obj);
      }
    }
    const secrets = await readReferencedSecrets(management, ns, manifests);
    if (!secrets.ok) return { ok: false, missing: false, message: secrets.message };
    manifests.push(...secrets.items);
  }
  return { ok: true, policy, manifests, skyshiftServices, issues };
}

/**
 * The Secrets in `namespace` that the pod specs of the workloads among `manifests` reference, read one by one
 * with get. A referenced Secret that does not exist is left out (the renderer reports the missing reference).
 */
async function readReferencedSecrets(
  management: KubeClient,
  namespace: string,
  manifests: readonly HarborObject[],
): Promise<{ ok: true; items: HarborObject[] } | { ok: false; message: string }> {
  const names = new Set<string>();
  for (const m of manifests) {
    if ((m.metadata.namespace ?? namespace) !== namespace || !(WORKLOAD_KINDS as readonly string[]).includes(m.kind)) continue;
    for (const r of configReferences(podTemplateOf(m)?.spec)) if (r.kind === 'Secret') names.add(r.name);
  }
  const ref = refFor('v1', 'Secret');
  if (ref === undefined || names.size === 0) return { ok: true, items: [] };
  const items: HarborObject[] = [];
  for (const name of [...names].sort()) {
    const r = await management.get<KubeObject>(ref, namespace, name);
    if (r.ok) items.push({ ...(r.body as HarborObject), apiVersion: 'v1', kind: 'Secret' });
    else if (r.status !== 404) return { ok: false, message: `reading Secret ${name} in ${namespace}: ${r.status} ${r.reason}` };
  }
  return { ok: true, items };
}
