/**
 * A fast heuristic placement: greedy construction (components in order, each at the location that adds the
 * least cost given what is already placed, one placement per required group) followed by local search
 * (move, add or remove one placement at a time; a move is taken when it breaks fewer constraints, or as many
 * and costs less). It gives the solver a warm start, a fallback when the solver finds nothing in time, and
 * the benchmarks their greedy baseline. It proves nothing: its result is checked like any other plan.
 */
import type { Application } from '../model/application.js';
import { costOfAssignment, type Assignment, type AssignmentCost, type Chosen } from '../model/assignment.js';
import { selectorMatches, type CandidateSet, type Deadline } from '../model/candidates.js';
import { gatewayCosts } from '../model/gateways.js';
import type { PairTable } from '../model/pair-table.js';
import type { PlacementModel } from '../model/placement-model.js';
import { PlacementState } from './placement-state.js';

export interface HeuristicOptions {
  /** Stop local search after this many passes over all components. @default 20 */
  readonly maxPasses?: number;
  /** Skip local search entirely (pure greedy). @default false */
  readonly greedyOnly?: boolean;
  /** Wall-clock budget in ms for the local search, checked between components. */
  readonly budgetMs?: number;
  readonly now?: () => number;
  /**
   * The caller's absolute deadline, checked before each component in the construction, the local search and the
   * latency repair: past it the heuristic stops where it is (components not yet placed stay unplaced, and the
   * result is then infeasible with `timedOut`).
   */
  readonly deadline?: Deadline;
}

export interface HeuristicResult {
  readonly assignment: Assignment;
  readonly cost: AssignmentCost;
  /** True when every policy constraint holds (budget included). */
  readonly feasible: boolean;
  readonly broken: readonly string[];
  /** The deadline stopped the construction before every component was placed. */
  readonly timedOut?: boolean;
  /** The search's final state, holding the assignment above and its evaluated moves (the explanations reuse it). */
  readonly state?: PlacementState;
}

const pastDeadline = (d: Deadline | undefined): boolean => d !== undefined && d.now() > d.atMs;

const PENALTY = 1e12;

/** Every (location, option) pair of component c. */
function choicesOf(cands: CandidateSet, c: number): Chosen[] {
  return (cands.components[c]?.locations ?? []).flatMap((entry, l) => entry.options.map((_, o) => ({ l, o })));
}

/** Runs the heuristic. */
export function heuristicPlacement(app: Application, cands: CandidateSet, pairs: PairTable, options: HeuristicOptions = {}): HeuristicResult {
  const now = options.now ?? (() => 0);
  const start = now();
  const state = new PlacementState(
    app,
    cands,
    pairs,
    cands.components.map(() => []),
  );

  // Construction.
  let timedOut = false;
  cands.components.forEach((cc, c) => {
    if (timedOut || (timedOut = pastDeadline(options.deadline))) return;
    const groups = cc.requiredGroups.length > 0 ? cc.requiredGroups : [cc.locations.map((_, l) => l)];
    groups.forEach((group, g) => {
      const have = state.placements(c);
      const satisfied =
        cc.requiredGroups.length > 0 &&
        have.some((p) => {
          const loc = cc.locations[p.l]?.location;
          return loc !== undefined && (cc.component.required[g] ?? []).some((s) => selectorMatches(s, loc.site, loc.zone));
        });
      if (satisfied || have.length >= cc.component.maxLocations) return;
      let best: { p: Chosen; score: number } | undefined;
      for (const l of group) {
        if (have.some((p) => p.l === l)) continue;
        const entry = cc.locations[l];
        entry?.options.forEach((_, o) => {
          const eff = state.evaluate(c, have.length, { l, o }, true);
          const score = eff.breaks.filter((b) => b.startsWith('latency') || b.includes('quota')).length * PENALTY + eff.deltaUsd;
          if (!best || score < best.score) best = { p: { l, o }, score };
        });
      }
      if (best) state.apply(c, have.length, best.p);
    });
    // Spread: add placements in new regions/providers while that lowers the number of broken spread rules.
    const spreadBreaks = (): number => state.currentBreaks(c).filter((b) => b.includes('spread')).length;
    for (let guard = 0; guard < cc.locations.length && state.placements(c).length < cc.component.maxLocations; guard += 1) {
      const before = spreadBreaks();
      if (before === 0) break;
      let best: { p: Chosen; score: number } | undefined;
      for (const p of choicesOf(cands, c)) {
        if (state.placements(c).some((q) => q.l === p.l)) continue;
        const e = state.evaluate(c, state.placements(c).length, p, true);
        const score = e.breaks.filter((b) => b.includes('spread')).length * PENALTY + e.deltaUsd;
        if (!best || score < best.score) best = { p, score };
      }
      if (!best || best.score >= before * PENALTY) break;
      state.apply(c, state.placements(c).length, best.p);
    }
  });

  if (timedOut) return { ...finish(app, cands, pairs, state, { ...options, greedyOnly: true }, start), timedOut: true };
  return finish(app, cands, pairs, state, options, start);
}

/**
 * Local search (and the two-end latency repair) from a given placement, e.g. one decoded from the dual bound.
 */
export function improvePlacement(
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  initial: Assignment,
  options: HeuristicOptions = {},
): HeuristicResult {
  const now = options.now ?? (() => 0);
  return finish(app, cands, pairs, new PlacementState(app, cands, pairs, initial), options, now());
}

function finish(
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  state: PlacementState,
  options: HeuristicOptions,
  start: number,
): HeuristicResult {
  const now = options.now ?? (() => 0);
  // Local search.
  if (!options.greedyOnly) {
    const maxPasses = options.maxPasses ?? 20;
    for (let pass = 0; pass < maxPasses; pass += 1) {
      let improved = false;
      for (let c = 0; c < cands.components.length; c += 1) {
        if ((options.budgetMs !== undefined && now() - start > options.budgetMs) || pastDeadline(options.deadline)) break;
        const cc = cands.components[c];
        if (!cc) continue;
        const current = state.placements(c);
        const baseBreaks = state.currentBreaks(c).length;
        let best: { index: number; next: Chosen | undefined; score: number } | undefined;
        const consider = (index: number, next: Chosen | undefined) => {
          const eff = state.evaluate(c, index, next);
          const score = (eff.breaks.length - baseBreaks) * PENALTY + eff.deltaUsd;
          if (score < -1e-7 && (!best || score < best.score)) best = { index, next, score };
        };
        const choices = choicesOf(cands, c);
        for (let i = 0; i < current.length; i += 1) {
          for (const p of choices) if (p.l !== current[i]?.l || p.o !== current[i]?.o) consider(i, p);
          if (current.length > 1) consider(i, undefined);
        }
        if (current.length < cc.component.maxLocations) for (const p of choices) consider(current.length, p);
        if (best) {
          const b = best as { index: number; next: Chosen | undefined };
          state.apply(c, b.index, b.next);
          improved = true;
        }
      }
      if (!improved || (options.budgetMs !== undefined && now() - start > options.budgetMs) || pastDeadline(options.deadline)) break;
    }
  }

  if (!options.greedyOnly) repairBrokenEdges(app, cands, state, options.deadline);

  const assignment = state.assignment();
  const cost = costOfAssignment(app, cands, pairs, assignment);
  const broken = [...new Set(assignment.flatMap((_, c) => state.currentBreaks(c)))];
  // The budget bounds what the plan spends over the horizon; the migration cost is not spending (migration.ts).
  if (app.budgetUsd !== undefined && cost.totalUsd - cost.migrationUsd > app.budgetUsd * (1 + 1e-9)) broken.push('budget');
  return { assignment, cost, feasible: broken.length === 0 && cost.latencyViolations.length === 0, broken, state };
}

/** The solver values of an assignment (x, open and gateway binaries set; the continuous columns left for the solver to complete). */
export function assignmentToValues(app: Application, cands: CandidateSet, pm: PlacementModel, assignment: Assignment): number[] {
  const values = new Array<number>(pm.model.variables.length).fill(0);
  assignment.forEach((ps, c) =>
    ps.forEach((p) => {
      const v = pm.xVars[c]?.[p.l]?.[p.o];
      if (v !== undefined) values[v] = 1;
      const open = pm.openVars.get(cands.components[c]?.locations[p.l]?.location.site.key ?? '');
      if (open !== undefined) values[open] = 1;
    }),
  );
  // The binaries of the gateways the assignment needs, so the start is integer-feasible as a whole.
  for (const site of gatewayCosts(app, cands, assignment).keys()) {
    const g = pm.gatewayVars.get(site);
    if (g !== undefined) values[g] = 1;
  }
  return values;
}

/**
 * Latency bounds that no single move can fix (both ends sit in places too far apart for each other's other
 * neighbours) are repaired by moving both ends of a broken edge together: the source to each of its
 * candidates, then the destination to its best location given that; kept only when neither end is left with
 * a broken constraint.
 */
function repairBrokenEdges(app: Application, cands: CandidateSet, state: PlacementState, deadline?: Deadline): void {
  const breaksOf = (c: number): number => state.currentBreaks(c).length;
  app.edges.forEach((edge) => {
    if (pastDeadline(deadline)) return;
    const u = edge.from;
    const v = edge.to;
    if (breaksOf(u) === 0 && breaksOf(v) === 0) return;
    const pu = state.placements(u);
    const pv = state.placements(v);
    if (pu.length !== 1 || pv.length !== 1) return;
    const oldU = pu[0] as Chosen;
    const oldV = pv[0] as Chosen;
    let best: { u: Chosen; v: Chosen; cost: number } | undefined;
    (cands.components[u]?.locations ?? []).forEach((_, l) => {
      const nu = { l, o: 0 };
      state.apply(u, 0, nu);
      (cands.components[v]?.locations ?? []).forEach((__, m) => {
        const eff = state.evaluate(v, 0, { l: m, o: 0 });
        if (eff.breaks.length > 0) return;
        state.apply(v, 0, { l: m, o: 0 });
        const okU = breaksOf(u) === 0;
        const costU = state.evaluate(u, 0, oldU).deltaUsd;
        state.apply(v, 0, oldV);
        // Lower total cost = larger saving when moving back to the old u; compare by -costU + eff.deltaUsd.
        if (okU && (!best || eff.deltaUsd - costU < best.cost)) best = { u: nu, v: { l: m, o: 0 }, cost: eff.deltaUsd - costU };
      });
      state.apply(u, 0, oldU);
    });
    if (best) {
      const b = best as { u: Chosen; v: Chosen };
      state.apply(u, 0, b.u);
      state.apply(v, 0, b.v);
    }
  });
}
