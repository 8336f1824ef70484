/**
 * Placement strategies compared by `skycluster bench`: four baselines and the optimizer. Every strategy yields
 * placements that the independent evaluator (optimizer/evaluate, evaluatePlan) costs and checks; a strategy
 * whose placements break a rule is reported infeasible with the reason, never dropped. Pure apart from the
 * optimizer's solver call (a worker thread) and the injected clock.
 *
 * - single-cheapest-region: all components in one site (platform/region), each at its cheapest fitting
 *   option there; every site is tried and the cheapest one without violations is kept.
 * - cheapest-region-per-cloud: the same, restricted to the sites of one cloud (one result per cloud).
 * - cheapest-offering: each component at its own cheapest option anywhere, ignoring transfers and latency,
 *   then repaired with PlacementState moves (fewest moves that remove broken rules) when infeasible.
 * - greedy: components in order, each at the location with the least incremental cost given those already
 *   placed (heuristicPlacement with greedyOnly, as SkyShift's scheduler does).
 * - optimizer: optimize() with the chosen solver.
 */
import type { Placement } from '../../src/api/plan.js';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import type { Catalog } from '../../src/catalog/types.js';
import { buildApplication, type Application } from '../../optimizer/model/application.js';
import { costOfAssignment, optionOf, routeEdge, type Assignment, type Chosen } from '../../optimizer/model/assignment.js';
import { buildCandidates, type CandidateSet } from '../../optimizer/model/candidates.js';
import { evaluatePlan, type EvaluatedCosts, type Violation } from '../../optimizer/evaluate/index.js';
import { heuristicPlacement } from '../../optimizer/heuristic/heuristic.js';
import { optimize } from '../../optimizer/optimize.js';
import { PairTable } from '../../optimizer/model/pair-table.js';
import { PlacementState } from '../../optimizer/heuristic/placement-state.js';
import { buildPlan } from '../../optimizer/plan/build-plan.js';
import type { SolverBackend } from '../../optimizer/solvers/types.js';

export const STRATEGIES = ['single-cheapest-region', 'cheapest-region-per-cloud', 'cheapest-offering', 'greedy', 'optimizer'] as const;
export type StrategyId = (typeof STRATEGIES)[number];
/** The clouds of cheapest-region-per-cloud. */
export const CLOUDS = ['aws', 'gcp', 'azure'] as const;

/** One placement, compactly: `component @ platform/region/zone flavor×nodes`. */
export interface PlacementSummary {
  readonly component: string;
  readonly site: string;
  readonly flavor: string;
  readonly nodes: number;
  readonly spot: boolean;
}

/** What one strategy produced on one suite. Costs are evaluatePlan's. */
export interface StrategyOutcome {
  readonly strategy: StrategyId;
  /** Row key: the strategy, with the cloud for per-cloud rows (`cheapest-region-per-cloud:aws`). */
  readonly key: string;
  readonly label: string;
  /** True when the placements break no rule of docs/placement-semantics.md. */
  readonly feasible: boolean;
  /** Evaluated costs of the placements (also when infeasible, if the strategy produced placements). */
  readonly costs?: EvaluatedCosts;
  /** Why the strategy is infeasible (or produced nothing). */
  readonly reason?: string;
  /** Rules broken (rule → count), evaluatePlan's. */
  readonly violations: Readonly<Record<string, number>>;
  /** Facts about how the result was found (site chosen, repair, solver status). */
  readonly notes: readonly string[];
  readonly placements: readonly PlacementSummary[];
  /** Wall time of the strategy, seconds (not deterministic; kept apart from the costs). */
  readonly wallSec: number;
  /** Optimizer only: solver status, gap and model size. */
  readonly solver?: {
    readonly name: string;
    readonly status: string;
    readonly gap?: number;
    readonly variables: number;
    readonly constraints: number;
  };
}

export interface StrategyInput {
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy?: DataflowPolicy;
  readonly catalog: Catalog;
}

/** Prepared problem shared by the baselines. */
export interface Prepared {
  readonly input: StrategyInput;
  readonly app: Application;
  readonly cands: CandidateSet;
  readonly pairs: PairTable;
}

export type PrepareResult = { ok: true; prepared: Prepared } | { ok: false; reason: string };

/** Application, candidates (unpruned options are not needed: pruning keeps the cheapest) and pair table. */
export function prepare(input: StrategyInput): PrepareResult {
  const built = buildApplication(input.deploymentPolicy, input.dataflowPolicy);
  if (!built.ok) return { ok: false, reason: built.issues.map((i) => i.message).join('; ') };
  const cr = buildCandidates(built.app, input.catalog);
  if (!cr.ok) return { ok: false, reason: cr.issues.map((i) => i.message).join('; ') };
  return { ok: true, prepared: { input, app: built.app, cands: cr.candidates, pairs: new PairTable(built.app, cr.candidates, input.catalog) } };
}

const countRules = (vs: readonly Violation[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const v of vs) out[v.rule] = (out[v.rule] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
};

/** Short reason from violations: the first few messages and a count of the rest. */
export function describeViolations(vs: readonly Violation[], max = 3): string {
  const shown = vs.slice(0, max).map((v) => v.message);
  return vs.length > max ? `${shown.join('; ')}; and ${vs.length - max} more` : shown.join('; ');
}

/** Plan placements of an assignment (buildPlan's, so that baselines and optimizer share the Plan form). */
export function placementsOf(p: Prepared, assignment: Assignment, name: string): Placement[] {
  const cost = costOfAssignment(p.app, p.cands, p.pairs, assignment);
  const plan = buildPlan({
    app: p.app,
    cands: p.cands,
    pairs: p.pairs,
    catalog: p.input.catalog,
    assignment,
    cost,
    explanations: [],
    solver: { name, status: 'Feasible', wallSec: 0, timeLimitSec: 1, mipGap: 0 },
    // A baseline is not a plan anyone approves; its placements are what is used.
    inputHash: '0'.repeat(64),
  });
  return plan.spec.placements;
}

/** evaluatePlan on placements. */
export function judge(input: StrategyInput, placements: readonly Placement[], horizonHours: number) {
  return evaluatePlan({
    deploymentPolicy: input.deploymentPolicy,
    ...(input.dataflowPolicy ? { dataflowPolicy: input.dataflowPolicy } : {}),
    placements,
    catalog: input.catalog,
    horizonHours,
  });
}

const summarize = (ps: readonly Placement[]): PlacementSummary[] =>
  ps.map((p) => ({ component: p.component, site: `${p.platform}/${p.region}/${p.zone}`, flavor: p.flavor, nodes: p.nodes, spot: p.spot }));

function outcome(
  strategy: StrategyId,
  key: string,
  label: string,
  placements: readonly Placement[] | undefined,
  horizonHours: number,
  input: StrategyInput,
  extra: { notes?: string[]; reason?: string; wallSec: number },
): StrategyOutcome {
  if (!placements) {
    return {
      strategy,
      key,
      label,
      feasible: false,
      reason: extra.reason ?? 'no placement found',
      violations: {},
      notes: extra.notes ?? [],
      placements: [],
      wallSec: extra.wallSec,
    };
  }
  const ev = judge(input, placements, horizonHours);
  const feasible = ev.violations.length === 0;
  const reason = feasible ? undefined : [extra.reason, describeViolations(ev.violations)].filter((x) => x).join(': ');
  return {
    strategy,
    key,
    label,
    feasible,
    costs: ev.costs,
    ...(reason ? { reason } : {}),
    violations: countRules(ev.violations),
    notes: extra.notes ?? [],
    placements: summarize(placements),
    wallSec: extra.wallSec,
  };
}

/** Why no site among `siteKeys` hosts every component: the most constrained component and one it excludes. */
function disjointReason(p: Prepared, siteKeys: readonly string[], scope: string): string {
  const allowed = new Set(siteKeys);
  const sitesOf = p.cands.components.map((cc) => new Set(cc.locations.map((e) => e.location.site.key).filter((k) => allowed.has(k))));
  let tight = 0;
  sitesOf.forEach((set, c) => {
    if (set.size < (sitesOf[tight]?.size ?? Infinity)) tight = c;
  });
  const tightSites = [...(sitesOf[tight] ?? [])].sort();
  const other = sitesOf.findIndex((set) => tightSites.every((k) => !set.has(k)));
  const name = (c: number): string => p.cands.components[c]?.component.name ?? '?';
  const list = `${tightSites.slice(0, 3).join(', ')}${tightSites.length > 3 ? ` (+${tightSites.length - 3})` : ''}`;
  return other >= 0
    ? `no single ${scope} hosts every component: ${name(tight)} can run only in ${list}, where ${name(other)} has no fitting location`
    : `no single ${scope} offers a fitting flavor for every component`;
}

/** Each component at its cheapest option in one of the given sites' locations; undefined when one cannot. */
function siteAssignment(p: Prepared, siteKey: string): Assignment | undefined {
  const out: Chosen[][] = [];
  for (const cc of p.cands.components) {
    let best: { l: number; cost: number } | undefined;
    cc.locations.forEach((e, l) => {
      if (e.location.site.key !== siteKey) return;
      const cost = e.options[0]?.costUsd ?? Number.POSITIVE_INFINITY;
      if (!best || cost < best.cost) best = { l, cost };
    });
    if (!best) return undefined;
    out.push([{ l: (best as { l: number }).l, o: 0 }]);
  }
  return out;
}

/**
 * The cheapest single site among `sites` whose placements break no rule; when none, the cheapest site that
 * hosts every component, reported infeasible with its violations.
 */
export function singleSite(
  p: Prepared,
  strategy: StrategyId,
  key: string,
  label: string,
  platform: string | undefined,
  now: () => number,
): StrategyOutcome {
  const t0 = now();
  const siteKeys = [...new Set(p.cands.locations.map((l) => l.site.key))]
    .filter((k) => platform === undefined || k.startsWith(`${platform}/`))
    .sort();
  const ranked: { site: string; assignment: Assignment; total: number }[] = [];
  for (const site of siteKeys) {
    const a = siteAssignment(p, site);
    if (a) ranked.push({ site, assignment: a, total: costOfAssignment(p.app, p.cands, p.pairs, a).totalUsd });
  }
  ranked.sort((a, b) => a.total - b.total || a.site.localeCompare(b.site));
  const scope = platform === undefined ? 'site' : `${platform} region`;
  if (ranked.length === 0) {
    const missing = p.cands.components
      .filter((cc) => !cc.locations.some((e) => platform === undefined || e.location.site.platform === platform))
      .map((cc) => cc.component.name);
    const reason =
      missing.length > 0
        ? `no ${scope} can host ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''} (permitted locations, residency or flavors)`
        : disjointReason(p, siteKeys, scope);
    return outcome(strategy, key, label, undefined, p.app.horizonHours, p.input, {
      reason,
      wallSec: (now() - t0) / 1000,
      notes: [`${siteKeys.length} ${scope}(s) considered`],
    });
  }
  let feasibleCount = 0;
  let chosen: { site: string; placements: Placement[] } | undefined;
  for (const r of ranked) {
    const placements = placementsOf(p, r.assignment, strategy);
    if (judge(p.input, placements, p.app.horizonHours).violations.length === 0) {
      feasibleCount += 1;
      chosen ??= { site: r.site, placements };
    }
  }
  const notes = [`${ranked.length} ${scope}(s) host every component, ${feasibleCount} without violations`];
  if (chosen) {
    return outcome(strategy, key, label, chosen.placements, p.app.horizonHours, p.input, {
      notes: [`site ${chosen.site}`, ...notes],
      wallSec: (now() - t0) / 1000,
    });
  }
  const cheapest = ranked[0] as (typeof ranked)[number];
  return outcome(strategy, key, label, placementsOf(p, cheapest.assignment, strategy), p.app.horizonHours, p.input, {
    reason: `no ${scope} satisfies every rule; cheapest ${cheapest.site}`,
    notes: [`site ${cheapest.site}`, ...notes],
    wallSec: (now() - t0) / 1000,
  });
}

/** Each component at its own cheapest option (first among equals in candidate order). */
export function cheapestOfferingAssignment(p: Prepared): Assignment {
  return p.cands.components.map((cc) => {
    let best: { l: number; o: number; cost: number } | undefined;
    cc.locations.forEach((e, l) =>
      e.options.forEach((opt, o) => {
        if (!best || opt.costUsd < best.cost) best = { l, o, cost: opt.costUsd };
      }),
    );
    return best ? [{ l: best.l, o: best.o }] : [];
  });
}

/**
 * Repairs an assignment: repeatedly, for each component whose rules (its own and its edges') are broken, takes
 * the move (replace, add or remove one placement) that removes the most broken rules, at the least added cost.
 * Stops when nothing is broken or no move helps. Returns the assignment and the number of moves.
 */
export function repair(p: Prepared, initial: Assignment, maxRounds = 50): { assignment: Assignment; moves: number; clean: boolean } {
  const state = new PlacementState(p.app, p.cands, p.pairs, initial);
  const incident = p.app.components.map((_, c) => p.app.edges.flatMap((e, i) => (e.from === c || e.to === c ? [i] : [])));
  // Broken rules of component c after a move: its own rules (PlacementState's), and on its edges one break per
  // source placement without a destination in bound (finer than one per edge, so that adding placements near
  // the sources one at a time counts as progress).
  const score = (c: number, index: number, next: Chosen | undefined): { breaks: number; delta: number } => {
    const current = state.placements(c);
    const eff = current.length === 0 && next === undefined ? { breaks: ['none'], deltaUsd: 0 } : state.evaluate(c, index, next);
    const moved = current.slice();
    if (next === undefined) moved.splice(index, 1);
    else moved[index] = next;
    // Flows into c that miss their bound weigh more than flows out of it: fixing the sources' flows first lets
    // a repair travel downstream (a new detector placement near a camera may strand the detector's own flow to
    // the tracker until the tracker follows).
    let incoming = 0;
    let outgoing = 0;
    for (const e of incident[c] ?? []) {
      const edge = p.app.edges[e];
      if (!edge) continue;
      const of = (k: number): readonly Chosen[] => (k === c ? moved : state.placements(k));
      const n = routeEdge(p.app, p.pairs, e, of(edge.from), of(edge.to)).unreachable.length;
      if (edge.to === c) incoming += n;
      else outgoing += n;
    }
    // Structural rules (required groups, spread, quotas, ...) first: fixing one may strand flows for a while.
    return { breaks: eff.breaks.filter((b) => !b.startsWith('latency')).length * 1e12 + incoming * 1e6 + outgoing, delta: eff.deltaUsd };
  };
  const breaksOf = (c: number): number => {
    const ps = state.placements(c);
    return ps.length === 0 ? 1 : score(c, 0, ps[0]).breaks;
  };
  const choices = (c: number): Chosen[] => (p.cands.components[c]?.locations ?? []).flatMap((e, l) => e.options.map((_, o) => ({ l, o })));
  let moves = 0;
  for (let round = 0; round < maxRounds; round += 1) {
    let changed = false;
    let broken = 0;
    for (let c = 0; c < p.cands.components.length; c += 1) {
      const base = breaksOf(c);
      if (base === 0) continue;
      broken += 1;
      const current = state.placements(c);
      const max = p.cands.components[c]?.component.maxLocations ?? Number.POSITIVE_INFINITY;
      let best: { index: number; next: Chosen | undefined; breaks: number; delta: number } | undefined;
      const consider = (index: number, next: Chosen | undefined): void => {
        const eff = score(c, index, next);
        if (eff.breaks >= base) return;
        if (!best || eff.breaks < best.breaks || (eff.breaks === best.breaks && eff.delta < best.delta - 1e-9))
          best = { index, next, breaks: eff.breaks, delta: eff.delta };
      };
      const all = choices(c);
      for (let i = 0; i < current.length; i += 1) {
        for (const q of all) if (q.l !== current[i]?.l || q.o !== current[i]?.o) consider(i, q);
        if (current.length > 1) consider(i, undefined);
      }
      if (current.length < max) for (const q of all) consider(current.length, q);
      if (best) {
        const b = best as { index: number; next: Chosen | undefined };
        state.apply(c, b.index, b.next);
        moves += 1;
        changed = true;
      }
    }
    if (broken === 0 || !changed) break;
  }
  const assignment = state.assignment();
  const clean = assignment.every((_, c) => breaksOf(c) === 0);
  return { assignment, moves, clean };
}

export function cheapestOffering(p: Prepared, now: () => number): StrategyOutcome {
  const t0 = now();
  const label = 'cheapest offering (+repair)';
  const first = cheapestOfferingAssignment(p);
  const firstPlacements = placementsOf(p, first, 'cheapest-offering');
  const ev = judge(p.input, firstPlacements, p.app.horizonHours);
  if (ev.violations.length === 0) {
    return outcome('cheapest-offering', 'cheapest-offering', label, firstPlacements, p.app.horizonHours, p.input, {
      notes: ['no repair needed'],
      wallSec: (now() - t0) / 1000,
    });
  }
  const before = `unrepaired: ${ev.violations.length} violation(s) (${Object.entries(countRules(ev.violations))
    .map(([r, n]) => `${r} ×${n}`)
    .join(', ')}), total ${ev.costs.totalUsd.toFixed(2)} USD`;
  const r = repair(p, first);
  const placements = placementsOf(p, r.assignment, 'cheapest-offering');
  const after = judge(p.input, placements, p.app.horizonHours);
  const notes = [
    before,
    after.violations.length === 0 ? `repair needed: ${r.moves} move(s), succeeded` : `repair needed: ${r.moves} move(s), failed`,
  ];
  return outcome('cheapest-offering', 'cheapest-offering', label, placements, p.app.horizonHours, p.input, {
    notes,
    wallSec: (now() - t0) / 1000,
    ...(after.violations.length > 0 ? { reason: 'repair did not reach a valid plan' } : {}),
  });
}

export function greedy(p: Prepared, now: () => number): StrategyOutcome {
  const t0 = now();
  const h = heuristicPlacement(p.app, p.cands, p.pairs, { greedyOnly: true });
  const placements = placementsOf(p, h.assignment, 'greedy');
  return outcome('greedy', 'greedy', 'greedy (SkyShift-style)', placements, p.app.horizonHours, p.input, {
    notes: h.feasible ? [] : [`greedy left ${h.broken.length} rule(s) broken`],
    wallSec: (now() - t0) / 1000,
    ...(h.feasible ? {} : { reason: 'greedy construction broke rules' }),
  });
}

export interface OptimizerSettings {
  readonly solver: SolverBackend;
  readonly timeLimitSec: number;
  readonly mipGap: number;
}

export async function optimizer(input: StrategyInput, s: OptimizerSettings, now: () => number): Promise<StrategyOutcome> {
  const t0 = now();
  const out = await optimize({ ...input, solver: s.solver, timeLimitSec: s.timeLimitSec, mipGap: s.mipGap, explain: false, now });
  const label = `optimizer (${s.solver.name})`;
  if (out.kind !== 'planned') {
    return outcome('optimizer', 'optimizer', label, undefined, 0, input, {
      reason: `${out.kind}: ${out.issues.map((i) => i.message).join('; ')}`,
      wallSec: (now() - t0) / 1000,
    });
  }
  const spec = out.plan.spec;
  const verdict = out.plan.status?.solver;
  const res = {
    ...outcome('optimizer', 'optimizer', label, spec.placements, spec.horizonHours, input, {
      notes: [`solver ${verdict?.status ?? '?'}${verdict?.gap !== undefined ? `, gap ${(verdict.gap * 100).toFixed(4)} %` : ''}`],
      wallSec: (now() - t0) / 1000,
    }),
    solver: {
      name: s.solver.name,
      status: verdict?.status ?? 'Error',
      ...(verdict?.gap !== undefined ? { gap: verdict.gap } : {}),
      variables: out.stats.variables,
      constraints: out.stats.constraints,
    },
  };
  return res;
}

/** Every strategy on one suite, in {@link STRATEGIES} order (per-cloud rows in {@link CLOUDS} order). */
export async function runStrategies(
  input: StrategyInput,
  s: OptimizerSettings,
  now: () => number,
  onStep: (key: string) => void = () => {},
): Promise<StrategyOutcome[]> {
  const pr = prepare(input);
  const out: StrategyOutcome[] = [];
  const step = (o: StrategyOutcome): void => {
    out.push(o);
    onStep(o.key);
  };
  if (!pr.ok) {
    const fail = (strategy: StrategyId, key: string, label: string): StrategyOutcome => ({
      strategy,
      key,
      label,
      feasible: false,
      reason: pr.reason,
      violations: {},
      notes: [],
      placements: [],
      wallSec: 0,
    });
    step(fail('single-cheapest-region', 'single-cheapest-region', 'single cheapest region'));
    for (const c of CLOUDS) step(fail('cheapest-region-per-cloud', `cheapest-region-per-cloud:${c}`, `cheapest ${c} region`));
    step(fail('cheapest-offering', 'cheapest-offering', 'cheapest offering (+repair)'));
    step(fail('greedy', 'greedy', 'greedy (SkyShift-style)'));
  } else {
    const p = pr.prepared;
    step(singleSite(p, 'single-cheapest-region', 'single-cheapest-region', 'single cheapest region', undefined, now));
    for (const c of CLOUDS) step(singleSite(p, 'cheapest-region-per-cloud', `cheapest-region-per-cloud:${c}`, `cheapest ${c} region`, c, now));
    step(cheapestOffering(p, now));
    step(greedy(p, now));
  }
  step(await optimizer(input, s, now));
  return out;
}

/** Number of strategy rows per suite (for progress bars). */
export const ROWS_PER_SUITE = 3 + CLOUDS.length + 1;

/** Option of a chosen placement, re-exported for tests. */
export { optionOf };
