/**
 * Keeps a Plan object within what the API server stores: etcd refuses requests over 1.5 MiB by default, so a
 * Plan a controller writes must stay under PLAN_BYTE_BUDGET (1 MiB, leaving room for managedFields and
 * metadata). What gives way first is run data: the per-placement explanations in status move out of the
 * object (the caller writes them elsewhere, e.g. a ConfigMap named in the returned note) and status says so.
 * The spec, what a user approves, is never cut. Pure.
 * Measured with benchmarks/plan-size.ts (docs/optimizer.md "Plan size").
 */
import type { Explanation, Plan } from '../../src/api/plan.js';

/** The most bytes of JSON a Plan object may take. */
export const PLAN_BYTE_BUDGET = 1024 * 1024;

/** The outcome of fitting a plan to the budget. */
export interface FittedPlan {
  readonly plan: Plan;
  /** Explanations taken out of status (empty when the plan fitted as it was). */
  readonly overflow: readonly Explanation[];
  /** Bytes of the returned plan as JSON. */
  readonly bytes: number;
  /** False when even without explanations the plan passes the budget (its spec alone is too large). */
  readonly fits: boolean;
}

const sizeOf = (plan: Plan): number => Buffer.byteLength(JSON.stringify(plan), 'utf8');

/**
 * Returns the plan unchanged when it fits; otherwise the plan without status.explanations, with a note in
 * status.issues saying where they went.
 * @param overflowRef where the caller will keep the explanations, for the note (e.g. `ConfigMap/shop-plan-explanations`)
 */
export function fitPlanToBudget(plan: Plan, overflowRef: string, budget: number = PLAN_BYTE_BUDGET): FittedPlan {
  const bytes = sizeOf(plan);
  const explanations = plan.status?.explanations ?? [];
  if (bytes <= budget || explanations.length === 0) return { plan, overflow: [], bytes, fits: bytes <= budget };
  const note = {
    severity: 'note' as const,
    code: 'ExplanationsMoved',
    object: `Plan/${plan.metadata.name}`,
    path: 'status.explanations',
    message: `${explanations.length} explanation(s) moved to ${overflowRef}: the Plan would take ${bytes} bytes, over the ${budget}-byte budget`,
  };
  const { explanations: _moved, ...rest } = plan.status ?? {};
  const trimmed: Plan = { ...plan, status: { ...rest, issues: [...(rest.issues ?? []), note] } };
  const after = sizeOf(trimmed);
  return { plan: trimmed, overflow: explanations, bytes: after, fits: after <= budget };
}
