/**
 * The large-model path: when the exact model is too large for the MILP solver in the time limit (the
 * transportation form of every edge would exceed AUTO_TRANSPORT_VARIABLE_BUDGET), solve it in three steps.
 *  1. A dual bound (optimizer/large/dual-bound.ts): a lower bound on every plan, and per (component, location) a lower
 *     bound on every plan that puts the component there.
 *  2. A better plan: the dual's decoded placement improved by local search; the cheaper of it and the
 *     heuristic's plan is the incumbent.
 *  3. The exact MILP over a restricted candidate set: per component the locations whose bound does not exceed the
 *     incumbent's cost, at most `locationsPerComponent` of them by bound, plus the incumbent's; components with
 *     several placements keep all their locations.
 * The proven bound is max(dual bound, min(MILP bound over the restricted set, least bound of a left-out location)):
 * a plan either uses only kept locations (the MILP bounds it) or a left-out one (its location bound does).
 * Locations whose bound exceeds the incumbent's cost cannot be in any cheaper plan, so dropping them is exact.
 */
import type { Catalog } from '../../src/catalog/types.js';
import type { Application } from '../model/application.js';
import { costOfAssignment, decodeAssignment, type Assignment, type AssignmentCost } from '../model/assignment.js';
import type { CandidateSet } from '../model/candidates.js';
import { computeDualBound, type DualBound } from './dual-bound.js';
import { assignmentToValues, improvePlacement, type HeuristicResult } from '../heuristic/heuristic.js';
import { PairTable } from '../model/pair-table.js';
import { buildPlacementModel } from '../model/placement-model.js';
import { narrowAssignment, restrictCandidates, widenAssignment } from './restrict-candidates.js';
import { relativeGap } from '../solvers/solution-check.js';
import type { FeasibleResult, LinearModel, OptimalResult, SolveResult, SolverBackend } from '../solvers/types.js';

export interface DecompositionOptions {
  readonly solver: SolverBackend;
  readonly timeLimitSec: number;
  readonly mipGap: number;
  readonly now: () => number;
  /** Most locations per single-placement component in the restricted MILP. @default 6 */
  readonly locationsPerComponent?: number;
  /** Share of the time limit for the dual bound. @default 0.6 */
  readonly dualShare?: number;
}

export interface DecompositionResult {
  readonly assignment: Assignment;
  readonly cost: AssignmentCost;
  /** Status, objective (the plan's cost), proven bound and gap; `values` are the restricted model's. */
  readonly result: OptimalResult | FeasibleResult;
  /** The restricted model given to the solver; absent when no time was left to build it. */
  readonly model?: LinearModel;
  readonly dual: DualBound;
  readonly keptLocations: number;
  readonly totalLocations: number;
}

/** Number of transportation variables the exact model would have (edges between single-placement components). */
export function transportSize(app: Application, cands: CandidateSet): number {
  let size = 0;
  for (const e of app.edges) {
    const u = cands.components[e.from];
    const v = cands.components[e.to];
    if (u && v && u.component.maxLocations === 1 && v.component.maxLocations === 1) size += u.locations.length * v.locations.length;
  }
  return size;
}

/** Solves a large placement problem by dual bound, local search and a restricted MILP. */
export async function solveByDecomposition(
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  catalog: Catalog,
  heuristic: HeuristicResult,
  options: DecompositionOptions,
): Promise<DecompositionResult> {
  const { now, solver } = options;
  const start = now();
  const dual = await computeDualBound(app, cands, pairs, {
    lpSolver: solver,
    mustKeep: heuristic.assignment.map((ps) => ps.map((p) => p.l)),
    budgetMs: options.timeLimitSec * 1000 * (options.dualShare ?? 0.6),
    now,
  });
  const decoded = heuristic.assignment.map((ps, c) => {
    const l = dual.decoded[c] ?? -1;
    return l >= 0 ? [{ l, o: 0 }] : ps;
  });
  // Everything below shares the caller's time limit: the local search gets at most half of what is left.
  const leftMs = () => options.timeLimitSec * 1000 - (now() - start);
  const deadline = { atMs: start + options.timeLimitSec * 1000, now };
  const improved = improvePlacement(app, cands, pairs, decoded, { budgetMs: Math.max(0, Math.min(3000, leftMs() / 2)), now, deadline });
  const incumbent = improved.feasible && improved.cost.totalUsd < heuristic.cost.totalUsd ? improved : heuristic;
  const upper = incumbent.cost.totalUsd;
  const totalLocations = cands.components.reduce((s, cc) => s + cc.locations.length, 0);
  if (leftMs() <= 0) {
    // No time for the restricted MILP: the incumbent, with the dual bound as its proof.
    const bound = Math.min(upper, dual.lowerBoundUsd);
    const gap = relativeGap(upper, bound);
    const result: OptimalResult | FeasibleResult = {
      status: gap <= options.mipGap + 1e-12 ? 'optimal' : 'feasible',
      solver: solver.name,
      wallSec: (now() - start) / 1000,
      objective: upper,
      bound,
      gap,
      values: [],
    };
    return { assignment: incumbent.assignment, cost: incumbent.cost, result, dual, keptLocations: 0, totalLocations };
  }

  const limit = options.locationsPerComponent ?? 6;
  let outsideBound = Number.POSITIVE_INFINITY;
  let kept = 0;
  let total = 0;
  const keep = cands.components.map((cc, c) => {
    const bounds = dual.locationBoundUsd[c];
    total += cc.locations.length;
    if (!bounds) {
      kept += cc.locations.length;
      return cc.locations.map(() => true);
    }
    const viable = cc.locations
      .map((_, l) => l)
      .filter((l) => (bounds[l] as number) <= upper * (1 + 1e-9) + 1e-6)
      .sort((x, y) => (bounds[x] as number) - (bounds[y] as number));
    const chosen = new Set([...viable.slice(0, limit), ...(incumbent.assignment[c] ?? []).map((p) => p.l)]);
    for (const l of viable) if (!chosen.has(l)) outsideBound = Math.min(outsideBound, bounds[l] as number);
    kept += chosen.size;
    return cc.locations.map((_, l) => chosen.has(l));
  });
  const restricted = restrictCandidates(cands, (c, l) => keep[c]?.[l] === true);
  const restrictedPairs = new PairTable(app, restricted.candidates, catalog);
  const pm = buildPlacementModel(app, restricted.candidates, restrictedPairs, { formulation: 'auto' });
  const narrowed = narrowAssignment(restricted, incumbent.assignment);
  const warm = narrowed ? assignmentToValues(app, restricted.candidates, pm, narrowed) : undefined;
  const remaining = leftMs() / 1000;
  const solved: SolveResult =
    remaining > 0
      ? await solver.solve(pm.model, { timeLimitSec: remaining, mipRelGap: options.mipGap, ...(warm ? { incumbent: warm } : {}) })
      : { status: 'timeout', solver: solver.name, wallSec: 0, bound: Number.NEGATIVE_INFINITY };

  let assignment = incumbent.assignment;
  let cost = incumbent.cost;
  if ((solved.status === 'optimal' || solved.status === 'feasible') && solved.values.length > 0) {
    const candidate = widenAssignment(restricted, decodeAssignment(pm.xVars, solved.values));
    const candidateCost = costOfAssignment(app, cands, pairs, candidate);
    if (candidateCost.latencyViolations.length === 0 && candidateCost.totalUsd < cost.totalUsd) {
      assignment = candidate;
      cost = candidateCost;
    }
  }
  const restrictedBound =
    solved.status === 'optimal' || solved.status === 'feasible' || solved.status === 'timeout'
      ? Number.isFinite(solved.bound)
        ? solved.bound
        : Number.NEGATIVE_INFINITY
      : Number.NEGATIVE_INFINITY;
  const bound = Math.min(cost.totalUsd, Math.max(dual.lowerBoundUsd, Math.min(restrictedBound, outsideBound)));
  const gap = relativeGap(cost.totalUsd, bound);
  const values = solved.status === 'optimal' || solved.status === 'feasible' ? solved.values : [];
  const result: OptimalResult | FeasibleResult = {
    status: gap <= options.mipGap + 1e-12 ? 'optimal' : 'feasible',
    solver: solver.name,
    wallSec: (now() - start) / 1000,
    objective: cost.totalUsd,
    bound,
    gap,
    values,
  };
  return { assignment, cost, result, model: pm.model, dual, keptLocations: kept, totalLocations: total };
}
