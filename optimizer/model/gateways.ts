/**
 * The WireGuard gateway term of the objective (docs/atlas.md, "Cost and the cluster fee").
 *
 * Rule (src/catalog/gateway.ts, the one Atlas provisions by): a cloud site s runs a gateway exactly when some
 * edge (u → v, or a self-edge) has one end placed at s and the other end placed at a different site t that is
 * joined to s by a tunnel (another cloud, or an on-prem site). Its cost is gatewayUsdHr(s) × horizon, counted
 * in the site's cluster fee. An on-prem site runs its own end at no catalog cost.
 *
 * Model: g[s] ∈ {0,1} with cost G_s = gatewayUsdHr(s)·H for each candidate site with a priced gateway;
 *   P[c,s] ∈ [0,1], P[c,s] ≥ X[c,l] for l ∈ s            (c is present at s)
 *   Q[c,p] ∈ [0,1], Q[c,p] ≥ X[c,m] for m ∉ clouds of p  (c is present at a tunnel partner of a p-cloud site)
 *   g[s] ≥ P[u,s] + Q[v,p(s)] − 1 and g[s] ≥ P[v,s] + Q[u,p(s)] − 1 for every edge (u, v) and site s.
 * P and Q only appear bounded below and g carries a positive cost, so at integer X every optimal solution has
 * P and Q equal to the presence indicators and g[s] = 1 exactly when the rule says so: the term is exact. Where
 * the right side is a single x column, that column stands for P (or Q) and the variable and its row are left out.
 * The tunnel partners of a cloud site of platform p are every site that is not a cloud region of p (s itself
 * is one), so Q depends on p only, not on s. For a component with a single placement the presence rows are
 * summed (P[c,s] ≥ Σ_{l∈s} X[c,l], valid as the sum is at most 1), which is tighter. For an edge between two
 * single-placement components there is also one row per cloud platform p of `here`'s priced sites:
 *   Σ_{s∈p priced} g[s] ≥ Σ_{l at a priced p site} X[here,l] − Σ_{m on p} X[there,m]
 * (if `here` is at a priced p site and `there` is off p, that site's gateway runs). Implied at integer X, it
 * cuts the LP points that split `here` over several p sites to pay less than one gateway: on the 10-component
 * synthetic app the root bound rose from 1,702.61 to 1,709.54 USD (optimum 1,723.66) and the HiGHS solve in
 * the dry run fell from 4.3 to 2.2 s (medians of 5, same machine and hour). On the 100-component app (presolve
 * on) they slowed the proof from 45 to 50–54 s, so they are added to small models only (below).
 *
 * An edge in the transportation form (model/placement-model.ts: both ends single-placement, y[l,m] = X[u,l]·X[v,m]
 * at integer X) gets, in small models, rows over its pair columns instead of the P/Q rows and the per-platform row.
 * For each priced site s of the edge's source u (and the same with the roles of the ends swapped):
 *   g[s] ≥ Σ_{l at s} X[u,l] − Σ_{l at s} Σ_{m not across a tunnel from s} y[l,m]
 * which, as Σ_m y[l,m] = X[u,l], is g[s] ≥ Σ_{l at s} Σ_{m across} y[l,m] written over the fewer pairs (the
 * ones within s's cloud). Exact at integer X (the right side is 1 exactly when u sits at s and v across a
 * tunnel), it implies the P/Q rows (the pairs within are at most Σ_{m within} X[v,m]), and the LP can no
 * longer split a placement over several sites to pay less than one gateway along the flow.
 * Measured (node dist/benchmarks/gateway-rows.js --sizes 10,20,30 --seeds 6: syntheticApp seeds 1–6, 1.5 edges per
 * component, HiGHS at gap 0, the two forms alternating; docs/optimizer.md "Fourth round"): summed solve times
 * 3.73 → 2.48 s at 10 components (seed 1: 1.73 → 0.34 s), 10.78 → 10.59 s at 20, but 23.97 → 45.12 s at 30,
 * hence PAIR_ROWS_MAX_NONZEROS.
 *
 * Measured (node dist/benchmarks/optimizer-run.js 100 200 highs auto 60, load 1.6): the P/Q form proves the
 * optimum in 29.6 s, against 13.1 s for the build before gateways (whose optimum leaves them out); the rows over
 * the pair columns, added to every model then, did not prove it within 60 s, hence the size rule.
 */
import { joinedByTunnel } from '../../src/catalog/gateway.js';
import type { SiteInfo } from '../../src/catalog/types.js';
import type { Application } from './application.js';
import type { Chosen } from './assignment.js';
import type { CandidateSet } from './candidates.js';
import type { ModelBuilder } from './model-builder.js';

/**
 * The per-platform rows are added only while the model has at most this many nonzeros: the size up to which the
 * HiGHS backend solves without presolve (solvers/backend-common.ts SMALL_MODEL_NONZEROS, the same figure).
 */
export const AGGREGATE_ROWS_MAX_NONZEROS = 100_000;

/**
 * The rows over the transportation columns replace the P/Q rows only while the model, before any gateway row, has
 * at most this many nonzeros (the synthetic apps of 20 components have 40–63 k, those of 30 have 74–95 k; the
 * rows were measured to speed up the former and slow the latter: module comment).
 */
export const PAIR_ROWS_MAX_NONZEROS = 65_000;

/** Which rows link the gateways of transportation edges: by the size rule, the P/Q rows, or the pair rows. */
export type GatewayRows = 'auto' | 'presence' | 'pairs';

/** Sites of a component's placements, once each. */
function sitesOfPlacements(cands: CandidateSet, c: number, placements: readonly Chosen[]): SiteInfo[] {
  const out: SiteInfo[] = [];
  for (const p of placements) {
    const site = cands.components[c]?.locations[p.l]?.location.site;
    if (site && !out.some((s) => s.key === site.key)) out.push(site);
  }
  return out;
}

/**
 * The sites an assignment gives a gateway, with its cost over the horizon (sites without a priced gateway are
 * left out: they cost nothing).
 */
export function gatewayCosts(app: Application, cands: CandidateSet, assignment: readonly (readonly Chosen[])[]): Map<string, number> {
  const linked = new Set<string>();
  const sites = assignment.map((ps, c) => sitesOfPlacements(cands, c, ps));
  for (const edge of app.edges) {
    for (const a of sites[edge.from] ?? []) {
      for (const b of sites[edge.to] ?? []) {
        if (a.key === b.key || !joinedByTunnel(a, b)) continue;
        linked.add(a.key);
        linked.add(b.key);
      }
    }
  }
  const out = new Map<string, number>();
  for (const key of [...linked].sort()) {
    const usdHr = cands.gatewayUsdHr.get(key) ?? 0;
    if (usdHr > 0) out.set(key, usdHr * app.horizonHours);
  }
  return out;
}

/** Adds g, P and Q with their rows (see the module comment). Returns the gateway columns by site key. */
export function addGatewayTerms(
  b: ModelBuilder,
  app: Application,
  cands: CandidateSet,
  xVars: readonly (readonly (readonly number[])[])[],
  transportPairs: ReadonlyMap<number, readonly (readonly [number, number, number])[]> = new Map(),
  rowsOverPairs: GatewayRows = 'auto',
): Map<string, number> {
  const gateway = new Map<string, number>();
  if (cands.gatewayUsdHr.size === 0 || app.edges.length === 0) return gateway;
  const X = (c: number, l: number): readonly number[] => xVars[c]?.[l] ?? [];
  const presence = new Map<string, number>();
  // Nonzeros of the model before any gateway row: the size the substitution and the pair rows go by.
  const nonzerosBefore = b.nonzeroCount;
  // The substitution is made in the models HiGHS solves without presolve only, where it was measured
  // (air-quality); the large models, which HiGHS presolves, keep their P columns as before. (The 1,000-component
  // scaling run first seemed to lose by it, 3.23 % against 1.51 %, but the same build gives either figure from run
  // to run: docs/optimizer.md, "Fifth round".)
  const substitute = nonzerosBefore <= AGGREGATE_ROWS_MAX_NONZEROS;
  /** The x column that is the presence of c at ls by itself (one location, one option), when substituted. */
  const presenceColumn = (c: number, ls: readonly number[]): number | undefined => {
    const only = substitute && ls.length === 1 ? X(c, ls[0] as number) : [];
    return only.length === 1 ? only[0] : undefined;
  };
  /**
   * P[c,s], built on first use. When the presence of c at s is a single x column (one candidate location at s
   * with one option), that column is P itself: P ≥ x and P only bounded below make P = x in every optimal
   * solution of the LP too, so the column and its row are left out (air-quality: 426 of each).
   */
  const presentAt = (c: number, site: SiteInfo): number => {
    const key = `${c} ${site.key}`;
    let v = presence.get(key);
    if (v === undefined) {
      const ls = (cands.components[c]?.locations ?? []).flatMap((entry, l) => (entry.location.site.key === site.key ? [l] : []));
      const only = presenceColumn(c, ls);
      if (only !== undefined) v = only;
      else {
        v = b.addVariable(`gp_c${c}_${presence.size}`, 'continuous', 0, 1);
        atLeast(v, c, ls, `gpr_c${c}_${presence.size + 1}`);
      }
      presence.set(key, v);
    }
    return v;
  };
  /** v ≥ X[c,l] for each l of ls (one summed row when c has a single placement). */
  const atLeast = (v: number, c: number, ls: readonly number[], name: string): void => {
    const groups = single(c) ? [ls] : ls.map((l) => [l]);
    groups.forEach((group, i) => {
      const xs = group.flatMap((l) => X(c, l));
      b.addConstraint(`${name}_${i}`, [...xs, v], [...xs.map(() => 1), -1], Number.NEGATIVE_INFINITY, 0);
    });
  };
  const single = (c: number): boolean => (cands.components[c]?.component.maxLocations ?? 1) <= 1;
  const partners = new Map<string, number | null>();
  /** Q[c,p], or null when c has no candidate location at a tunnel partner of a p-cloud site. */
  const presentAcross = (c: number, site: SiteInfo): number | null => {
    const key = `${c} ${site.platform}`;
    const known = partners.get(key);
    if (known !== undefined) return known;
    const ls = (cands.components[c]?.locations ?? []).flatMap((entry, l) => (joinedByTunnel(site, entry.location.site) ? [l] : []));
    let v: number | null = null;
    // As for P: a single x column is Q itself.
    const only = presenceColumn(c, ls);
    if (only !== undefined) v = only;
    else if (ls.length > 0) {
      v = b.addVariable(`gq_c${c}_${partners.size}`, 'continuous', 0, 1);
      atLeast(v, c, ls, `gqr_c${c}_${partners.size}`);
    }
    partners.set(key, v);
    return v;
  };
  const gatewaySites = (c: number): SiteInfo[] => {
    const out: SiteInfo[] = [];
    for (const entry of cands.components[c]?.locations ?? []) {
      const site = entry.location.site;
      if ((cands.gatewayUsdHr.get(site.key) ?? 0) > 0 && !out.some((s) => s.key === site.key)) out.push(site);
    }
    return out;
  };
  const gatewayOf = (site: SiteInfo): number => {
    let g = gateway.get(site.key);
    if (g === undefined) {
      g = b.addVariable(`gw_s${gateway.size}`, 'binary', 0, 1, (cands.gatewayUsdHr.get(site.key) ?? 0) * app.horizonHours);
      gateway.set(site.key, g);
    }
    return g;
  };
  /**
   * The rows over an edge's transportation columns: for each priced site s of either end,
   * g[s] ≥ Σ_{l at s} X[end,l] − Σ y[l,m] over the pairs with that end at s and the other end within s's cloud
   * (the module comment).
   */
  const linkOverPairs = (e: number): void => {
    const edge = app.edges[e];
    if (!edge) return;
    const siteOf = (c: number, l: number): SiteInfo | undefined => cands.components[c]?.locations[l]?.location.site;
    // Per (end, priced site s of that end): the end's x columns at s, and the pair columns at s not across a tunnel.
    const rowsOf = new Map<string, { site: SiteInfo; here: Set<number>; within: number[] }>();
    const count = (end: 'from' | 'to', c: number, l: number, site: SiteInfo | undefined, other: SiteInfo | undefined, y: number): void => {
      if (!site || !other || (cands.gatewayUsdHr.get(site.key) ?? 0) <= 0) return;
      const key = `${end} ${site.key}`;
      const entry = rowsOf.get(key) ?? { site, here: new Set<number>(), within: [] };
      for (const x of X(c, l)) entry.here.add(x);
      if (!joinedByTunnel(site, other)) entry.within.push(y);
      rowsOf.set(key, entry);
    };
    for (const [l, m, y] of transportPairs.get(e) ?? []) {
      const a = siteOf(edge.from, l);
      const z = siteOf(edge.to, m);
      count('from', edge.from, l, a, z, y);
      count('to', edge.to, m, z, a, y);
    }
    let i = 0;
    for (const { site, here, within } of rowsOf.values()) {
      const xs = [...here];
      const vars = [gatewayOf(site), ...xs, ...within];
      const coefs = [1, ...xs.map(() => -1), ...within.map(() => 1)];
      b.addConstraint(`gwy_e${e}_${i++}`, vars, coefs, 0, Number.POSITIVE_INFINITY);
    }
  };
  const rows = new Set<string>();
  const link = (here: number, there: number): void => {
    for (const site of gatewaySites(here)) {
      const key = `${here} ${there} ${site.key}`;
      if (rows.has(key)) continue;
      rows.add(key);
      const q = presentAcross(there, site);
      if (q === null) continue;
      const g = gatewayOf(site);
      const p = presentAt(here, site);
      b.addConstraint(`gw_${rows.size}`, [p, q, g], [1, 1, -1], Number.NEGATIVE_INFINITY, 1);
    }
  };
  // The rows over pair columns only up to PAIR_ROWS_MAX_NONZEROS (measured: they pay off up to 20 components
  // and slow the 30-component proofs; see the module comment).
  const overPairsAllowed = rowsOverPairs === 'auto' ? nonzerosBefore <= PAIR_ROWS_MAX_NONZEROS : rowsOverPairs === 'pairs';
  const overPairs = (e: number): boolean => overPairsAllowed && (transportPairs.get(e)?.length ?? 0) > 0;
  app.edges.forEach((edge, e) => {
    if (overPairs(e)) return linkOverPairs(e);
    link(edge.from, edge.to);
    if (edge.to !== edge.from) link(edge.to, edge.from);
  });
  // Only for models HiGHS solves without presolve (measured: the rows halve the synthetic-10 solve, 4.3 -> 2.2 s,
  // and slow the 100-component one, 313 k nonzeros with presolve, from 45 to 50-54 s).
  if (b.nonzeroCount > AGGREGATE_ROWS_MAX_NONZEROS) return gateway;
  // Per cloud platform, for an edge between two single-placement components: when `here` sits at a priced
  // cloud site of platform p and `there` is not on p, that site runs a gateway, so
  //   Σ_{s ∈ p, priced} g[s] ≥ Σ_{l at a priced p site} X[here,l] − Σ_{m on p} X[there,m].
  // Implied at integer X by the rows above, it is tighter in the LP (the rows above each allow a fractional
  // split of `here` over p's sites to pay less than one gateway in total).
  const platformRows = new Set<string>();
  const aggregate = (here: number, there: number): void => {
    if (!single(here) || !single(there)) return;
    const byPlatform = new Map<string, SiteInfo[]>();
    for (const site of gatewaySites(here)) byPlatform.set(site.platform, [...(byPlatform.get(site.platform) ?? []), site]);
    for (const [platform, sites] of byPlatform) {
      const key = `${here} ${there} ${platform}`;
      if (platformRows.has(key)) continue;
      platformRows.add(key);
      const priced = new Set(sites.map((s) => s.key));
      const vars: number[] = [];
      const coefs: number[] = [];
      for (const site of sites) {
        vars.push(gatewayOf(site));
        coefs.push(1);
      }
      (cands.components[here]?.locations ?? []).forEach((entry, l) => {
        if (!priced.has(entry.location.site.key)) return;
        for (const x of X(here, l)) {
          vars.push(x);
          coefs.push(-1);
        }
      });
      (cands.components[there]?.locations ?? []).forEach((entry, m) => {
        const site = entry.location.site;
        if (site.kind !== 'cloud' || site.platform !== platform) return;
        for (const x of X(there, m)) {
          vars.push(x);
          coefs.push(1);
        }
      });
      b.addConstraint(`gwp_${platformRows.size}`, vars, coefs, 0, Number.POSITIVE_INFINITY);
    }
  };
  app.edges.forEach((edge, e) => {
    if (edge.to === edge.from || overPairs(e)) return;
    aggregate(edge.from, edge.to);
    aggregate(edge.to, edge.from);
  });
  return gateway;
}
