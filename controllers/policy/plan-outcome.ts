/**
 * The pure decisions after a solve: the Plan object to apply (spec by server-side apply, owned by both
 * policies, revision and approval carried over by reviseAgainst, auto-approval when the policy allows it),
 * its status (phase, monthly cost, diff, Ready) and the DeploymentPolicy's status. `now` is read at the edge.
 */
import { isApproved, type Plan, type PlanRevisionDiff, type PlanStatus } from '../../src/api/plan.js';
import type { PolicyStatusSchema } from '../../src/api/policy.js';
import { formatIssue, type Issue } from '../../src/validate/issue.js';
import { reviseAgainst, type PlanDiff } from '../../optimizer/plan/revise.js';
import { ANNOTATIONS, LABELS, setCondition, type KubeObject, type OwnerReference } from '../runtime/index.js';
import type { PlanningSettings } from './planning-settings.js';
import type { z } from 'zod';

/** The DeploymentPolicy status as the schema types it. */
export type PolicyStatus = z.infer<typeof PolicyStatusSchema>;

/** Hours in the month the monthly cost is quoted for (the default cost horizon). */
export const HOURS_PER_MONTH = 730;

/** Who approves when spec.planning.autoApprove does. */
export const AUTO_APPROVER = 'skycluster-controller (spec.planning.autoApprove)';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The recurring cost of a plan per 730 hours (the one-time migration charge left out). */
export function monthlyCostUsd(spec: Pick<Plan['spec'], 'costs' | 'horizonHours'>): number {
  const recurring = spec.costs.totalUsd - (spec.costs.migrationUsd ?? 0);
  return round2((Math.max(0, recurring) * HOURS_PER_MONTH) / spec.horizonHours);
}

/** The owner references of a Plan: the DeploymentPolicy as controller, the DataflowPolicy as a second owner. */
export function planOwners(deploymentPolicy: KubeObject, dataflowPolicy?: KubeObject): OwnerReference[] {
  const ref = (o: KubeObject, controller: boolean): OwnerReference => ({
    apiVersion: o.apiVersion ?? 'policy.skycluster.io/v1alpha1',
    kind: o.kind ?? '',
    name: o.metadata?.name ?? '',
    uid: o.metadata?.uid ?? '',
    ...(controller ? { controller: true, blockOwnerDeletion: true } : {}),
  });
  return [ref(deploymentPolicy, true), ...(dataflowPolicy ? [ref(dataflowPolicy, false)] : [])];
}

/** Whether autoApprove approves a new revision whose total changed by `costDeltaUsd` (first plan: its total). */
export function autoApproves(settings: Pick<PlanningSettings, 'autoApprove' | 'autoApproveMaxCostDeltaUsd'>, costDeltaUsd: number): boolean {
  return settings.autoApprove && costDeltaUsd <= settings.autoApproveMaxCostDeltaUsd;
}

/** The solved Plan as it is to be written over `previous`, with its diff and whether it was auto-approved. */
export interface RevisedPlan {
  readonly plan: Plan;
  readonly diff?: PlanRevisionDiff;
  readonly autoApproved: boolean;
}

/** Revision, approval and diff of a solved plan against the Plan in the cluster (if any). */
export function revisePlan(previous: Plan | undefined, solved: Plan, settings: PlanningSettings): RevisedPlan {
  const revised = reviseAgainst(previous, solved);
  const diff = previous && revised.diff ? revisionDiff(previous, revised.diff, solved) : undefined;
  const plan = revised.plan;
  if (isApproved(plan)) return { plan, ...(diff ? { diff } : {}), autoApproved: false };
  const delta = diff ? diff.costDeltaUsd : plan.spec.costs.totalUsd;
  if (!autoApproves(settings, delta)) return { plan, ...(diff ? { diff } : {}), autoApproved: false };
  const approval = { approved: true, approvedBy: AUTO_APPROVER, inputHash: plan.spec.inputHash, revision: plan.spec.revision };
  return { plan: { ...plan, spec: { ...plan.spec, approval } }, ...(diff ? { diff } : {}), autoApproved: true };
}

function revisionDiff(previous: Plan, d: PlanDiff, solved: Plan): PlanRevisionDiff {
  const migrationUsd = solved.spec.costs.migrationUsd;
  return {
    fromRevision: previous.spec.revision,
    fromInputHash: previous.spec.inputHash,
    moved: [...d.moved],
    added: [...d.added],
    removed: [...d.removed],
    costDeltaUsd: d.costDeltaUsd,
    ...(migrationUsd !== undefined ? { migrationUsd } : {}),
  };
}

/** The apply intent of a Plan: the fields the controller owns (metadata it sets and the whole spec). */
export function planIntent(plan: Plan, owners: readonly OwnerReference[], inputsHash: string): KubeObject {
  return {
    apiVersion: plan.apiVersion,
    kind: plan.kind,
    metadata: {
      name: plan.metadata.name,
      ...(plan.metadata.namespace !== undefined ? { namespace: plan.metadata.namespace } : {}),
      labels: { ...plan.metadata.labels, [LABELS.appId]: plan.spec.application },
      annotations: { [ANNOTATIONS.inputHash]: inputsHash },
      ownerReferences: [...owners],
    },
    spec: plan.spec,
  };
}

/** The phase a Plan with a current spec is in. */
export function planPhase(plan: Pick<Plan, 'spec'>): NonNullable<PlanStatus['phase']> {
  return isApproved(plan) ? 'Approved' : 'AwaitingApproval';
}

/**
 * The Plan status after a solve: the optimizer's run data, phase, monthly cost, diff and Ready; the Approved
 * condition (the approval gate's) and anything else already there is kept.
 */
export function solvedPlanStatus(
  current: PlanStatus | undefined,
  solved: Plan,
  revised: RevisedPlan,
  generation: number | undefined,
  now: string,
): PlanStatus {
  const s = solved.status ?? {};
  const optimal = s.solver?.provenOptimal === true;
  const gap = s.solver?.gap;
  const conditions = setCondition(
    current?.conditions,
    {
      type: 'Ready',
      status: 'True',
      reason: optimal ? 'Solved' : 'NotProvenOptimal',
      message: `revision ${revised.plan.spec.revision}: ${monthlyCostUsd(revised.plan.spec).toFixed(2)} USD/month, ${s.solver?.status ?? 'solved'}${
        optimal ? '' : gap === undefined ? ' (gap unknown)' : ` (gap ${(gap * 100).toFixed(2)} %)`
      }${revised.diff ? `, moved: ${revised.diff.moved.join(', ') || 'none'}` : ''}`,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    },
    now,
  );
  const { diff: _old, issues: _oldIssues, ...kept } = current ?? {};
  return {
    ...kept,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    phase: planPhase(revised.plan),
    monthlyCostUsd: monthlyCostUsd(revised.plan.spec),
    ...(revised.diff ? { diff: revised.diff } : {}),
    conditions,
    ...(s.solver ? { solver: s.solver } : {}),
    ...(s.explanations ? { explanations: s.explanations } : {}),
    ...(s.issues ? { issues: s.issues } : {}),
  };
}

/** The Plan status when the current inputs have no plan: the spec stays the last one found; Ready=False. */
export function failedPlanStatus(
  current: PlanStatus | undefined,
  kind: 'infeasible' | 'no-solution',
  issues: readonly Issue[],
  generation: number | undefined,
  now: string,
): PlanStatus {
  const conditions = setCondition(
    current?.conditions,
    {
      type: 'Ready',
      status: 'False',
      reason: kind === 'infeasible' ? 'Infeasible' : 'SolverError',
      message: describeIssues(issues),
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    },
    now,
  );
  return {
    ...current,
    phase: kind === 'infeasible' ? 'Infeasible' : 'NoSolution',
    conditions,
    issues: issues.map((i) => ({ severity: i.severity, object: i.object ?? '', path: i.path, message: i.message })),
  };
}

/** Issues as one condition message: one line each, `(Kind/name): path: message`, at most 20 lines. */
export function describeIssues(issues: readonly Issue[]): string {
  // The objects are named by Kind/name; the file and document of validation are not the user's here.
  const lines = issues.slice(0, 20).map(({ file: _file, document: _document, ...rest }) => formatIssue(rest));
  return issues.length > 20 ? [...lines, `... and ${issues.length - 20} more`].join('\n') : lines.join('\n');
}

/** The phase, Ready reason and status of a DeploymentPolicy for each outcome. */
export type PolicyVerdict =
  | { readonly kind: 'planned'; readonly planName: string; readonly monthlyCostUsd: number; readonly inputsHash: string; readonly message: string }
  | { readonly kind: 'invalid'; readonly issues: readonly Issue[] }
  | { readonly kind: 'waiting'; readonly issues: readonly Issue[] }
  | { readonly kind: 'infeasible' | 'no-solution'; readonly issues: readonly Issue[]; readonly inputsHash: string; readonly planName: string };

/** The DeploymentPolicy status for a verdict; undefined when the current status already says it. */
export function policyStatusFor(
  current: PolicyStatus | undefined,
  verdict: PolicyVerdict,
  generation: number | undefined,
  now: string,
): PolicyStatus {
  const gen = generation !== undefined ? { observedGeneration: generation } : {};
  const cond = (status: 'True' | 'False', reason: 'Planned' | 'InvalidSpec' | 'UnknownComponent' | 'Infeasible' | 'NoSolution', message: string) =>
    setCondition(current?.conditions, { type: 'Ready', status, reason, message, ...gen }, now);
  switch (verdict.kind) {
    case 'planned':
      return {
        ...gen,
        conditions: cond('True', 'Planned', verdict.message),
        phase: 'Planned',
        planRef: { name: verdict.planName },
        monthlyCostUsd: verdict.monthlyCostUsd,
        inputHash: verdict.inputsHash,
      };
    case 'invalid':
      return { ...gen, conditions: cond('False', 'InvalidSpec', describeIssues(verdict.issues)), phase: 'Invalid' };
    case 'waiting':
      return { ...gen, conditions: cond('False', 'UnknownComponent', describeIssues(verdict.issues)), phase: 'Pending' };
    case 'infeasible':
    case 'no-solution': {
      const infeasible = verdict.kind === 'infeasible';
      return {
        ...gen,
        conditions: cond('False', infeasible ? 'Infeasible' : 'NoSolution', describeIssues(verdict.issues)),
        phase: infeasible ? 'Infeasible' : 'NoSolution',
        planRef: { name: verdict.planName },
        inputHash: verdict.inputsHash,
      };
    }
  }
}
