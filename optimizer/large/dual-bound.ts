/**
 * A lower bound on the placement problem, with a bound for every (component, location) and a placement
 * decoded from it; it lets the optimizer prove a gap, and discard locations, on models too large to give whole
 * to the MILP solver. It works on the pairwise relaxation (optimizer/large/pairwise-relaxation.ts): any messages give
 * a valid bound, and two ways improve them:
 *  - block-coordinate ascent (MPLP star updates), cheap and monotone but slow to move the cluster fees;
 *  - the relaxation's LP over a few promising locations per component, solved by an LP solver whose row duals
 *    become the messages (extended to the other locations so that the bound stays valid), repeated while a left-out
 *    location has a negative reduced cost (column generation).
 * The bound is always evaluated here, as Σ of minima of the reparametrized costs, never taken from the solver.
 */
import type { Application } from '../model/application.js';
import type { CandidateSet } from '../model/candidates.js';
import type { PairTable } from '../model/pair-table.js';
import { PairwiseRelaxation } from './pairwise-relaxation.js';
import { applyLpDuals, buildRelaxationLp, type LabelSets } from './relaxation-lp.js';
import type { SolverBackend } from '../solvers/types.js';

export interface DualOptions {
  /** MPLP sweeps before the LP rounds (all of them without an LP solver). @default 30 */
  readonly sweeps?: number;
  /** LP solver for the column-generation rounds (HiGHS: it reports row duals); none: sweeps only. */
  readonly lpSolver?: SolverBackend;
  /** Locations per component in the first LP round. @default 8 */
  readonly initialLabels?: number;
  /** Sweeps after each LP round (they win back what extending the LP's duals gives away). @default 60 */
  readonly polishSweeps?: number;
  /** Most column-generation rounds. @default 4 */
  readonly maxRounds?: number;
  /** Locations every component must keep in the LP (e.g. a known feasible plan's). */
  readonly mustKeep?: readonly (readonly number[])[];
  /** Wall-clock budget in ms. */
  readonly budgetMs?: number;
  readonly now?: () => number;
}

export interface DualBound {
  /** A lower bound (USD over the horizon) on every plan's cost. */
  readonly lowerBoundUsd: number;
  /**
   * locationBoundUsd[c][l]: a lower bound on every plan that places single-placement component c at its
   * candidate location l; undefined for components with several placements (never bounded per location).
   */
  readonly locationBoundUsd: readonly (Float64Array | undefined)[];
  /** A location per single-placement component decoded from the dual (-1 for the others). */
  readonly decoded: Int32Array;
  /** Sweeps run in all. */
  readonly sweeps: number;
  readonly lpRounds: number;
}

/**
 * Runs up to `count` sweeps (alternately forward and backward over the nodes), stopping early once `stop()` says so
 * (checked before each sweep), and returns how many ran.
 */
function sweep(relax: PairwiseRelaxation, count: number, stop: () => boolean = () => false): number {
  const n = relax.unary.length;
  let s = 0;
  for (; s < count && !stop(); s += 1) for (let i = 0; i < n; i += 1) relax.update(s % 2 === 0 ? i : n - 1 - i);
  return s;
}

/** An LP round is not started with less than this left of the budget (it could not finish). */
const MIN_LP_ROUND_MS = 100;

/** Locations with the lowest node totals, per component (the kept sets of the first LP round). */
function promisingLabels(relax: PairwiseRelaxation, count: number, mustKeep: readonly (readonly number[])[] | undefined): LabelSets {
  return relax.unary.slice(0, relax.components).map((u, c) => {
    if (!u) return [];
    const total = relax.nodeTotal(c) as Float64Array;
    const order = Array.from(total.keys()).sort((x, y) => (total[x] as number) - (total[y] as number));
    return [...new Set([...order.slice(0, count), ...(mustKeep?.[c] ?? [])])].sort((x, y) => x - y);
  });
}

/**
 * Left-out locations whose reparametrized unary cost is below the best kept one (the LP would want them),
 * at most `perComponent` per component; empty when the LP's optimum holds over every location.
 */
function pricedOut(relax: PairwiseRelaxation, labels: LabelSets, perComponent: number): number[][] {
  return labels.map((kept, c) => {
    const theta = relax.reparametrizedUnary(c);
    if (!theta || kept.length === 0) return [];
    const inKept = new Set(kept);
    const best = Math.min(...kept.map((l) => theta[l] as number));
    const tolerance = 1e-6 * Math.max(1, Math.abs(best));
    return Array.from(theta.keys())
      .filter((l) => !inKept.has(l) && (theta[l] as number) < best - tolerance)
      .sort((x, y) => (theta[x] as number) - (theta[y] as number))
      .slice(0, perComponent);
  });
}

/** Computes the bound, per-location bounds and a decoded placement. */
export async function computeDualBound(app: Application, cands: CandidateSet, pairs: PairTable, options: DualOptions = {}): Promise<DualBound> {
  const now = options.now ?? (() => 0);
  const start = now();
  const outOfTime = (): boolean => options.budgetMs !== undefined && now() - start > options.budgetMs;
  const relax = new PairwiseRelaxation(app, cands, pairs);
  let sweeps = sweep(relax, options.sweeps ?? 30, outOfTime);
  let rounds = 0;
  const leftMs = (): number => (options.budgetMs === undefined ? 60_000 : options.budgetMs - (now() - start));
  // Without the time for one LP round, its preparation (label choice, saved messages) is not started either.
  if (options.lpSolver && leftMs() >= MIN_LP_ROUND_MS) {
    let labels = promisingLabels(relax, options.initialLabels ?? 8, options.mustKeep);
    const saved = relax.saveMessages();
    let best = relax.bound().total;
    while (rounds < (options.maxRounds ?? 4) && leftMs() >= MIN_LP_ROUND_MS) {
      const lp = buildRelaxationLp(relax, labels);
      const remainingSec = leftMs() / 1000;
      if (remainingSec <= 0) break;
      const solved = await options.lpSolver.solve(lp.model, { timeLimitSec: remainingSec, mipRelGap: 0 });
      rounds += 1;
      if (solved.status !== 'optimal' || !solved.rowDuals) break;
      applyLpDuals(relax, lp, solved.rowDuals);
      sweeps += sweep(relax, options.polishSweeps ?? 60, outOfTime);
      const value = relax.bound().total;
      if (value > best) {
        best = value;
        relax.saveMessages(saved);
      }
      const more = pricedOut(relax, labels, 4);
      if (more.every((m) => m.length === 0)) break;
      labels = labels.map((kept, c) => [...kept, ...(more[c] ?? [])].sort((x, y) => x - y));
    }
    relax.restoreMessages(saved);
    // The rest of the budget goes to sweeps from the best messages (they only raise the bound), while they do.
    let last = relax.bound().total;
    while (options.budgetMs !== undefined && !outOfTime()) {
      sweeps += sweep(relax, 10, outOfTime);
      const value = relax.bound().total;
      if (value - last <= 1e-7 * Math.max(1, Math.abs(value))) break;
      last = value;
    }
  }
  const b = relax.bound();
  const components = cands.components.length;
  return {
    lowerBoundUsd: b.total,
    locationBoundUsd: relax.locationBounds(b).slice(0, components),
    decoded: relax.decode().slice(0, components),
    sweeps,
    lpRounds: rounds,
  };
}
