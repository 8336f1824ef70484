/**
 * The improving pass every plan ends with: local search from the returned assignment (move, add or remove
 * one placement, or change its option) until no single move lowers the cost or the time budget is spent.
 *
 * A plan within a nonzero gap may well have a one-move improvement; it is taken and the gap shrinks against
 * the same bound. A plan the solver proved optimal cannot have one: if the pass finds one that beats the
 * bound, the model and the move evaluator disagree (a bug), and that is reported as a warning, the bound
 * withdrawn, never hidden. The result that comes out is the honest one (optimality.ts): optimal only when the
 * gap is zero to solver tolerance, feasible with the true gap otherwise.
 */
import type { Issue } from '../../src/validate/issue.js';
import type { Application } from '../model/application.js';
import type { Assignment, AssignmentCost } from '../model/assignment.js';
import type { CandidateSet } from '../model/candidates.js';
import { honestResult, PROVEN_OPTIMAL_ABS_USD, PROVEN_OPTIMAL_REL } from '../model/optimality.js';
import type { PairTable } from '../model/pair-table.js';
import { relativeGap } from '../solvers/solution-check.js';
import type { FeasibleResult, OptimalResult } from '../solvers/types.js';
import { improvePlacement } from './heuristic.js';
import type { PlacementState } from './placement-state.js';

/** A plan before or after the pass. */
export interface PolishedPlan {
  readonly assignment: Assignment;
  readonly cost: AssignmentCost;
  readonly result: OptimalResult | FeasibleResult;
  /** What the pass saved, USD (0 when it found nothing). */
  readonly savedUsd: number;
  /** A note when the pass improved the plan, a warning when the improvement contradicts the bound. */
  readonly issues: readonly Issue[];
  /** The pass's final state when it holds this plan's assignment (for the explanations to reuse). */
  readonly state?: PlacementState;
}

export interface PolishOptions {
  /** Wall-clock budget of the pass, ms. */
  readonly budgetMs: number;
  readonly now: () => number;
  /** Most passes over all components. @default 200 */
  readonly maxPasses?: number;
}

/** Tolerance below which two costs are the same (as for a proven optimum). */
const tolerance = (usd: number): number => PROVEN_OPTIMAL_ABS_USD + PROVEN_OPTIMAL_REL * Math.abs(usd);

/** Runs the improving pass over a feasible plan and returns it with its (honest) result updated. */
export function polishPlan(
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  plan: { readonly assignment: Assignment; readonly cost: AssignmentCost; readonly result: OptimalResult | FeasibleResult },
  options: PolishOptions,
): PolishedPlan {
  const unchanged: PolishedPlan = { ...plan, result: honestResult(plan.result), savedUsd: 0, issues: [] };
  if (options.budgetMs <= 0) return unchanged;
  const improved = improvePlacement(app, cands, pairs, plan.assignment, {
    budgetMs: options.budgetMs,
    now: options.now,
    maxPasses: options.maxPasses ?? 200,
  });
  const before = plan.cost.totalUsd;
  const after = improved.cost.totalUsd;
  if (!improved.feasible || after >= before - tolerance(before)) {
    const same = improved.state !== undefined && sameAssignment(improved.assignment, plan.assignment);
    return same ? { ...unchanged, state: improved.state } : unchanged;
  }
  const object = `DeploymentPolicy/${app.deploymentPolicy}`;
  const saved = before - after;
  const bound = plan.result.bound;
  if (Number.isFinite(bound) && after < bound - tolerance(bound)) {
    const warning: Issue = {
      severity: 'warning',
      object,
      path: '',
      message: `internal error: a one-move change lowers the plan to ${after.toFixed(2)} USD, below the solver's lower bound of ${bound.toFixed(2)} USD (${plan.result.solver}); the model and the local search disagree, so the bound is withdrawn and the plan is not proven optimal — please report this`,
    };
    const result: FeasibleResult = { ...base(plan.result), status: 'feasible', objective: after, bound: Number.NEGATIVE_INFINITY, gap: Infinity };
    return {
      assignment: improved.assignment,
      cost: improved.cost,
      result: honestResult(result),
      savedUsd: saved,
      issues: [warning],
      ...withState(improved),
    };
  }
  const note: Issue = {
    severity: 'note',
    object,
    path: '',
    message: `the improving pass lowered the solver's plan from ${before.toFixed(2)} to ${after.toFixed(2)} USD by single moves`,
  };
  const result: FeasibleResult = { ...base(plan.result), status: 'feasible', objective: after, bound, gap: relativeGap(after, bound) };
  return {
    assignment: improved.assignment,
    cost: improved.cost,
    result: honestResult(result),
    savedUsd: saved,
    issues: [note],
    ...withState(improved),
  };
}

const withState = (r: { readonly state?: PlacementState }): { state?: PlacementState } => (r.state ? { state: r.state } : {});

/** True when two assignments hold the same placements in the same order. */
function sameAssignment(a: Assignment, b: Assignment): boolean {
  return (
    a.length === b.length &&
    a.every((ps, c) => ps.length === (b[c]?.length ?? -1) && ps.every((p, i) => p.l === b[c]?.[i]?.l && p.o === b[c]?.[i]?.o))
  );
}

/** The fields of a result that survive the pass (the solver's values no longer describe the plan). */
function base(r: OptimalResult | FeasibleResult): { solver: OptimalResult['solver']; wallSec: number; values: number[] } {
  return { solver: r.solver, wallSec: r.wallSec, values: [] };
}
