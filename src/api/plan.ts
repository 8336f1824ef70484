/**
 * core.skycluster.io/v1alpha1 Plan: the optimizer's result for one application. The spec holds the chosen
 * placement per component, the cost breakdown, the solver's verdict and the approval; Atlas and Harbor are
 * derived from an approved Plan.
 */
import { z } from 'zod';
import { conditionSchema, kindSchema } from './common.js';

export const SolverStatusSchema = z.enum(['Optimal', 'Feasible', 'Infeasible', 'TimedOut', 'Error']);
export type SolverStatus = z.infer<typeof SolverStatusSchema>;

/** One placement of a component: a zone, a flavor and a node count. */
export const PlacementSchema = z.strictObject({
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
  gpusPerNode: z.number().int().nonnegative(),
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

/** A fixed cost per opened cluster (one per site hosting at least one placement). */
export const ClusterCostSchema = z.strictObject({
  site: z.string().describe('platform/region.'),
  feeUsd: z.number().nonnegative(),
  components: z.array(z.string()),
});

export const CostBreakdownSchema = z.strictObject({
  computeUsd: z.number().nonnegative(),
  clusterFeesUsd: z.number().nonnegative(),
  transferUsd: z.number().nonnegative(),
  totalUsd: z.number().nonnegative(),
});
export type CostBreakdown = z.infer<typeof CostBreakdownSchema>;

/** Why a component sits where it does. */
export const ExplanationSchema = z.strictObject({
  component: z.string(),
  message: z.string(),
  binding: z.array(z.string()).describe('Policy paths of the constraints that bind, if any.'),
  alternative: z.string().optional().describe('The next-cheapest alternative site, if one exists.'),
  alternativeExtraUsd: z.number().optional().describe('How much more the whole plan would cost with that alternative.'),
});
export type Explanation = z.infer<typeof ExplanationSchema>;

export const PlanSpecSchema = z.strictObject({
  application: z.string().min(1).describe('Application id (label skycluster.io/app-id, or the policy name).'),
  policyRefs: z.strictObject({
    deploymentPolicy: z.string(),
    dataflowPolicy: z.string().optional(),
  }),
  horizonHours: z.number().positive(),
  currency: z.literal('USD'),
  approval: z.strictObject({
    approved: z.boolean().describe('Atlas and Harbor act only on an approved plan. @default false'),
    approvedBy: z.string().optional(),
  }),
  solver: z.strictObject({
    name: z.string(),
    status: SolverStatusSchema,
    provenOptimal: z.boolean(),
    objectiveUsd: z.number().optional(),
    boundUsd: z.number().optional(),
    gap: z.number().optional().describe('Relative MIP gap of the returned plan (0 = proven optimal).'),
    wallSec: z.number().nonnegative(),
    timeLimitSec: z.number().positive(),
    mipGap: z.number().nonnegative(),
  }),
  placements: z.array(PlacementSchema),
  transfers: z.array(TransferSchema),
  clusters: z.array(ClusterCostSchema),
  costs: CostBreakdownSchema,
  explanations: z.array(ExplanationSchema),
  catalogSources: z.array(z.strictObject({ id: z.string(), date: z.string() })).describe('Provenance of the prices used.'),
});
export type PlanSpec = z.infer<typeof PlanSpecSchema>;

export const PLAN_CONDITION_TYPES = ['Ready', 'Approved'] as const;
export const PLAN_REASONS = ['Solved', 'NotProvenOptimal', 'Infeasible', 'SolverError', 'AwaitingApproval', 'ApprovedByUser'] as const;
export const PlanStatusSchema = z.strictObject({
  conditions: z.array(conditionSchema(PLAN_CONDITION_TYPES, PLAN_REASONS)).optional(),
});

export const PlanSchema = kindSchema('core.skycluster.io/v1alpha1', 'Plan', PlanSpecSchema, PlanStatusSchema);
export type Plan = z.infer<typeof PlanSchema>;
