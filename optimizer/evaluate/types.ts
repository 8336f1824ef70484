/**
 * Result types of the independent plan evaluator (see docs/placement-semantics.md for what they mean).
 *
 * This directory shares no code with the optimizer's model builder: it reads only the policy API
 * (src/api) and the Catalog interface (src/catalog/types.ts), so that it can check the builder's plans.
 */
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import type { Placement } from '../../src/api/plan.js';
import type { Catalog } from '../../src/catalog/types.js';

/** Stable names of the rules a plan can break. */
export const VIOLATION_RULES = [
  'unknown-site',
  'unknown-zone',
  'unknown-flavor',
  'not-offered-in-zone',
  'permitted',
  'required',
  'residency',
  'profile',
  'too-few-nodes',
  'oversized',
  'spot-not-allowed',
  'price-mismatch',
  'duplicate-zone',
  'max-locations',
  'no-placement',
  'latency',
  'quota-vcpus',
  'quota-gpus',
  'spread-regions',
  'spread-providers',
  'budget',
  'unknown-component',
] as const;

/** One of {@link VIOLATION_RULES}. */
export type ViolationRule = (typeof VIOLATION_RULES)[number];

/** One broken rule. `component` names the component concerned, `edge` the index of a data dependency. */
export interface Violation {
  readonly rule: ViolationRule;
  readonly component?: string;
  readonly edge?: number;
  readonly message: string;
}

/** Input of {@link evaluatePlan}: the policies, the placements to judge, the catalog and the horizon. */
export interface EvaluationInput {
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy?: DataflowPolicy;
  readonly placements: readonly Placement[];
  readonly catalog: Catalog;
  /** Hours over which costs are summed (the plan's horizonHours). */
  readonly horizonHours: number;
  /**
   * The churn term: a placement whose component has placements in `previous` but none in its
   * platform/region/zone costs `costPerMoveUsd` once; a component absent from `previous` costs nothing.
   */
  readonly migration?: { readonly previous: { readonly spec: { readonly placements: readonly Placement[] } }; readonly costPerMoveUsd: number };
}

/** Cost totals over the horizon, USD. totalUsd = computeUsd + clusterFeesUsd + transferUsd + migrationUsd. */
export interface EvaluatedCosts {
  readonly computeUsd: number;
  readonly clusterFeesUsd: number;
  readonly transferUsd: number;
  /** Moves charged by the input's migration term (0 without one); not counted against the budget. */
  readonly migrationUsd: number;
  readonly totalUsd: number;
}

/** Costs attributed to one component (its placements' compute and their shares of the cluster fees). */
export interface ComponentCost {
  readonly component: string;
  readonly computeUsd: number;
  readonly clusterFeeShareUsd: number;
}

/** One opened cluster: a site (`platform/region`) hosting at least one placement. */
export interface EvaluatedCluster {
  readonly site: string;
  /** Control-plane fee plus gatewayUsd. */
  readonly feeUsd: number;
  /** The WireGuard gateway's cost over the horizon (0 when the site is at the end of no tunnel). */
  readonly gatewayUsd: number;
  /** Components with a placement in the site, sorted, without repeats. */
  readonly components: readonly string[];
}

/** One priced flow from a placement of `from` to the placement of `to` it sends its data to. */
export interface EvaluatedTransfer {
  readonly from: string;
  readonly to: string;
  /** `platform/region/zone` of the sending placement. */
  readonly fromSite: string;
  /** `platform/region/zone` of the receiving placement. */
  readonly toSite: string;
  readonly volumeGB: number;
  readonly usdPerGB: number;
  readonly costUsd: number;
  /** Egress rule of the catalog that priced the flow. */
  readonly rule: string;
  /** Round-trip time between the two sites; Infinity when the catalog has no figure. */
  readonly rttMs: number;
  readonly rttEstimated: boolean;
  readonly latencyBoundMs?: number;
  /** Index of the data dependency in the DataflowPolicy. */
  readonly edge: number;
}

/** What {@link evaluatePlan} found: recomputed costs and every broken rule. */
export interface Evaluation {
  readonly costs: EvaluatedCosts;
  readonly perComponent: readonly ComponentCost[];
  readonly clusters: readonly EvaluatedCluster[];
  readonly transfers: readonly EvaluatedTransfer[];
  readonly violations: readonly Violation[];
}
