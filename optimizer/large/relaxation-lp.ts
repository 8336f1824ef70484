/**
 * The LP of the pairwise relaxation over a few locations per component, and its row duals turned back into
 * messages. Columns: x[c,l] for the kept locations, y_e(l,m) for the allowed kept pairs of each edge, open_s per
 * fee site. Rows: Σ_l x[c,l] = 1; per edge Σ_m y_e(l,m) = x[u,l] and Σ_l y_e(l,m) = x[v,m] (the transportation
 * form); per component and fee site Σ_{l ∈ s} x[c,l] ≤ open_s. With row duals α, β, μ the reduced cost of
 * y_e(l,m) is θ_e(l,m) − α_l − β_m, so a_e = α and b_e = β are messages under which every kept pair costs at
 * least 0; the fee rows give the site factors a(l) = μ for l ∈ s and b = (0, −μ). Left-out locations get the
 * largest messages that keep every pair at or above 0, so the bound evaluated from them stays valid.
 */
import { ModelBuilder } from '../model/model-builder.js';
import { FORBIDDEN_USD, type Factor, type PairwiseRelaxation } from './pairwise-relaxation.js';
import type { LinearModel } from '../solvers/types.js';

/** Per component, the kept locations (indices into its candidate locations); empty for components left out. */
export type LabelSets = readonly (readonly number[])[];

export interface RelaxationLp {
  readonly model: LinearModel;
  /** Per factor, the row of each kept label: source side (edge rows, or the site row under key 0) and target side. */
  readonly rows: ReadonlyMap<Factor, { readonly source: ReadonlyMap<number, number>; readonly target: ReadonlyMap<number, number> }>;
}

const isForbidden = (v: number): boolean => v >= FORBIDDEN_USD / 2;

/** Builds the LP over the kept locations. */
export function buildRelaxationLp(relax: PairwiseRelaxation, labels: LabelSets): RelaxationLp {
  const b = new ModelBuilder('pairwise_relaxation');
  const x: Map<number, number>[] = relax.unary.map(() => new Map());
  labels.forEach((kept, c) => {
    const u = relax.unary[c];
    if (!u || c >= relax.components) return;
    const cols: number[] = [];
    for (const l of kept) {
      if (isForbidden(u[l] as number)) continue;
      const v = b.addVariable(`x_${c}_${l}`, 'continuous', 0, 1, u[l] as number);
      x[c]?.set(l, v);
      cols.push(v);
    }
    b.addConstraint(
      `place_${c}`,
      cols,
      cols.map(() => 1),
      1,
      1,
    );
  });
  const open = new Map<number, number>();
  for (let s = relax.components; s < relax.unary.length; s += 1) {
    open.set(s, b.addVariable(`open_${s}`, 'continuous', 0, 1, (relax.unary[s] as Float64Array)[1] as number));
  }
  const rows = new Map<Factor, { source: Map<number, number>; target: Map<number, number> }>();
  for (const f of relax.factors) {
    const xs = x[f.from] as Map<number, number>;
    if (f.kind === 'site') {
      const inSite = [...xs.keys()].filter((l) => isForbidden(f.theta[l * 2] as number));
      const source = new Map<number, number>();
      if (inSite.length > 0) {
        const vars = [...inSite.map((l) => xs.get(l) as number), open.get(f.to) as number];
        source.set(
          0,
          b.addConstraint(
            `fee_${f.from}_${f.to}`,
            vars,
            vars.map((_, i) => (i < inSite.length ? 1 : -1)),
            Number.NEGATIVE_INFINITY,
            0,
          ),
        );
      }
      rows.set(f, { source, target: new Map() });
      continue;
    }
    const xt = x[f.to] as Map<number, number>;
    const byTarget = new Map<number, number[]>([...xt.keys()].map((m) => [m, []]));
    const source = new Map<number, number>();
    for (const [l, xl] of xs) {
      const ys: number[] = [];
      for (const [m] of xt) {
        const cost = f.theta[l * f.cols + m] as number;
        if (isForbidden(cost)) continue;
        const y = b.addVariable(`y_${l}_${m}`, 'continuous', 0, 1, cost);
        ys.push(y);
        byTarget.get(m)?.push(y);
      }
      source.set(l, b.addConstraint(`row_${l}`, [...ys, xl], [...ys.map(() => 1), -1], 0, 0));
    }
    const target = new Map<number, number>();
    for (const [m, ys] of byTarget) target.set(m, b.addConstraint(`col_${m}`, [...ys, xt.get(m) as number], [...ys.map(() => 1), -1], 0, 0));
    rows.set(f, { source, target });
  }
  return { model: b.build(), rows };
}

/**
 * Sets every factor's messages from the LP's row duals, then extends them to the left-out locations so that
 * every pair keeps a reduced cost of at least 0 (the bound stays valid) without starving either end:
 *  1. each left-out location first gets the largest message its kept partners allow;
 *  2. a left-out location of a component keeps only what lifts its cost to the component's best kept one (the
 *     surplus, taken from its largest messages first, is left for left-out partners);
 *  3. pairs of two left-out locations still below 0 lower the source side's message.
 */
export function applyLpDuals(relax: PairwiseRelaxation, lp: RelaxationLp, duals: readonly number[]): void {
  const edges: { f: Factor; keptRows: readonly number[]; keptCols: ReadonlySet<number> }[] = [];
  for (const f of relax.factors) {
    const r = lp.rows.get(f);
    if (!r) continue;
    if (f.kind === 'site') {
      const row = r.source.get(0);
      const mu = row === undefined ? 0 : Math.max(0, -(duals[row] as number));
      f.b[0] = 0;
      f.b[1] = -mu;
      for (let l = 0; l < f.rows; l += 1) f.a[l] = Math.min(f.theta[l * 2] as number, (f.theta[l * 2 + 1] as number) + mu);
      continue;
    }
    for (const [l, row] of r.source) f.a[l] = duals[row] as number;
    for (const [m, row] of r.target) f.b[m] = duals[row] as number;
    const keptRows = [...r.source.keys()];
    const keptCols = new Set(r.target.keys());
    for (let m = 0; m < f.cols; m += 1) {
      if (keptCols.has(m)) continue;
      let best = FORBIDDEN_USD;
      for (const l of keptRows) best = Math.min(best, (f.theta[l * f.cols + m] as number) - (f.a[l] as number));
      f.b[m] = best;
    }
    const inRows = new Set(keptRows);
    for (let l = 0; l < f.rows; l += 1) {
      if (inRows.has(l)) continue;
      let best = FORBIDDEN_USD;
      for (const m of keptCols) best = Math.min(best, (f.theta[l * f.cols + m] as number) - (f.b[m] as number));
      f.a[l] = best;
    }
    edges.push({ f, keptRows, keptCols });
  }
  trimSurplus(relax, lp);
  for (const { f, keptRows, keptCols } of edges) {
    const inRows = new Set(keptRows);
    for (let l = 0; l < f.rows; l += 1) {
      if (inRows.has(l)) continue;
      let worst = 0;
      for (let m = 0; m < f.cols; m += 1) {
        if (keptCols.has(m)) continue;
        worst = Math.max(worst, (f.a[l] as number) + (f.b[m] as number) - (f.theta[l * f.cols + m] as number));
      }
      f.a[l] = (f.a[l] as number) - worst;
    }
  }
}

/**
 * Step 2 of {@link applyLpDuals}: a left-out location keeps what lifts its cost to the best kept one and gives
 * the surplus back from its largest messages first (water-filling), so that no message stays near FORBIDDEN and
 * starves a left-out partner. Block-coordinate sweeps afterwards win back what this gives away.
 */
function trimSurplus(relax: PairwiseRelaxation, lp: RelaxationLp): void {
  for (let c = 0; c < relax.components; c += 1) {
    const theta = relax.reparametrizedUnary(c);
    if (!theta) continue;
    const inc = (relax.incidence[c] ?? []).filter(({ factor }) => factor.kind === 'edge');
    if (inc.length === 0) continue;
    const kept = new Set<number>();
    for (const { factor, side } of inc) {
      const r = lp.rows.get(factor);
      for (const l of (side === 0 ? r?.source : r?.target)?.keys() ?? []) kept.add(l);
    }
    if (kept.size === 0) continue;
    const best = Math.min(...[...kept].map((l) => theta[l] as number));
    const msgs = inc.map(({ factor, side }) => (side === 0 ? factor.a : factor.b));
    for (let l = 0; l < theta.length; l += 1) {
      const surplus = (theta[l] as number) - best;
      if (kept.has(l) || surplus <= 0) continue;
      const level = waterLevel(
        msgs.map((m) => m[l] as number),
        surplus,
      );
      for (const m of msgs) m[l] = Math.min(m[l] as number, level);
    }
  }
}

/** The level L with Σ max(0, v − L) = amount (amount ≥ 0). */
function waterLevel(values: readonly number[], amount: number): number {
  const sorted = [...values].sort((x, y) => y - x);
  let above = 0;
  for (let k = 0; k < sorted.length; k += 1) {
    above += sorted[k] as number;
    const level = (above - amount) / (k + 1);
    if (k + 1 === sorted.length || level >= (sorted[k + 1] as number)) return level;
  }
  return Number.NEGATIVE_INFINITY;
}
