/**
 * A new solve against the Plan it replaces: what changed (components moved, cost delta), which revision the
 * new Plan carries and whether the old approval still holds. Pure; the Plan controller calls it before it
 * writes a re-solved Plan, so a re-solve that lands on the same placements keeps its revision and approval.
 */
import type { Placement, Plan } from '../../src/api/plan.js';

/** The difference between two plans of one application. */
export interface PlanDiff {
  /** Components whose set of placements (id, flavor, nodes, spot) changed, sorted. */
  readonly moved: readonly string[];
  /** Components present only in the new plan, sorted. */
  readonly added: readonly string[];
  /** Components present only in the old plan, sorted. */
  readonly removed: readonly string[];
  /** new total − old total, USD over the horizon. */
  readonly costDeltaUsd: number;
  /** True when no placement changed. */
  readonly samePlacements: boolean;
}

/** What identifies a placement decision (prices and shares may change without moving anything). */
const decision = (p: Placement): string => `${p.id}|${p.flavor}|${p.nodes}|${p.spot ? 'spot' : 'on-demand'}`;

function decisionsByComponent(plan: Pick<Plan, 'spec'>): Map<string, string> {
  const by = new Map<string, string[]>();
  for (const p of plan.spec.placements) by.set(p.component, [...(by.get(p.component) ?? []), decision(p)]);
  return new Map([...by].map(([c, ds]) => [c, ds.sort().join(';')]));
}

/** Compares the placements and totals of two plans. */
export function diffPlans(previous: Pick<Plan, 'spec'>, next: Pick<Plan, 'spec'>): PlanDiff {
  const a = decisionsByComponent(previous);
  const b = decisionsByComponent(next);
  const moved = [...b.keys()].filter((c) => a.has(c) && a.get(c) !== b.get(c)).sort();
  const added = [...b.keys()].filter((c) => !a.has(c)).sort();
  const removed = [...a.keys()].filter((c) => !b.has(c)).sort();
  const costDeltaUsd = Math.round((next.spec.costs.totalUsd - previous.spec.costs.totalUsd) * 1e6) / 1e6;
  return { moved, added, removed, costDeltaUsd, samePlacements: moved.length + added.length + removed.length === 0 };
}

/**
 * The new plan as it should be written over the previous one: the same revision and approval when no
 * placement changed (only prices or run data did: the approval is re-bound to the new input hash, since it
 * approves the same infrastructure), otherwise the next revision with the approval cleared.
 */
export function reviseAgainst(previous: Plan | undefined, next: Plan): { plan: Plan; diff?: PlanDiff } {
  if (previous === undefined) return { plan: next };
  const diff = diffPlans(previous, next);
  const prior = previous.spec.approval;
  const stillApproved = prior.approved && prior.revision === previous.spec.revision && prior.inputHash === previous.spec.inputHash;
  if (diff.samePlacements) {
    const approval = stillApproved ? { ...prior, inputHash: next.spec.inputHash, revision: previous.spec.revision } : { approved: false };
    return { plan: { ...next, spec: { ...next.spec, revision: previous.spec.revision, approval } }, diff };
  }
  return { plan: { ...next, spec: { ...next.spec, revision: previous.spec.revision + 1, approval: { approved: false } } }, diff };
}
