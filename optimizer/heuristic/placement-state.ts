/**
 * A mutable placement state with incremental move evaluation: what it would cost, and which policy
 * constraints it would break, to move one placement of a component to another candidate location.
 * Used by the local-search heuristic (which gives the solver a warm start and the benchmarks a greedy
 * baseline) and by the explanations.
 */
import type { Application } from '../model/application.js';
import { optionOf, routeEdge, type Assignment, type Chosen } from '../model/assignment.js';
import { describeSelector, selectorMatches, type CandidateSet } from '../model/candidates.js';
import type { EdgePairs, PairTable } from '../model/pair-table.js';
import { joinedByTunnel } from '../../src/catalog/gateway.js';
import type { SiteInfo } from '../../src/catalog/types.js';

/** The effect of one move. */
export interface MoveEffect {
  readonly deltaUsd: number;
  /** Constraints the move breaks (or leaves broken); empty when the resulting state is feasible there. */
  readonly breaks: readonly string[];
}

export class PlacementState {
  private readonly chosen: Chosen[][];
  private readonly incident: number[][];
  private readonly sitePlacements = new Map<string, number>();
  private readonly siteVcpus = new Map<string, number>();
  private readonly siteGpus = new Map<string, number>();
  /**
   * Per site, the tunnel pairs touching it: (edge, placement of one end, placement of the other end) at two
   * sites joined by a tunnel (model/gateways.ts). A site with a priced gateway pays it while its count is > 0.
   */
  private readonly tunnelPairs: SiteCounts;
  /** Scratch counts of one move's tunnel change (tunnelChange), emptied after each use. */
  private readonly tunnelDelta: SiteCounts;
  /** Site number of each candidate location, per component (numbers index the arrays below). */
  private readonly siteNo: Int32Array[];
  /** The site of each site number. */
  private readonly siteOfNo: SiteInfo[] = [];
  /** Per site number: the gateway's USD per hour, NaN where it has no priced gateway. */
  private readonly gatewayUsdHr: Float64Array;
  /** Cost of each edge in the current state (every move evaluation compares against it); cleared by apply. */
  private readonly currentEdgeCost = new Map<number, { cost: number; unreachable: number }>();
  /**
   * Per edge between two components, for each source placement in the current state: the destination placement
   * it sends to and the next best one (indices into the destination's placements, -1 for none within the
   * bound), by routeEdge's order. A move then re-prices one row, or one candidate per row, instead of the whole
   * edge (movedEdgeCost). Cleared by apply with the edge costs.
   */
  private readonly edgeRows = new Map<number, { best: Int32Array; second: Int32Array }>();
  /** Per component, how many of its current placements meet each of its required groups. */
  private readonly cover: Int32Array[];
  /** Per component and location, 1 for each required group the location meets (made on first use). */
  private readonly meets: (Uint8Array | undefined)[][];
  /** Location-only parts of move effects in the current state (locationEffect); cleared by apply. */
  private readonly locationEffects = new Map<number, MoveEffect[]>();
  /** One more than the most candidate locations of a component, for the numeric memo keys. */
  private readonly locationSlots: number;
  /** Per component, how many of its current placements are at each of its candidate locations. */
  private readonly atLocation: Int32Array[];
  /** Per component, the placements beyond the first at each location (0 when no two share one). */
  private readonly sharedLocations: Int32Array;
  /**
   * Per pair of site numbers (row-major), whether the two are joined by a tunnel (joinedByTunnel), filled on first
   * use: 0 not known yet, 1 joined, 2 not joined (the same site, or peered).
   */
  private readonly tunnelJoined: Uint8Array;
  /** The latency break of each edge, per side of the moved component (index 2e: it is the source). */
  private readonly latencyBreaks: (string | undefined)[] = [];

  constructor(
    private readonly app: Application,
    private readonly cands: CandidateSet,
    private readonly pairs: PairTable,
    initial: Assignment,
  ) {
    this.chosen = initial.map((ps) => ps.map((p) => ({ ...p })));
    this.incident = app.components.map(() => []);
    app.edges.forEach((e, i) => {
      this.incident[e.from]?.push(i);
      if (e.to !== e.from) this.incident[e.to]?.push(i);
    });
    this.locationSlots = Math.max(0, ...cands.components.map((cc) => cc.locations.length)) + 1;
    this.cover = app.components.map((comp) => new Int32Array(comp.required.length));
    this.meets = app.components.map(() => []);
    this.atLocation = cands.components.map((cc) => new Int32Array(cc.locations.length));
    this.sharedLocations = new Int32Array(app.components.length);
    this.chosen.forEach((ps, c) => ps.forEach((p) => this.account(c, p, 1)));
    const sites = new Map<string, number>();
    const gateway: number[] = [];
    this.siteNo = cands.components.map((cc) =>
      Int32Array.from(cc.locations, ({ location: { site } }) => {
        let n = sites.get(site.key);
        if (n === undefined) {
          n = sites.size;
          sites.set(site.key, n);
          this.siteOfNo.push(site);
          gateway.push(cands.gatewayUsdHr.get(site.key) ?? Number.NaN);
        }
        return n;
      }),
    );
    this.gatewayUsdHr = Float64Array.from(gateway);
    this.tunnelJoined = new Uint8Array(sites.size * sites.size);
    this.tunnelPairs = new SiteCounts(sites.size);
    this.tunnelDelta = new SiteCounts(sites.size);
    app.edges.forEach((_, e) => this.countTunnels(e, this.tunnelPairs, 1));
  }

  /** Adds sign × the tunnel pairs of edge e (with component override.c placed as given) into counts. */
  private countTunnels(e: number, counts: SiteCounts, sign: 1 | -1, override?: { c: number; placements: readonly Chosen[] }): void {
    const edge = this.app.edges[e];
    if (!edge) return;
    const of = (c: number) => (override && override.c === c ? override.placements : (this.chosen[c] ?? []));
    for (const p of of(edge.from)) this.countPairsOf(edge.from, p, edge.to, of(edge.to), counts, sign);
  }

  /** Adds sign × the tunnel pairs between placement p of component c and the placements `others` of component o. */
  private countPairsOf(c: number, p: Chosen, o: number, others: readonly Chosen[], counts: SiteCounts, sign: 1 | -1): void {
    const a = this.siteNo[c]?.[p.l];
    const ofOther = this.siteNo[o];
    if (a === undefined || ofOther === undefined) return;
    const joined = this.tunnelJoined;
    const row = a * this.siteOfNo.length;
    for (let k = 0; k < others.length; k += 1) {
      const b = ofOther[(others[k] as Chosen).l];
      if (b === undefined) continue;
      let link = joined[row + b] as number;
      if (link === 0) {
        link = a !== b && joinedByTunnel(this.siteOfNo[a] as SiteInfo, this.siteOfNo[b] as SiteInfo) ? 1 : 2;
        joined[row + b] = link;
      }
      if (link !== 1) continue;
      counts.add(a, sign);
      counts.add(b, sign);
    }
  }

  /**
   * The change of the tunnel counts when placement `before` of c becomes `after` (the placements of c then being
   * `moved`). On an edge to another component only the pairs of the moved placement change, and none when it
   * stays at its site; a self-edge is recounted whole.
   */
  private tunnelChange(c: number, before: Chosen | undefined, after: Chosen | undefined, moved: readonly Chosen[], siteChanges: boolean): SiteCounts {
    const counts = this.tunnelDelta;
    for (const e of this.incident[c] ?? []) {
      const edge = this.app.edges[e];
      if (!edge) continue;
      if (edge.from === edge.to) {
        this.countTunnels(e, counts, -1);
        this.countTunnels(e, counts, 1, { c, placements: moved });
        continue;
      }
      if (!siteChanges) continue;
      const other = edge.from === c ? edge.to : edge.from;
      const others = this.chosen[other] ?? [];
      if (before) this.countPairsOf(c, before, other, others, counts, -1);
      if (after) this.countPairsOf(c, after, other, others, counts, 1);
    }
    return counts;
  }

  /**
   * Change of the gateway cost when the tunnel counts change by `delta` (sites with a priced gateway only), in
   * the order the sites were first counted; empties `delta`.
   */
  private gatewayDelta(delta: SiteCounts): number {
    let usd = 0;
    for (const site of delta.sites()) {
      const d = delta.values[site] as number;
      const price = this.gatewayUsdHr[site] as number;
      if (d === 0 || Number.isNaN(price)) continue;
      const before = (this.tunnelPairs.values[site] as number) > 0;
      const after = (this.tunnelPairs.values[site] as number) + d > 0;
      if (before !== after) usd += (after ? 1 : -1) * price * this.app.horizonHours;
    }
    delta.clear();
    return usd;
  }

  /** The current assignment (a copy). */
  assignment(): Assignment {
    return this.chosen.map((ps) => ps.map((p) => ({ ...p })));
  }

  placements(c: number): readonly Chosen[] {
    return this.chosen[c] ?? [];
  }

  private account(c: number, p: Chosen, sign: 1 | -1): void {
    const { location, option } = optionOf(this.cands, c, p);
    const k = location.site.key;
    this.sitePlacements.set(k, (this.sitePlacements.get(k) ?? 0) + sign);
    this.siteVcpus.set(k, (this.siteVcpus.get(k) ?? 0) + sign * option.vcpus);
    this.siteGpus.set(k, (this.siteGpus.get(k) ?? 0) + sign * option.gpus);
    const cover = this.cover[c];
    const meets = this.groupsMet(c, p.l);
    if (cover) for (let g = 0; g < cover.length; g++) cover[g] = (cover[g] as number) + sign * (meets[g] as number);
    const at = this.atLocation[c];
    if (at !== undefined && p.l >= 0 && p.l < at.length) {
      const before = at[p.l] as number;
      at[p.l] = before + sign;
      // A placement beyond the first at its location adds one shared placement; removing one takes it away.
      if (sign === 1 ? before >= 1 : before >= 2) this.sharedLocations[c] = (this.sharedLocations[c] as number) + sign;
    }
  }

  /**
   * True when two placements of c would share a location once placement `index` is replaced by `next` (index ===
   * length: added; next undefined: removed), from the per-location counts instead of a set of the moved placements.
   */
  private sharesLocationAfter(c: number, index: number, next: Chosen | undefined): boolean {
    const at = this.atLocation[c];
    const before = this.chosen[c]?.[index];
    if (at === undefined) return false;
    let shared = this.sharedLocations[c] as number;
    if (before !== undefined && (at[before.l] as number) >= 2) shared -= 1;
    if (next !== undefined) {
      const there = (at[next.l] ?? 0) - (before !== undefined && before.l === next.l ? 1 : 0);
      if (there >= 1) shared += 1;
    }
    return shared > 0;
  }

  /** Which required groups of component c location l meets (1 or 0 per group). */
  private groupsMet(c: number, l: number): Uint8Array {
    const known = this.meets[c]?.[l];
    if (known !== undefined) return known;
    const loc = this.cands.components[c]?.locations[l]?.location;
    const groups = this.cands.components[c]?.component.required ?? [];
    const out = Uint8Array.from(groups, (group) => (loc !== undefined && group.some((sel) => selectorMatches(sel, loc.site, loc.zone)) ? 1 : 0));
    const row = this.meets[c];
    if (row) row[l] = out;
    return out;
  }

  private edgeCost(e: number, override?: { c: number; placements: readonly Chosen[] }): { cost: number; unreachable: number } {
    const edge = this.app.edges[e];
    if (!edge) return { cost: 0, unreachable: 0 };
    const cached = override === undefined ? this.currentEdgeCost.get(e) : undefined;
    if (cached !== undefined) return cached;
    const of = (c: number) => (override && override.c === c ? override.placements : (this.chosen[c] ?? []));
    const r = routeEdge(this.app, this.pairs, e, of(edge.from), of(edge.to));
    const result = { cost: r.flows.reduce((s, f) => s + f.costUsd, 0), unreachable: r.unreachable.length };
    if (override === undefined) this.currentEdgeCost.set(e, result);
    return result;
  }

  /** True when destination location m sends cheaper than location n for source location l (routeEdge's order). */
  private beats(e: number, l: number, m: number, n: number): boolean {
    const table = this.pairs.edges[e] as EdgePairs;
    const km = l * table.cols + m;
    const kn = l * table.cols + n;
    const pm = table.usdPerGB[km] as number;
    const pn = table.usdPerGB[kn] as number;
    if (pm < pn - 1e-15) return true;
    if (Math.abs(pm - pn) > 1e-15) return false;
    const rm = table.rttMs[km] as number;
    const rn = table.rttMs[kn] as number;
    if (rm !== rn) return rm < rn;
    const dst = this.cands.components[(this.app.edges[e] as Application['edges'][number]).to]?.locations ?? [];
    return (dst[m]?.location.key ?? '') < (dst[n]?.location.key ?? '');
  }

  private reachable(e: number, l: number, m: number): boolean {
    const table = this.pairs.edges[e] as EdgePairs;
    return (table.rttMs[l * table.cols + m] as number) <= (this.app.edges[e]?.latencyMs ?? Number.POSITIVE_INFINITY);
  }

  /** The rows of edge e in the current state (see edgeRows). */
  private rowsOf(e: number): { best: Int32Array; second: Int32Array } {
    const known = this.edgeRows.get(e);
    if (known !== undefined) return known;
    const edge = this.app.edges[e] as Application['edges'][number];
    const src = this.chosen[edge.from] ?? [];
    const dst = this.chosen[edge.to] ?? [];
    const best = new Int32Array(src.length).fill(-1);
    const second = new Int32Array(src.length).fill(-1);
    src.forEach((p, i) => {
      let b = -1;
      let s2 = -1;
      dst.forEach((q, j) => {
        if (!this.reachable(e, p.l, q.l)) return;
        if (b < 0 || this.beats(e, p.l, q.l, (dst[b] as Chosen).l)) {
          s2 = b;
          b = j;
        } else if (s2 < 0 || this.beats(e, p.l, q.l, (dst[s2] as Chosen).l)) s2 = j;
      });
      best[i] = b;
      second[i] = s2;
    });
    const rows = { best, second };
    this.edgeRows.set(e, rows);
    return rows;
  }

  /**
   * The cost of edge e (between two components, one of them c) once placement `index` of c is replaced by `next`
   * (index === length: added; next undefined: removed), from the current rows: the same sum, in the same order,
   * as routeEdge over the moved placements, so the two agree to the last bit.
   */
  private movedEdgeCost(e: number, c: number, index: number, next: Chosen | undefined): { cost: number; unreachable: number } {
    const edge = this.app.edges[e] as Application['edges'][number];
    const table = this.pairs.edges[e] as EdgePairs;
    const { best, second } = this.rowsOf(e);
    const src = this.chosen[edge.from] ?? [];
    const dst = this.chosen[edge.to] ?? [];
    const usdPerGB = table.usdPerGB;
    const cols = table.cols;
    const volumeGB = edge.volumeGB;
    let cost = 0;
    let unreachable = 0;
    if (edge.from === c) {
      // One source row changes: the moved placement's, priced afresh against the destination's placements.
      const fresh = (l: number): void => {
        let b = -1;
        for (let j = 0; j < dst.length; j += 1) {
          const q = dst[j] as Chosen;
          if (this.reachable(e, l, q.l) && (b < 0 || this.beats(e, l, q.l, (dst[b] as Chosen).l))) b = j;
        }
        if (b < 0) unreachable += 1;
        else cost += (usdPerGB[l * cols + (dst[b] as Chosen).l] as number) * volumeGB;
      };
      for (let i = 0; i < src.length; i += 1) {
        if (i === index) {
          if (next !== undefined) fresh(next.l);
          continue;
        }
        const b = best[i] as number;
        if (b < 0) unreachable += 1;
        else cost += (usdPerGB[(src[i] as Chosen).l * cols + (dst[b] as Chosen).l] as number) * volumeGB;
      }
      if (index === src.length && next !== undefined) fresh(next.l);
      return { cost, unreachable };
    }
    // A destination placement changes: each source row keeps its best unless that was the moved one (then its
    // next best), and the new location competes.
    for (let i = 0; i < src.length; i += 1) {
      const l = (src[i] as Chosen).l;
      const b = best[i] as number;
      const kept = b === index ? (second[i] as number) : b;
      let m = kept < 0 ? -1 : (dst[kept] as Chosen).l;
      if (next !== undefined && this.reachable(e, l, next.l) && (m < 0 || this.beats(e, l, next.l, m))) m = next.l;
      if (m < 0) unreachable += 1;
      else cost += (usdPerGB[l * cols + m] as number) * volumeGB;
    }
    return { cost, unreachable };
  }

  /**
   * The constraints component c breaks in the current state (`no placement` when it has none). Every placement
   * is looked at: a quota is checked at the site of the placement being evaluated.
   */
  currentBreaks(c: number): readonly string[] {
    const ps = this.chosen[c] ?? [];
    if (ps.length === 0) return ['no placement'];
    return [...new Set(ps.flatMap((p, i) => this.evaluate(c, i, p).breaks))];
  }

  /**
   * Evaluates replacing placement `index` of component c with `next` (index === length: adding one;
   * next undefined: removing it). With `ignoreUnplaced`, edges to components without any placement yet are
   * not counted as broken (used while a plan is being built).
   */
  evaluate(c: number, index: number, next: Chosen | undefined, ignoreUnplaced = false): MoveEffect {
    const cc = this.cands.components[c];
    const current = this.chosen[c] ?? [];
    if (!cc) return { deltaUsd: 0, breaks: ['unknown component'] };
    const old = index < current.length ? optionOf(this.cands, c, current[index] as Chosen) : undefined;
    const nu = next ? optionOf(this.cands, c, next) : undefined;
    const where = this.locationEffect(c, index, next, ignoreUnplaced);
    const delta = (nu?.option.costUsd ?? 0) - (old?.option.costUsd ?? 0) + where.deltaUsd;
    if (!nu || (nu.location.site.quotas?.vcpus === undefined && nu.location.site.quotas?.gpus === undefined))
      return { deltaUsd: delta, breaks: where.breaks };
    const breaks: string[] = [];
    const site = nu.location.site;
    const freed = old?.location.site.key === site.key ? old.option : undefined;
    const vq = site.quotas?.vcpus;
    if (vq !== undefined && (this.siteVcpus.get(site.key) ?? 0) - (freed?.vcpus ?? 0) + nu.option.vcpus > vq)
      breaks.push(`${site.key}: quota of ${vq} vCPUs`);
    const gq = site.quotas?.gpus;
    if (gq !== undefined && (this.siteGpus.get(site.key) ?? 0) - (freed?.gpus ?? 0) + nu.option.gpus > gq)
      breaks.push(`${site.key}: quota of ${gq} GPUs`);
    return { deltaUsd: delta, breaks: breaks.length === 0 ? where.breaks : [...breaks, ...where.breaks] };
  }

  /**
   * Everything of a move's effect but the flavor option's own price and the quotas: it depends on locations only
   * (migration, cluster fees, transfers, gateways, latency, placement count, required locations, spread).
   * Memoised per (c, index, next location) until the next apply, as the heuristic evaluates every option of a
   * location in turn.
   */
  private locationEffect(c: number, index: number, next: Chosen | undefined, ignoreUnplaced: boolean): MoveEffect {
    // Keyed by (c, next location, ignoreUnplaced), then by placement index (maxLocations may be unbounded).
    const key = (c * this.locationSlots + (next ? next.l + 1 : 0)) * 2 + (ignoreUnplaced ? 1 : 0);
    const known = this.locationEffects.get(key)?.[index];
    if (known !== undefined) return known;
    const cc = this.cands.components[c];
    const current = this.chosen[c] ?? [];
    if (!cc) return { deltaUsd: 0, breaks: ['unknown component'] };
    const moved = current.slice();
    if (next === undefined) moved.splice(index, 1);
    else moved[index] = next;
    const comp = cc.component;
    const before = current[index];
    const oldLoc = before ? cc.locations[before.l] : undefined;
    const newLoc = next ? cc.locations[next.l] : undefined;
    const breaks: string[] = [];
    // The churn term (model/migration.ts): a constant per location.
    let delta = (newLoc?.migrationUsd ?? 0) - (oldLoc?.migrationUsd ?? 0);
    const from = oldLoc?.location.site;
    const to = newLoc?.location.site;
    if (from?.key !== to?.key) {
      if (to && (this.sitePlacements.get(to.key) ?? 0) === 0) delta += to.clusterFeeUsdHr * this.app.horizonHours;
      if (from && (this.sitePlacements.get(from.key) ?? 0) === 1) delta -= from.clusterFeeUsdHr * this.app.horizonHours;
    }
    if (moved.length === 0) breaks.push(`${comp.name}: at least one placement`);
    if (moved.length > comp.maxLocations) breaks.push(`${comp.name}: at most ${comp.maxLocations} location(s) (${comp.path}.maxLocations)`);
    if (moved.length > 1 && this.sharesLocationAfter(c, index, next)) breaks.push(`${comp.name}: two placements in one zone`);
    if (this.cands.gatewayUsdHr.size > 0) delta += this.gatewayDelta(this.tunnelChange(c, before, next, moved, from?.key !== to?.key));
    for (const e of this.incident[c] ?? []) {
      const edge = this.app.edges[e];
      const after = edge && edge.from !== edge.to ? this.movedEdgeCost(e, c, index, next) : this.edgeCost(e, { c, placements: moved });
      delta += after.cost - this.edgeCost(e).cost;
      const otherEnd = edge ? (edge.from === c ? edge.to : edge.from) : -1;
      if (ignoreUnplaced && (this.chosen[otherEnd]?.length ?? 0) === 0) continue;
      if (edge && after.unreachable > 0) breaks.push(this.latencyBreak(e, edge.from === c));
    }
    const cover = this.cover[c];
    const lost = before ? this.groupsMet(c, before.l) : undefined;
    const gained = next ? this.groupsMet(c, next.l) : undefined;
    comp.required.forEach((group, g) => {
      const met = (cover?.[g] ?? 0) - (lost?.[g] ?? 0) + (gained?.[g] ?? 0) > 0;
      if (!met) breaks.push(`${comp.name}: required ${group.map(describeSelector).join(' or ')} (${comp.path}.locationConstraint.required[${g}])`);
    });
    if ((moved.length === 0 || comp.minRegions > 1) && new Set(moved.map((q) => cc.locations[q.l]?.location.site.key)).size < comp.minRegions) {
      breaks.push(`${comp.name}: spread over at least ${comp.minRegions} regions (${comp.path}.spread.minRegions)`);
    }
    if (
      (moved.length === 0 || comp.minProviders > 1) &&
      new Set(moved.map((q) => cc.locations[q.l]?.location.site.platform)).size < comp.minProviders
    ) {
      breaks.push(`${comp.name}: spread over at least ${comp.minProviders} providers (${comp.path}.spread.minProviders)`);
    }
    const effect = { deltaUsd: delta, breaks };
    const byIndex = this.locationEffects.get(key) ?? [];
    byIndex[index] = effect;
    this.locationEffects.set(key, byIndex);
    return effect;
  }

  /** The latency break of edge e, seen from its source (`fromSource`) or its destination; made once per edge and side. */
  private latencyBreak(e: number, fromSource: boolean): string {
    const k = 2 * e + (fromSource ? 0 : 1);
    const known = this.latencyBreaks[k];
    if (known !== undefined) return known;
    const edge = this.app.edges[e] as Application['edges'][number];
    const other = this.app.components[fromSource ? edge.to : edge.from]?.name ?? '?';
    const text = `latency ${edge.latencyMs}ms ${fromSource ? 'to' : 'from'} ${other} (${edge.path}.latency)`;
    this.latencyBreaks[k] = text;
    return text;
  }

  /** Applies a move evaluated by {@link evaluate}. */
  apply(c: number, index: number, next: Chosen | undefined): void {
    const current = this.chosen[c];
    if (!current) return;
    this.locationEffects.clear();
    for (const e of this.incident[c] ?? []) {
      this.currentEdgeCost.delete(e);
      this.edgeRows.delete(e);
      this.countTunnels(e, this.tunnelPairs, -1);
    }
    if (index < current.length) this.account(c, current[index] as Chosen, -1);
    if (next === undefined) current.splice(index, 1);
    else {
      current[index] = next;
      this.account(c, next, 1);
    }
    for (const e of this.incident[c] ?? []) this.countTunnels(e, this.tunnelPairs, 1);
  }
}

/** Signed counts per site number, with the sites in the order they were first counted. */
class SiteCounts {
  readonly values: Int32Array;
  private readonly seen: Uint8Array;
  private readonly order: number[] = [];

  constructor(sites: number) {
    this.values = new Int32Array(sites);
    this.seen = new Uint8Array(sites);
  }

  add(site: number, d: number): void {
    if (this.seen[site] === 0) {
      this.seen[site] = 1;
      this.order.push(site);
    }
    this.values[site] = (this.values[site] as number) + d;
  }

  sites(): readonly number[] {
    return this.order;
  }

  clear(): void {
    for (const site of this.order) {
      this.values[site] = 0;
      this.seen[site] = 0;
    }
    this.order.length = 0;
  }
}
