/**
 * The tables of `skycluster get policies|plans|atlases|harbors`: one row per object with the columns a user
 * looks for (application, phase/ready, monthly cost, revision, approval). Pure: objects and now in, text out.
 */
import type { KubeObject } from '../../../controllers/runtime/kube-object.js';
import { approvalStateOf } from '../../../controllers/approval/approval-state.js';
import type { PlanSpec } from '../../api/plan.js';
import { age, formatColumns, usd } from './columns.js';

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

const conditions = (o: KubeObject): Condition[] => ((o['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? []).filter(Boolean);
const conditionOf = (o: KubeObject, type: string): Condition | undefined => conditions(o).find((c) => c.type === type);
/** `True`, `False (Reason)` or `-`. */
const shownCondition = (o: KubeObject, type: string): string => {
  const c = conditionOf(o, type);
  if (!c) return '-';
  return c.status === 'True' || !c.reason ? c.status : `${c.status} (${c.reason})`;
};
const appOf = (o: KubeObject): string => o.metadata?.labels?.['skycluster.io/app-id'] ?? '-';
const spec = <T>(o: KubeObject): Partial<T> => (o['spec'] as Partial<T> | undefined) ?? {};

/** Hours in the month the monthly figures use (as status.monthlyCostUsd does). */
export const HOURS_PER_MONTH = 730;

/** The plan's monthly cost: status.monthlyCostUsd, else costs.totalUsd scaled from the horizon to 730 h. */
export function monthlyCostOf(plan: KubeObject): number | undefined {
  const st = (plan['status'] as { monthlyCostUsd?: number } | undefined)?.monthlyCostUsd;
  if (typeof st === 'number') return st;
  const s = spec<PlanSpec>(plan);
  if (!s.costs || !s.horizonHours) return undefined;
  return (s.costs.totalUsd * HOURS_PER_MONTH) / s.horizonHours;
}

/** `yes`, `no`, `rejected` or `outdated` (approved for other inputs or another revision): the gate's own reading. */
export function approvalOf(plan: KubeObject): string {
  const s = spec<PlanSpec>(plan);
  if (!s.approval) return 'no';
  const state = approvalStateOf(s as PlanSpec);
  return { approved: 'yes', rejected: 'rejected', outdated: 'outdated', awaiting: 'no' }[state.kind];
}

/** The phase column: status.phase when the policy controller wrote one, else the Ready condition's reason. */
function phaseOf(plan: KubeObject): string {
  const phase = (plan['status'] as { phase?: string } | undefined)?.phase;
  return phase ?? conditionOf(plan, 'Ready')?.reason ?? '-';
}

/** What `get` can list. */
export type GetResource = 'policies' | 'plans' | 'atlases' | 'harbors';

/** The table of `objects` of one resource (with a NAMESPACE column when listing all namespaces). */
export function renderGetTable(resource: GetResource, objects: readonly KubeObject[], nowMs: number, allNamespaces: boolean): string {
  const nsHead = allNamespaces ? ['NAMESPACE'] : [];
  const nsCell = (o: KubeObject): string[] => (allNamespaces ? [o.metadata?.namespace ?? ''] : []);
  const name = (o: KubeObject): string => o.metadata?.name ?? '';
  const created = (o: KubeObject): string => age(o.metadata?.creationTimestamp, nowMs);
  switch (resource) {
    case 'policies':
      return formatColumns(
        [...nsHead, 'KIND', 'NAME', 'APP', 'PHASE', 'READY', 'MONTHLY COST', 'AGE'],
        objects.map((o) => {
          // The policy controller writes phase and monthlyCostUsd on the DeploymentPolicy only.
          const st = (o['status'] as { phase?: string; monthlyCostUsd?: number } | undefined) ?? {};
          return [
            ...nsCell(o),
            o.kind ?? '',
            name(o),
            appOf(o),
            st.phase ?? '-',
            shownCondition(o, 'Ready'),
            st.monthlyCostUsd === undefined ? '-' : usd(st.monthlyCostUsd),
            created(o),
          ];
        }),
      );
    case 'plans':
      return formatColumns(
        [...nsHead, 'NAME', 'APP', 'PHASE', 'READY', 'MONTHLY COST', 'REVISION', 'APPROVED', 'AGE'],
        objects.map((o) => {
          const s = spec<PlanSpec>(o);
          const monthly = monthlyCostOf(o);
          return [
            ...nsCell(o),
            name(o),
            s.application ?? appOf(o),
            phaseOf(o),
            shownCondition(o, 'Ready'),
            monthly === undefined ? '-' : usd(monthly),
            s.revision !== undefined ? String(s.revision) : '-',
            approvalOf(o),
            created(o),
          ];
        }),
      );
    case 'atlases':
      return formatColumns(
        [...nsHead, 'NAME', 'APP', 'PLAN', 'REVISION', 'CLUSTERS', 'READY', 'AGE'],
        objects.map((o) => {
          const s = spec<{ application: string; planRef: { name: string; revision?: number }; clusters: unknown[] }>(o);
          return [
            ...nsCell(o),
            name(o),
            s.application ?? appOf(o),
            s.planRef?.name ?? '-',
            s.planRef?.revision !== undefined ? String(s.planRef.revision) : '-',
            String(s.clusters?.length ?? 0),
            shownCondition(o, 'Ready'),
            created(o),
          ];
        }),
      );
    case 'harbors':
      return formatColumns(
        [...nsHead, 'NAME', 'APP', 'PLAN', 'READY', 'AGE'],
        objects.map((o) => [
          ...nsCell(o),
          name(o),
          appOf(o),
          spec<{ planRef: { name: string } }>(o).planRef?.name ?? '-',
          shownCondition(o, 'Ready'),
          created(o),
        ]),
      );
  }
}
