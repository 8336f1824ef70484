/**
 * The placement problem relaxed to a pairwise one, with dual messages: the object the dual bound works on.
 *
 * Components with a single placement (`maxLocations: 1`) are nodes whose labels are their candidate locations;
 * a node's unary cost θ_c(l) is the cheapest option there plus the migration cost (quotas relaxed), FORBIDDEN outside its required
 * groups (one placement must meet them all). An edge between two such components is a factor with
 * θ_e(l,m) = V_e·price(l,m), FORBIDDEN beyond the latency bound. A site with a cluster fee is a node with labels
 * closed (0) and open (fee), joined to each component that may use it by a factor forbidding a placement in a
 * closed site: the fee term exactly, in pairwise form. Components with several placements, and their edges, are
 * left out; they add their cheapest compute cost as a constant. FORBIDDEN is a finite penalty, every dropped term
 * is non-negative and every dropped constraint a relaxation, so any bound of this problem bounds the real one.
 *
 * Messages reparametrize the costs, θ̃_f(l,m) = θ_f(l,m) − a_f(l) − b_f(m) and θ̃_c(l) = θ_c(l) + Σ_{f∋c} (a_f or
 * b_f)(l), which leaves every placement's cost unchanged; so for any messages Σ_c min θ̃_c + Σ_f min θ̃_f is a
 * lower bound. Fixing c at l gives the bound LB − (min θ̃_c + Σ_{f∋c} min θ̃_f) + T_c(l), with the node total
 * T_c(l) = θ_c(l) + Σ_f min-marginal_f(l) (each taken without c's own message).
 */
import type { Application } from '../model/application.js';
import type { CandidateSet } from '../model/candidates.js';
import type { PairTable } from '../model/pair-table.js';

/** The penalty that stands for "not allowed" (a relaxation of infinity); far above any plan's cost. */
export const FORBIDDEN_USD = 1e9;

export interface Factor {
  /** `edge`: two components (rows and columns are their locations); `site`: a component and a fee site (columns closed, open). */
  readonly kind: 'edge' | 'site';
  readonly rows: number;
  readonly cols: number;
  readonly theta: Float64Array;
  /** Message on the source side (length rows) and on the destination side (length cols). */
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly from: number;
  readonly to: number;
}

export interface Incidence {
  readonly factor: Factor;
  readonly side: 0 | 1;
}

/** The relaxed pairwise problem of an application and its dual messages. */
export class PairwiseRelaxation {
  readonly unary: (Float64Array | undefined)[];
  readonly factors: Factor[] = [];
  readonly incidence: Incidence[][];
  /** Cost the relaxation charges regardless of the placement (components with several placements). */
  readonly constantUsd: number;
  private readonly scratch: Float64Array[] = [];
  /** Nodes below this index are components, the others sites. */
  readonly components: number;

  constructor(app: Application, cands: CandidateSet, pairs: PairTable) {
    this.components = cands.components.length;
    const single = cands.components.map((cc) => cc.component.maxLocations === 1);
    let constant = 0;
    this.unary = cands.components.map((cc, c) => {
      // The migration cost is a constant per location (model/migration.ts), exact in the unary term.
      const cheapest = cc.locations.map((entry) => Math.min(...entry.options.map((o) => o.costUsd)) + (entry.migrationUsd ?? 0));
      if (!single[c]) {
        const groupMins = cc.requiredGroups.map((g) => Math.min(...g.map((l) => cheapest[l] as number)));
        constant += Math.max(Math.min(...cheapest), ...groupMins);
        return undefined;
      }
      const u = Float64Array.from(cheapest);
      for (const group of cc.requiredGroups) {
        const inGroup = new Set(group);
        for (let l = 0; l < u.length; l += 1) if (!inGroup.has(l)) u[l] = (u[l] as number) + FORBIDDEN_USD;
      }
      return u;
    });
    this.constantUsd = constant;
    this.incidence = cands.components.map(() => []);
    const addFactor = (kind: Factor['kind'], from: number, to: number, rows: number, cols: number, theta: Float64Array): void => {
      const f: Factor = { kind, rows, cols, theta, a: new Float64Array(rows), b: new Float64Array(cols), from, to };
      this.factors.push(f);
      this.incidence[from]?.push({ factor: f, side: 0 });
      this.incidence[to]?.push({ factor: f, side: 1 });
    };
    app.edges.forEach((edge, e) => {
      const table = pairs.edges[e];
      if (!table || edge.from === edge.to || !single[edge.from] || !single[edge.to]) return;
      const bound = edge.latencyMs ?? Number.POSITIVE_INFINITY;
      const theta = new Float64Array(table.rows * table.cols);
      for (let k = 0; k < theta.length; k += 1) {
        theta[k] = edge.volumeGB * (table.usdPerGB[k] as number) + ((table.rttMs[k] as number) > bound ? FORBIDDEN_USD : 0);
      }
      addFactor('edge', edge.from, edge.to, table.rows, table.cols, theta);
    });
    // Cluster fees: a node per site with a fee (label 0 closed, 1 open; unary [0, fee]) and a factor per
    // (component, site) forbidding a placement in a closed site.
    const siteNode = new Map<string, number>();
    cands.components.forEach((cc, c) => {
      if (!single[c]) return;
      const bySite = new Map<string, number[]>();
      cc.locations.forEach((entry, l) => {
        const site = entry.location.site;
        if (site.clusterFeeUsdHr <= 0) return;
        let node = siteNode.get(site.key);
        if (node === undefined) {
          node = this.unary.length;
          siteNode.set(site.key, node);
          this.unary.push(Float64Array.of(0, site.clusterFeeUsdHr * app.horizonHours));
          this.incidence.push([]);
        }
        bySite.set(site.key, [...(bySite.get(site.key) ?? []), l]);
      });
      for (const [key, ls] of bySite) {
        const theta = new Float64Array(cc.locations.length * 2);
        for (const l of ls) theta[l * 2] = FORBIDDEN_USD;
        addFactor('site', c, siteNode.get(key) as number, cc.locations.length, 2, theta);
      }
    });
  }

  private buffer(k: number, length: number): Float64Array {
    let buf = this.scratch[k];
    if (!buf || buf.length < length) {
      buf = new Float64Array(length);
      this.scratch[k] = buf;
    }
    return buf;
  }

  /**
   * Min-marginal of a factor onto one side with that side's own message left out:
   * side 0: out[l] = min_m θ(l,m) − b(m); side 1: out[m] = min_l θ(l,m) − a(l).
   */
  static minMarginal(f: Factor, side: 0 | 1, out: Float64Array): void {
    const { rows, cols, theta, a, b } = f;
    if (side === 0) {
      for (let l = 0; l < rows; l += 1) {
        const base = l * cols;
        let best = Number.POSITIVE_INFINITY;
        for (let m = 0; m < cols; m += 1) {
          const v = (theta[base + m] as number) - (b[m] as number);
          if (v < best) best = v;
        }
        out[l] = best;
      }
      return;
    }
    out.fill(Number.POSITIVE_INFINITY, 0, cols);
    for (let l = 0; l < rows; l += 1) {
      const base = l * cols;
      const al = a[l] as number;
      for (let m = 0; m < cols; m += 1) {
        const v = (theta[base + m] as number) - al;
        if (v < (out[m] as number)) out[m] = v;
      }
    }
  }

  /** T_c(l) = θ_c(l) + Σ_e min-marginal_e(l); the per-edge parts stay in the scratch buffers 1..d. */
  nodeTotal(c: number): Float64Array | undefined {
    const u = this.unary[c];
    if (!u) return undefined;
    const total = this.buffer(0, u.length);
    total.set(u);
    const inc = this.incidence[c] ?? [];
    inc.forEach(({ factor, side }, k) => {
      const r = this.buffer(k + 1, u.length);
      PairwiseRelaxation.minMarginal(factor, side, r);
      for (let l = 0; l < u.length; l += 1) total[l] = (total[l] as number) + (r[l] as number);
    });
    return total.subarray(0, u.length);
  }

  /**
   * The star update of node c (the node update of MPLP, Globerson & Jaakkola, NIPS 2007): its total T is spread
   * evenly over the node and its factors. Any split of T with non-negative shares keeps the bound from falling.
   */
  update(c: number): void {
    const inc = this.incidence[c] ?? [];
    if (inc.length === 0) return;
    const total = this.nodeTotal(c);
    if (!total) return;
    const n = this.unary[c]?.length ?? 0;
    const parts = inc.length + 1;
    inc.forEach(({ factor, side }, k) => {
      const r = this.scratch[k + 1] as Float64Array;
      const msg = side === 0 ? factor.a : factor.b;
      for (let l = 0; l < n; l += 1) msg[l] = (r[l] as number) - (total[l] as number) / parts;
    });
  }

  /** θ̃_c: node c's unary cost plus its messages (undefined for components left out). */
  reparametrizedUnary(c: number): Float64Array | undefined {
    const u = this.unary[c];
    if (!u) return undefined;
    const out = Float64Array.from(u);
    for (const { factor, side } of this.incidence[c] ?? []) {
      const msg = side === 0 ? factor.a : factor.b;
      for (let l = 0; l < out.length; l += 1) out[l] = (out[l] as number) + (msg[l] as number);
    }
    return out;
  }

  /** A copy of every message (into `into` when given). */
  saveMessages(into: Float64Array[] = []): Float64Array[] {
    this.factors.forEach((f, i) => {
      into[2 * i] = Float64Array.from(f.a);
      into[2 * i + 1] = Float64Array.from(f.b);
    });
    return into;
  }

  restoreMessages(saved: readonly Float64Array[]): void {
    this.factors.forEach((f, i) => {
      f.a.set(saved[2 * i] as Float64Array);
      f.b.set(saved[2 * i + 1] as Float64Array);
    });
  }

  private nodeMin(c: number): number {
    const u = this.unary[c];
    if (!u) return 0;
    let best = Number.POSITIVE_INFINITY;
    const inc = this.incidence[c] ?? [];
    for (let l = 0; l < u.length; l += 1) {
      let v = u[l] as number;
      for (const { factor, side } of inc) v += (side === 0 ? factor.a : factor.b)[l] as number;
      if (v < best) best = v;
    }
    return best;
  }

  private static factorMin(f: Factor): number {
    let best = Number.POSITIVE_INFINITY;
    for (let l = 0; l < f.rows; l += 1) {
      const base = l * f.cols;
      const al = f.a[l] as number;
      for (let m = 0; m < f.cols; m += 1) {
        const v = (f.theta[base + m] as number) - al - (f.b[m] as number);
        if (v < best) best = v;
      }
    }
    return best;
  }

  /** The bound of the current messages, and per node the part its star contributes. */
  bound(): { total: number; nodeMin: Float64Array; factorMin: Map<Factor, number> } {
    const nodeMin = new Float64Array(this.unary.length);
    let total = this.constantUsd;
    this.unary.forEach((_, c) => {
      nodeMin[c] = this.nodeMin(c);
      total += nodeMin[c] as number;
    });
    const factorMin = new Map<Factor, number>();
    for (const f of this.factors) {
      const v = PairwiseRelaxation.factorMin(f);
      factorMin.set(f, v);
      total += v;
    }
    return { total, nodeMin, factorMin };
  }

  /** Per single-placement component and location, the bound of every plan that puts it there. */
  locationBounds(b: ReturnType<PairwiseRelaxation['bound']>): (Float64Array | undefined)[] {
    return this.unary.map((u, c) => {
      if (!u) return undefined;
      const total = this.nodeTotal(c) as Float64Array;
      let star = b.nodeMin[c] as number;
      for (const { factor } of this.incidence[c] ?? []) star += b.factorMin.get(factor) as number;
      const out = new Float64Array(u.length);
      for (let l = 0; l < u.length; l += 1) out[l] = b.total - star + (total[l] as number);
      return out;
    });
  }

  /**
   * Decodes a placement: components in order, each at the location minimizing its unary cost plus the true
   * pairwise cost to neighbours already decoded plus the min-marginals of the others.
   */
  decode(): Int32Array {
    const label = new Int32Array(this.unary.length).fill(-1);
    this.unary.forEach((u, c) => {
      if (!u) return;
      const score = Float64Array.from(u);
      const r = this.buffer(1, u.length);
      for (const { factor, side } of this.incidence[c] ?? []) {
        const other = side === 0 ? factor.to : factor.from;
        const x = label[other] as number;
        if (x >= 0) {
          for (let l = 0; l < u.length; l += 1) {
            score[l] = (score[l] as number) + (factor.theta[side === 0 ? l * factor.cols + x : x * factor.cols + l] as number);
          }
        } else {
          PairwiseRelaxation.minMarginal(factor, side, r);
          for (let l = 0; l < u.length; l += 1) score[l] = (score[l] as number) + (r[l] as number);
        }
      }
      let best = 0;
      for (let l = 1; l < u.length; l += 1) if ((score[l] as number) < (score[best] as number)) best = l;
      label[c] = best;
    });
    return label;
  }
}
