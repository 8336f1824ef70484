/**
 * Sorts parsed documents into what Harbor renders from: the one Plan, the DeploymentPolicy it names, the
 * user's SkyShift Services, and every other Kubernetes object as the application's manifests. Validates
 * each skycluster object against its schema and each SkyShift Service against SkyShift's rules. Pure.
 */
import { isApproved, PlanSchema, type Plan } from '../api/plan.js';
import { DeploymentPolicySchema, type DeploymentPolicy } from '../api/policy.js';
import type { SkyShiftService } from '../api/skyshift-service.js';
import type { SourceDocument } from '../validate/documents.js';
import { shown, type Issue } from '../validate/issue.js';
import { zodIssuesToIssues } from '../validate/validate-object.js';
import type { KubeObject } from './kube-object.js';
import type { HarborInputs } from './render-harbor.js';
import { isSkyShiftService, readSkyShiftService } from './skyshift-service.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const SKYCLUSTER_GROUPS = ['core.skycluster.io', 'policy.skycluster.io'];

/** Options of {@link collectHarborInputs}. */
export interface CollectOptions {
  /** Warnings about SkyShift Services become errors. @default false */
  readonly strict?: boolean;
}

/** The inputs, when complete, with the plan's approval state; and every problem found. */
export interface CollectedInputs {
  readonly inputs?: HarborInputs;
  readonly approved: boolean;
  readonly issues: Issue[];
}

/** Reads documents into Harbor's inputs. */
export function collectHarborInputs(documents: readonly SourceDocument[], options: CollectOptions = {}): CollectedInputs {
  const issues: Issue[] = [];
  const plans: { plan: Plan; doc: SourceDocument }[] = [];
  const policies: DeploymentPolicy[] = [];
  const services: SkyShiftService[] = [];
  const manifests: KubeObject[] = [];
  for (const doc of documents) {
    const v = doc.value;
    if (!isRecord(v)) continue;
    const meta = isRecord(v['metadata']) ? v['metadata'] : {};
    const name = typeof meta['name'] === 'string' ? meta['name'] : '?';
    const base = { file: doc.file, document: doc.document, object: `${shown(String(v['kind'] ?? '?'))}/${shown(name)}` };
    if (isSkyShiftService(v)) {
      const r = readSkyShiftService(v, options);
      for (const i of r.issues) issues.push({ ...base, ...i });
      if (r.service) services.push(r.service);
      continue;
    }
    const apiVersion = typeof v['apiVersion'] === 'string' ? v['apiVersion'] : undefined;
    if (apiVersion === undefined || typeof v['kind'] !== 'string' || !isRecord(v['metadata']) || typeof meta['name'] !== 'string') {
      issues.push({
        ...base,
        severity: 'error',
        path: '',
        message: 'not a Kubernetes object (apiVersion, kind and metadata.name are needed) nor a SkyShift Service',
      });
      continue;
    }
    if (SKYCLUSTER_GROUPS.includes(apiVersion.split('/')[0] as string)) {
      if (v['kind'] === 'Plan') {
        const p = PlanSchema.safeParse(v, { reportInput: true });
        if (p.success) plans.push({ plan: p.data, doc });
        else issues.push(...zodIssuesToIssues(p.error, base));
      } else if (v['kind'] === 'DeploymentPolicy') {
        const p = DeploymentPolicySchema.safeParse(v, { reportInput: true });
        if (p.success) policies.push(p.data);
        else issues.push(...zodIssuesToIssues(p.error, base));
      }
      continue; // other skycluster kinds (DataflowPolicy, ProviderProfile, ...) are not deployed
    }
    manifests.push(v as KubeObject);
  }
  if (plans.length !== 1) {
    issues.push({
      severity: 'error',
      path: '',
      message:
        plans.length === 0
          ? 'no Plan among the inputs: give the approved plan (skycluster optimize -o yaml) with -f'
          : `${plans.length} Plans among the inputs; give one`,
    });
    return { approved: false, issues };
  }
  const { plan, doc } = plans[0] as { plan: Plan; doc: SourceDocument };
  const wanted = plan.spec.policyRefs.deploymentPolicy;
  const policy =
    policies.find((p) => p.metadata.name === wanted && (p.metadata.namespace ?? 'default') === (plan.metadata.namespace ?? 'default')) ??
    policies.find((p) => p.metadata.name === wanted);
  if (policy === undefined) {
    issues.push({
      file: doc.file,
      document: doc.document,
      object: `Plan/${plan.metadata.name}`,
      severity: 'error',
      path: 'spec.policyRefs.deploymentPolicy',
      message: `the plan was made from DeploymentPolicy ${JSON.stringify(wanted)}, which is not among the inputs (components' manifests and host packages come from it)`,
    });
    return { approved: isApproved(plan), issues };
  }
  return { inputs: { plan: plan.spec, policy, manifests, skyshiftServices: services }, approved: isApproved(plan), issues };
}
