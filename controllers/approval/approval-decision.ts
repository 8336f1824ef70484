/**
 * The approval gate's decision, pure: from a Plan (as read), the Atlas objects in the cluster (their CIDR
 * blocks stay reserved), the catalog and the sites' Secret references, either the Atlas and Harbor to apply
 * (both named like the application, controller-owned by the Plan) with Approved=True, or no write at all to
 * Atlas/Harbor and Approved=False with the reason. Nothing here reads a clock, the environment or the network.
 */
import type { Atlas } from '../../src/api/atlas.js';
import { PlanSpecSchema, type Plan } from '../../src/api/plan.js';
import { renderAtlases, type SiteSecrets } from '../../src/atlas/render-atlas.js';
import { previousCidrs } from '../../src/atlas/site-secrets.js';
import type { Catalog } from '../../src/catalog/types.js';
import { formatIssue, formatPath, type Issue } from '../../src/validate/issue.js';
import { controllerReference, LABELS, MANAGED_BY_VALUE, type ConditionInput, type KubeObject } from '../runtime/index.js';
import { derivedObjectName } from './derived-name.js';
import { approvalStateOf, unapprovedCondition, type PlanConditionReason } from './approval-state.js';

export { derivedObjectName } from './derived-name.js';

/** What the gate reads for one Plan. */
export interface ApprovalInput {
  /** The Plan as read from the API server (apiVersion, kind, name, namespace and uid present). */
  readonly plan: KubeObject;
  /** Every Atlas in the cluster (all applications), for their recorded CIDR blocks. */
  readonly atlases: readonly KubeObject[];
  /** Offerings to check the planned flavors against (bundled + registered); absent: the catalog is unusable. */
  readonly catalog: Pick<Catalog, 'offerings'> | undefined;
  /** Issues that made the catalog unusable (shown when `catalog` is absent). */
  readonly catalogIssues?: readonly Issue[];
  /** Secret references per site (from the ProviderProfiles). */
  readonly secrets?: (platform: string, region: string) => SiteSecrets | undefined;
}

/** The Approved condition the gate writes. */
export type ApprovedCondition = ConditionInput<'Approved', PlanConditionReason>;

/** The decision for one Plan. */
export type ApprovalDecision =
  /** Approved: apply both objects, then set Approved=True. */
  | { readonly kind: 'apply'; readonly atlas: KubeObject; readonly harbor: KubeObject; readonly condition: ApprovedCondition }
  /** Not approved (awaiting, rejected, outdated): touch nothing but the condition. */
  | { readonly kind: 'hold'; readonly condition: ApprovedCondition }
  /** Approved, but no Atlas can be derived: the condition names the first problem; not retried until the Plan changes. */
  | { readonly kind: 'invalid'; readonly condition: ApprovedCondition; readonly issues: readonly Issue[] };

/** Labels on the objects the gate derives. */
function derivedLabels(application: string, planName: string): Record<string, string> {
  return { [LABELS.appId]: application, [LABELS.plan]: planName, [LABELS.managedBy]: MANAGED_BY_VALUE };
}

function invalid(generation: number | undefined, issues: readonly Issue[]): ApprovalDecision {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return {
    kind: 'invalid',
    issues,
    condition: {
      type: 'Approved',
      status: 'False',
      reason: 'InvalidPlan',
      message: `approved, but no Atlas can be derived: ${first ? formatIssue(first) : 'unknown problem'}${more}`,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    },
  };
}

/** Decides what the gate does for one Plan (see the module comment). */
export function decideApproval(input: ApprovalInput): ApprovalDecision {
  const meta = input.plan.metadata ?? {};
  const name = meta.name ?? '';
  const generation = meta.generation;
  const object = `Plan/${name}`;
  const parsed = PlanSpecSchema.safeParse(input.plan['spec']);
  if (!parsed.success)
    return invalid(
      generation,
      parsed.error.issues.map((zi) => ({ severity: 'error', object, path: formatPath(['spec', ...zi.path]), message: zi.message })),
    );
  const spec = parsed.data;
  const state = approvalStateOf(spec);
  if (state.kind !== 'approved') return { kind: 'hold', condition: unapprovedCondition(name, spec, state, generation) };
  if (!input.catalog)
    return invalid(
      generation,
      input.catalogIssues?.length ? input.catalogIssues : [{ severity: 'error', object: 'catalog', path: '', message: 'no catalog' }],
    );

  const plan = {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Plan',
    metadata: { name, ...(meta.namespace ? { namespace: meta.namespace } : {}) },
    spec,
  } as Plan;
  const rendered = renderAtlases([plan], {
    catalog: input.catalog,
    previous: previousCidrs(input.atlases.flatMap((a) => (isAtlasWithClusters(a) ? [a] : []))),
    ...(input.secrets ? { secrets: input.secrets } : {}),
  });
  const errors = rendered.issues.filter((i) => i.severity === 'error');
  const atlas = rendered.atlases[0];
  if (errors.length > 0 || !atlas) return invalid(generation, errors);

  const owner = controllerReference(input.plan);
  const objectName = derivedObjectName(spec.application);
  const metadata = (): KubeObject['metadata'] => ({
    name: objectName,
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
    labels: derivedLabels(spec.application, name),
    ownerReferences: [owner],
  });
  const warnings = rendered.issues.filter((i) => i.severity === 'warning');
  const by = state.by ? ` by ${state.by}` : '';
  return {
    kind: 'apply',
    atlas: { apiVersion: atlas.apiVersion, kind: atlas.kind, metadata: metadata(), spec: atlas.spec },
    harbor: { apiVersion: 'core.skycluster.io/v1alpha1', kind: 'Harbor', metadata: metadata(), spec: { planRef: { name } } },
    condition: {
      type: 'Approved',
      status: 'True',
      reason: 'ApprovedByUser',
      message: `revision ${spec.revision} approved${by}; Atlas and Harbor ${objectName} applied${warnings.length > 0 ? `; warning: ${formatIssue(warnings[0]!)}` : ''}`,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    },
  };
}

/** An Atlas read from the cluster with the clusters list the CIDR reader needs (anything else is skipped). */
function isAtlasWithClusters(o: KubeObject): o is KubeObject & Pick<Atlas, 'spec'> {
  const spec = o['spec'] as { clusters?: unknown } | undefined;
  return Array.isArray(spec?.clusters);
}
