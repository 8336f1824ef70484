/**
 * Whether a Plan's approval counts, and the Approved condition that says so. Pure. An approval counts only
 * when it was given for the plan's current inputHash and revision (isApproved in src/api/plan.ts); a
 * rejection is an approval record with approved: false for the current inputs.
 */
import { isApproved, type PLAN_REASONS, type PlanSpec } from '../../src/api/plan.js';
import type { ConditionInput } from '../runtime/index.js';

/** Any reason of a Plan condition. */
export type PlanConditionReason = (typeof PLAN_REASONS)[number];

/** What the approval of a plan amounts to. */
export type ApprovalState =
  | { readonly kind: 'approved'; readonly by?: string }
  | { readonly kind: 'rejected'; readonly by?: string }
  | { readonly kind: 'outdated'; readonly approvedRevision?: number; readonly approvedInputHash?: string }
  | { readonly kind: 'awaiting' };

const short = (hash: string | undefined): string => (hash ? hash.slice(0, 12) : 'none');

/** Classifies spec.approval against spec.inputHash and spec.revision. */
export function approvalStateOf(spec: Pick<PlanSpec, 'approval' | 'inputHash' | 'revision'>): ApprovalState {
  const a = spec.approval;
  const by = a.approvedBy !== undefined ? { by: a.approvedBy } : {};
  if (isApproved({ spec: spec as PlanSpec })) return { kind: 'approved', ...by };
  const current = a.inputHash === spec.inputHash && a.revision === spec.revision;
  if (!a.approved && a.approvedBy !== undefined && current) return { kind: 'rejected', ...by };
  if (a.approved)
    return {
      kind: 'outdated',
      ...(a.revision !== undefined ? { approvedRevision: a.revision } : {}),
      ...(a.inputHash !== undefined ? { approvedInputHash: a.inputHash } : {}),
    };
  return { kind: 'awaiting' };
}

/** The Approved condition for a plan that is not (or no longer) approved. */
export function unapprovedCondition(
  planName: string,
  spec: Pick<PlanSpec, 'approval' | 'inputHash' | 'revision'>,
  state: Exclude<ApprovalState, { kind: 'approved' }>,
  generation: number | undefined,
): ConditionInput<'Approved', PlanConditionReason> {
  const base = { type: 'Approved' as const, status: 'False' as const, ...(generation !== undefined ? { observedGeneration: generation } : {}) };
  const how = `skycluster plan approve ${planName}`;
  switch (state.kind) {
    case 'rejected':
      return {
        ...base,
        reason: 'Rejected',
        message: `revision ${spec.revision} was rejected${state.by ? ` by ${state.by}` : ''}; Atlas and Harbor are left as they were`,
      };
    case 'outdated':
      return {
        ...base,
        reason: 'ApprovalOutdated',
        message:
          `the approval was given for revision ${state.approvedRevision ?? '?'} (inputs ${short(state.approvedInputHash)}); ` +
          `the plan is now revision ${spec.revision} (inputs ${short(spec.inputHash)}): approve again (${how}); Atlas and Harbor are left as they were`,
      };
    case 'awaiting':
      return { ...base, reason: 'AwaitingApproval', message: `revision ${spec.revision} awaits approval (${how})` };
  }
}
