/**
 * core.skycluster.io/v1alpha1 Plan: the optimizer's result for one application.
 *
 * The spec holds only what the planner or a user decides: the placements (with stable ids), clusters,
 * priced transfers, costs, the hash of the inputs the plan was made from, its revision and the approval.
 * Run data (solver verdict, wall time, explanations, issues) lives in status, so a re-solve that reaches the
 * same placements changes nothing a user approved. Atlas and Harbor are derived from an approved Plan.
 */
import { z } from 'zod';
import { conditionsSchema, kindSchema } from './common.js';
import { ExecutionEnvironmentSchema } from './policy.js';

export const SolverStatusSchema = z.enum(['Optimal', 'Feasible', 'Infeasible', 'TimedOut', 'Error']);
export type SolverStatus = z.infer<typeof SolverStatusSchema>;

/** One placement of a component: a zone, a flavor and a node count. */
export const PlacementSchema = z.strictObject({
  id: z.string().min(1).describe('Stable id `component@platform/region/zone`; Atlas and Harbor key on it.'),
  component: z.string().min(1),
  platform: z.string().min(1),
  region: z.string().min(1),
  zone: z.string().min(1),
  siteKind: z.enum(['cloud', 'onprem']),
  flavor: z.string().min(1).describe('Provider flavor name.'),
  nameLabel: z.string().describe('Compute profile label of the flavor, e.g. 4vCPU-16GB.'),
  nodes: z.number().int().positive(),
  spot: z.boolean(),
  vcpusPerNode: z.number().nonnegative(),
  ramGiBPerNode: z.number().nonnegative(),
  gpuModel: z.string().optional(),
  gpusPerNode: z.number().nonnegative().describe('GPUs per node; fractional for shared GPUs (GCP 0.25, Azure 1/3).'),
  priceUsdHr: z.number().nonnegative().describe('Price of one node per hour (spot or on-demand as chosen).'),
  requiredGroups: z.array(z.number().int().nonnegative()).describe('Indices of the required[] groups this placement satisfies.'),
  computeUsd: z.number().nonnegative().describe('priceUsdHr x nodes x horizon.'),
  clusterFeeShareUsd: z.number().nonnegative().describe('Share of the cluster fee of its site, split evenly over placements there.'),
});
export type Placement = z.infer<typeof PlacementSchema>;

/** One priced data flow between two placements. */
export const TransferSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  fromSite: z.string().describe('platform/region/zone of the sending placement.'),
  toSite: z.string().describe('platform/region/zone of the receiving placement.'),
  volumeGB: z.number().nonnegative(),
  usdPerGB: z.number().nonnegative(),
  costUsd: z.number().nonnegative(),
  rule: z.string().describe('Egress rule that priced it (same-zone, skyplane-grid, internet-tier, ...).'),
  rttMs: z.number().nonnegative(),
  rttEstimated: z.boolean(),
  latencyBoundMs: z.number().nonnegative().optional(),
});
export type Transfer = z.infer<typeof TransferSchema>;

/** A fixed cost per opened cluster (one per site hosting at least one placement), its gateway included. */
export const ClusterCostSchema = z.strictObject({
  name: z.string().min(1).max(63).describe('Stable DNS-1123 name of the cluster (application, platform, region).'),
  site: z.string().describe('platform/region.'),
  platform: z.string().min(1),
  region: z.string().min(1),
  siteKind: z.enum(['cloud', 'onprem']),
  feeUsd: z.number().nonnegative().describe('Fixed cost of the site over the horizon: the control-plane fee (Kubernetes mode) plus gatewayUsd.'),
  gatewayUsd: z
    .number()
    .nonnegative()
    .optional()
    .describe(
      'Part of feeUsd paid for the WireGuard gateway the site runs because its components exchange data with another cloud or an on-prem site; absent when it runs none.',
    ),
  components: z.array(z.string()),
});

export const CostBreakdownSchema = z.strictObject({
  computeUsd: z.number().nonnegative(),
  clusterFeesUsd: z.number().nonnegative(),
  transferUsd: z.number().nonnegative(),
  migrationUsd: z
    .number()
    .nonnegative()
    .optional()
    .describe('Migration cost of the placements that moved from the previous plan (a re-plan with a churn term); included in totalUsd.'),
  totalUsd: z.number().nonnegative().describe('compute + cluster fees + transfer (+ migration when present).'),
});
export type CostBreakdown = z.infer<typeof CostBreakdownSchema>;

/** Why a component sits where it does. */
export const ExplanationSchema = z.strictObject({
  component: z.string(),
  message: z.string(),
  binding: z.array(z.string()).describe('Policy paths of the constraints that bind, if any.'),
  alternative: z.string().optional().describe('The next-cheapest alternative site, if one exists.'),
  alternativeExtraUsd: z.number().optional().describe('Cost change of moving this one placement to the alternative, all else fixed.'),
});
export type Explanation = z.infer<typeof ExplanationSchema>;

/** The solver's verdict on the plan: run data, in status. */
export const SolverSummarySchema = z.strictObject({
  name: z.string(),
  status: SolverStatusSchema,
  provenOptimal: z.boolean().describe('True only when the gap is zero to solver tolerance.'),
  objectiveUsd: z.number().optional(),
  boundUsd: z.number().optional().describe('Proven lower bound on the cost of any plan.'),
  gap: z.number().optional().describe('Relative gap of the returned plan against the bound (0 = proven optimal).'),
  wallSec: z.number().nonnegative(),
  timeLimitSec: z.number().positive(),
  mipGap: z.number().nonnegative(),
});
export type SolverSummary = z.infer<typeof SolverSummarySchema>;

/** A message about the plan's inputs or solve, in the issue shape of src/validate/issue.ts. */
export const PlanIssueSchema = z.strictObject({
  severity: z.enum(['error', 'warning', 'note']),
  code: z.string().optional(),
  object: z.string().describe('Kind/name of the object the message is about.'),
  path: z.string().describe('Field path in that object, e.g. spec.deploymentPolicies[3].locationConstraint.'),
  message: z.string(),
});

/** A user's approval, bound to the inputs and revision it was given for. */
export const ApprovalSchema = z.strictObject({
  approved: z.boolean().describe('Atlas and Harbor act only on an approved plan. @default false'),
  approvedBy: z.string().optional(),
  inputHash: z.string().optional().describe('spec.inputHash the approval was given for; a different hash voids it.'),
  revision: z.number().int().positive().optional().describe('spec.revision the approval was given for; a different revision voids it.'),
});

export const PlanSpecSchema = z.strictObject({
  application: z.string().min(1).describe('Application id (label skycluster.io/app-id, or the policy name).'),
  policyRefs: z.strictObject({
    deploymentPolicy: z.string(),
    dataflowPolicy: z.string().optional(),
  }),
  executionEnvironment: ExecutionEnvironmentSchema.describe('Kubernetes clusters with node pools, or plain instances. @default Kubernetes'),
  horizonHours: z.number().positive(),
  currency: z.literal('USD'),
  inputHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('SHA-256 of the inputs the plan was made from (policies, catalog version, options).'),
  revision: z.number().int().positive().describe('Starts at 1; a new revision whenever the placements change.'),
  approval: ApprovalSchema,
  placements: z.array(PlacementSchema),
  transfers: z.array(TransferSchema),
  clusters: z.array(ClusterCostSchema),
  costs: CostBreakdownSchema,
  catalogSources: z.array(z.strictObject({ id: z.string(), date: z.string() })).describe('Provenance of the prices used.'),
});
export type PlanSpec = z.infer<typeof PlanSpecSchema>;

export const PLAN_CONDITION_TYPES = ['Ready', 'Approved'] as const;
export const PLAN_REASONS = [
  'Solved',
  'NotProvenOptimal',
  'Infeasible',
  'SolverError',
  'AwaitingApproval',
  'ApprovedByUser',
  // Approved=False, set by the approval gate (controllers/approval): rejected, approved for older inputs, or no Atlas derivable.
  'Rejected',
  'ApprovalOutdated',
  'InvalidPlan',
] as const;
/** Where a Plan stands: solved and waiting for approval, approved, or its current inputs have no plan. */
export const PLAN_PHASES = ['AwaitingApproval', 'Approved', 'Infeasible', 'NoSolution'] as const;

/** What a re-solve changed against the Plan revision it replaced (optimizer/plan/revise.ts diffPlans). */
export const PlanRevisionDiffSchema = z.strictObject({
  fromRevision: z.number().int().positive().describe('spec.revision of the Plan this one was compared with.'),
  fromInputHash: z.string().describe('spec.inputHash of that Plan.'),
  moved: z.array(z.string()).describe('Components whose placements (id, flavor, nodes, spot) changed, sorted.'),
  added: z.array(z.string()).describe('Components only in the new Plan.'),
  removed: z.array(z.string()).describe('Components only in the previous Plan.'),
  costDeltaUsd: z.number().describe('New spec.costs.totalUsd minus the previous one (includes costs.migrationUsd when charged).'),
  migrationUsd: z.number().nonnegative().optional().describe('One-time migration cost charged for the moves (a re-plan against an approved Plan).'),
});
export type PlanRevisionDiff = z.infer<typeof PlanRevisionDiffSchema>;

export const PlanStatusSchema = z.strictObject({
  observedGeneration: z.number().int().nonnegative().optional().describe('metadata.generation the status was computed for.'),
  phase: z
    .enum(PLAN_PHASES)
    .optional()
    .describe('AwaitingApproval, Approved, Infeasible or NoSolution (the current inputs have no plan; the spec is the last one found).'),
  monthlyCostUsd: z.number().nonnegative().optional().describe('Recurring cost (spec.costs.totalUsd without migrationUsd) per 730 hours, USD.'),
  diff: PlanRevisionDiffSchema.optional().describe('What the last re-solve changed against the Plan it replaced.'),
  conditions: conditionsSchema(PLAN_CONDITION_TYPES, PLAN_REASONS).optional(),
  solver: SolverSummarySchema.optional(),
  explanations: z.array(ExplanationSchema).optional(),
  issues: z.array(PlanIssueSchema).optional().describe('Notes and warnings of the solve; the conflicting policy lines when infeasible.'),
});
export type PlanStatus = z.infer<typeof PlanStatusSchema>;

export const PlanSchema = kindSchema('core.skycluster.io/v1alpha1', 'Plan', PlanSpecSchema, PlanStatusSchema);
export type Plan = z.infer<typeof PlanSchema>;

/** True when the plan carries an approval given for exactly its current inputs and revision. */
export function isApproved(plan: Pick<Plan, 'spec'>): boolean {
  const a = plan.spec.approval;
  return a.approved && a.inputHash === plan.spec.inputHash && a.revision === plan.spec.revision;
}
