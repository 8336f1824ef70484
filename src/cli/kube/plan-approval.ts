/**
 * `skycluster plan approve|reject`: the merge patch of spec.approval, bound to the plan's current inputHash
 * and revision and conditional on the resourceVersion read (a re-plan in between answers 409 instead of
 * approving something nobody looked at). Pure: the plan in, the patch or the refusal out.
 */
import type { KubeObject } from '../../../controllers/runtime/kube-object.js';
import { approvalStateOf } from '../../../controllers/approval/approval-state.js';
import type { PlanSpec } from '../../api/plan.js';

/** The outcome of approvalPatch. */
export type ApprovalPatch =
  | { readonly kind: 'patch'; readonly patch: Record<string, unknown>; readonly message: string }
  | { readonly kind: 'unchanged'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string };

/** Ready reasons that mean the spec is not a plan for the current inputs. */
const UNSOLVED = new Set(['Infeasible', 'SolverError']);
const UNSOLVED_PHASES = new Set(['Infeasible', 'NoSolution']);

const short = (hash: string): string => hash.slice(0, 12);

/**
 * Decides the approval (approve: true) or rejection of `plan` by `by`.
 * @param plan the Plan as read (its resourceVersion makes the patch conditional)
 */
export function approvalPatch(plan: KubeObject, approve: boolean, by: string): ApprovalPatch {
  const meta = plan.metadata ?? {};
  const id = `Plan ${meta.namespace}/${meta.name}`;
  const spec = plan['spec'] as PlanSpec | undefined;
  if (!spec || typeof spec.inputHash !== 'string' || typeof spec.revision !== 'number' || !spec.approval)
    return { kind: 'refused', message: `${id} has no spec.inputHash, spec.revision or spec.approval: not a Plan the operator wrote` };
  const status =
    (plan['status'] as { phase?: string; conditions?: { type: string; status: string; reason: string; message: string }[] } | undefined) ?? {};
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  if (approve && (UNSOLVED_PHASES.has(status.phase ?? '') || (ready?.status === 'False' && UNSOLVED.has(ready.reason))))
    return {
      kind: 'refused',
      message: `${id} has no plan for its current inputs (${ready ? `Ready=False ${ready.reason}: ${ready.message}` : `phase ${status.phase}`}); nothing to approve`,
    };
  if (approve && spec.placements.length === 0) return { kind: 'refused', message: `${id} places nothing; nothing to approve` };
  const state = approvalStateOf(spec);
  const rev = `revision ${spec.revision} (inputs ${short(spec.inputHash)})`;
  if (approve && state.kind === 'approved')
    return { kind: 'unchanged', message: `${id} ${rev} is already approved${state.by ? ` by ${state.by}` : ''}; nothing changed` };
  if (!approve && state.kind === 'rejected')
    return { kind: 'unchanged', message: `${id} ${rev} is already rejected${state.by ? ` by ${state.by}` : ''}; nothing changed` };
  return {
    kind: 'patch',
    patch: {
      metadata: { resourceVersion: meta.resourceVersion },
      spec: { approval: { approved: approve, approvedBy: by, inputHash: spec.inputHash, revision: spec.revision } },
    },
    message: approve
      ? `${id} ${rev} approved by ${by}; the operator applies its Atlas and Harbor`
      : `${id} ${rev} rejected by ${by}; its Atlas and Harbor stay as they were`,
  };
}
