/**
 * `skycluster plan show`: the Plan's placements and costs (the tables of `skycluster optimize`), its
 * approval, conditions, monthly cost and the diff against the approved revision. Pure: objects in, text out.
 */
import type { KubeObject } from '../../../controllers/runtime/kube-object.js';
import { approvalStateOf } from '../../../controllers/approval/approval-state.js';
import type { Plan } from '../../api/plan.js';
import { renderPlanTable } from '../render-plan.js';
import { formatColumns, usd } from './columns.js';
import { monthlyCostOf } from './get-tables.js';
import { renderPlanDiff, type StatusDiff } from './plan-diff.js';

interface ShownCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** One line on the approval. */
export function approvalLine(spec: Plan['spec']): string {
  const s = approvalStateOf(spec);
  switch (s.kind) {
    case 'approved':
      return `Approval: revision ${spec.revision} approved${s.by ? ` by ${s.by}` : ''}`;
    case 'rejected':
      return `Approval: revision ${spec.revision} rejected${s.by ? ` by ${s.by}` : ''}`;
    case 'outdated':
      return `Approval: outdated (given for revision ${s.approvedRevision ?? '?'}); revision ${spec.revision} awaits approval`;
    case 'awaiting':
      return `Approval: revision ${spec.revision} awaits approval`;
  }
}

/** The whole `plan show` text. */
export function renderPlanShow(plan: KubeObject, atlas: KubeObject | undefined): string {
  const p = plan as unknown as Plan;
  const status = (plan['status'] as { phase?: string; conditions?: ShownCondition[]; diff?: StatusDiff } | undefined) ?? {};
  const lines = [renderPlanTable(p)];
  const monthly = monthlyCostOf(plan);
  lines.push(`${status.phase ? `Phase: ${status.phase}; ` : ''}monthly cost ${monthly === undefined ? 'unknown' : usd(monthly)} (730 h)`);
  lines.push(approvalLine(p.spec));
  const conditions = status.conditions ?? [];
  lines.push(
    conditions.length === 0
      ? 'Conditions: none yet'
      : `Conditions:\n${formatColumns(
          ['TYPE', 'STATUS', 'REASON', 'MESSAGE'],
          conditions.map((c) => [c.type, c.status, c.reason, c.message]),
        )}`,
  );
  lines.push(
    renderPlanDiff(
      {
        name: plan.metadata?.name ?? '',
        namespace: plan.metadata?.namespace ?? '',
        spec: p.spec,
        ...(status.diff ? { statusDiff: status.diff } : {}),
      },
      atlas,
    ),
  );
  return lines.join('\n');
}
