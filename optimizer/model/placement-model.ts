/**
 * candidates → model: the placement MILP.
 *
 * Sets: components c; candidate locations l ∈ L_c (a zone of a site s(l)); options o ∈ O_{c,l} (flavor,
 * on-demand or spot, node count); edges e = (u → v) with volume V_e sent by each placement of u over the
 * horizon, optional latency bound B_e.
 * Variables: x[c,l,o] ∈ {0,1} (c has a placement at l running option o); X[c,l] = Σ_o x[c,l,o] ≤ 1;
 * open[s] ∈ {0,1} for sites with a cluster fee; g[s] ∈ {0,1} for sites with a priced WireGuard gateway
 * (gateways.ts); transfer variables below.
 * Objective (USD over the horizon): Σ (cost(o) + move(c,l))·x + Σ fee_s·H·open[s] + Σ G_s·g[s] + transfer, where
 * move(c,l) is the migration cost of a placement of c at l (migration.ts; 0 without a previous plan).
 * Rows:
 *  - placements: 1 ≤ Σ_l X[c,l] ≤ maxLocations(c); each required group g: Σ_{l ∈ G_g} X[c,l] ≥ 1.
 *  - cluster fee: X[c,l] ≤ open[s(l)].
 *  - latency (covering): every placement of u has a placement of v within B_e:
 *    X[u,l] ≤ Σ_{m ∈ M_l} X[v,m], M_l = {m ∈ L_v : rtt(l,m) ≤ B_e}.
 *  - quotas: Σ vcpus(o)·x ≤ quota_s (and GPUs); spread: Σ_s r[c,s] ≥ k, r[c,s] ≤ Σ_{l∈s} X[c,l];
 *    budget: objective ≤ budget.
 * Transfer, aggregated ("price ladder") formulation: a placement of u at l sends V_e to its cheapest open
 * placement of v in M_l. With the distinct prices P_1 > … > P_K of l's row, the cost is
 *   V_e·P_1·X[u,l] − Σ_{k≥2} V_e·(P_{k−1} − P_k)·z[e,l,k],
 *   z[e,l,k] ≤ X[u,l],  z[e,l,k] ≤ Σ_{m ∈ M_l : p(l,m) ≤ P_k} X[v,m],  0 ≤ z ≤ 1,
 * which is exact at integer X (each z is 1 exactly when a placement at price ≤ P_k is open) and needs K−1
 * variables per (edge, source location) instead of |L_v|. The naive formulation ("pairwise") has one
 * variable per (edge, l, m): Σ_m y[e,l,m] = X[u,l], y[e,l,m] ≤ X[v,m], cost V_e·p(l,m)·y.
 * Transportation formulation (edges whose two ends have a single placement): y[e,l,m] over the reachable pairs
 * with row sums Σ_m y = X[u,l] and column sums Σ_l y = X[v,m]; more variables than the ladder but a much tighter
 * LP bound (the RLT-1 linearisation of the quadratic assignment cost). `auto` (the default) uses it for
 * single-placement edges while the y count stays within AUTO_TRANSPORT_VARIABLE_BUDGET, the ladder otherwise.
 */
import type { Application } from './application.js';
import { describeSelector, type CandidateSet, type Deadline } from './candidates.js';
import { addGatewayTerms, type GatewayRows } from './gateways.js';
import { ModelBuilder } from './model-builder.js';
import type { PairTable } from './pair-table.js';
import type { LinearModel } from '../solvers/types.js';

export type Formulation = 'auto' | 'aggregated' | 'pairwise' | 'transport';

/**
 * Most transportation variables `auto` builds before it falls back to the price ladder for the remaining edges
 * (the transportation form has the tighter LP bound but |L_u|·|L_v| variables per edge).
 */
export const AUTO_TRANSPORT_VARIABLE_BUDGET = 300_000;

/** Ids of the policy constraints a user wrote; the deletion filter relaxes them one at a time. */
export type PolicyConstraintId = string;

export interface ModelOptions {
  readonly formulation?: Formulation;
  /** Policy constraints to leave out (deletion filter). */
  readonly relax?: ReadonlySet<PolicyConstraintId>;
  /** Checked before each edge: past it the build stops and the result is marked `timedOut` (incomplete). */
  readonly deadline?: Deadline;
  /**
   * How transportation edges link the gateway binaries (gateways.ts): `auto` (the default) by the size rule,
   * `presence` always by the P/Q rows, `pairs` always over the pair columns. For benchmarks/gateway-rows.ts.
   */
  readonly gatewayRows?: GatewayRows;
}

/** The model plus the maps needed to read a solution back. */
export interface PlacementModel {
  readonly model: LinearModel;
  /** xVars[c][l][o] = column index of x[c,l,o]. */
  readonly xVars: readonly (readonly (readonly number[])[])[];
  /** Every policy constraint present in the model, with the user-facing description. */
  readonly policyConstraints: ReadonlyMap<PolicyConstraintId, string>;
  /** Column of open[s] by site key (sites with a cluster fee). */
  readonly openVars: ReadonlyMap<string, number>;
  /** Column of g[s] by site key (sites with a priced gateway that some edge may need; gateways.ts). */
  readonly gatewayVars: ReadonlyMap<string, number>;
  /** The deadline passed before every edge was built: the model is incomplete and must not be solved. */
  readonly timedOut?: boolean;
}

const PRICE_EPS = 1e-12;

/** Builds the MILP for a candidate set. */
export function buildPlacementModel(app: Application, cands: CandidateSet, pairs: PairTable, options: ModelOptions = {}): PlacementModel {
  const formulation = options.formulation ?? 'auto';
  let transportBudget = formulation === 'transport' ? Number.POSITIVE_INFINITY : formulation === 'auto' ? AUTO_TRANSPORT_VARIABLE_BUDGET : 0;
  const relax = options.relax ?? new Set<string>();
  const b = new ModelBuilder(`skycluster_${app.name.replace(/[^A-Za-z0-9_]/g, '_')}`);
  const policyConstraints = new Map<string, string>();
  const active = (id: string, description: string): boolean => {
    policyConstraints.set(id, description);
    return !relax.has(id);
  };

  // x[c,l,o]
  const xVars = cands.components.map((cc, c) =>
    cc.locations.map((entry, l) => entry.options.map((opt, o) => b.addVariable(`x_c${c}_l${l}_o${o}`, 'binary', 0, 1, opt.costUsd))),
  );
  const X = (c: number, l: number): number[] => xVars[c]?.[l] ?? [];
  const ones = (n: number, v = 1): number[] => new Array<number>(n).fill(v);

  // Placement counts, at most one option per location, required groups.
  cands.components.forEach((cc, c) => {
    const comp = cc.component;
    const all = xVars[c]?.flat() ?? [];
    const maxLocs =
      Number.isFinite(comp.maxLocations) &&
      active(`maxLocations:${c}`, `${comp.name}: at most ${comp.maxLocations} location(s) (${comp.path}.maxLocations)`)
        ? comp.maxLocations
        : Number.POSITIVE_INFINITY;
    b.addConstraint(`place_c${c}`, all, ones(all.length), 1, maxLocs);
    cc.locations.forEach((entry, l) => {
      if (entry.options.length > 1) b.addConstraint(`one_c${c}_l${l}`, X(c, l), ones(X(c, l).length), Number.NEGATIVE_INFINITY, 1);
    });
    cc.requiredGroups.forEach((group, g) => {
      if (
        !active(
          `required:${c}:${g}`,
          `${comp.name}: required ${(comp.required[g] ?? []).map(describeSelector).join(' or ')} (${comp.path}.locationConstraint.required[${g}])`,
        )
      )
        return;
      const vars = group.flatMap((l) => X(c, l));
      b.addConstraint(`req_c${c}_g${g}`, vars, ones(vars.length), 1, Number.POSITIVE_INFINITY);
    });
    addSpread(b, c, cands, xVars, active);
  });

  // Cluster fees: one binary per site with a fee.
  const openVar = new Map<string, number>();
  cands.components.forEach((cc, c) =>
    cc.locations.forEach((entry, l) => {
      const site = entry.location.site;
      if (site.clusterFeeUsdHr <= 0) return;
      let v = openVar.get(site.key);
      if (v === undefined) {
        v = b.addVariable(`open_s${openVar.size}`, 'binary', 0, 1, site.clusterFeeUsdHr * app.horizonHours);
        openVar.set(site.key, v);
      }
      b.addConstraint(`fee_c${c}_l${l}`, [...X(c, l), v], [...ones(X(c, l).length), -1], Number.NEGATIVE_INFINITY, 0);
    }),
  );

  // Quotas per site.
  const quotaRows = new Map<string, { vars: number[]; vcpus: number[]; gpus: number[] }>();
  cands.components.forEach((cc, c) =>
    cc.locations.forEach((entry, l) => {
      const q = entry.location.site.quotas;
      if (!q || (q.vcpus === undefined && q.gpus === undefined)) return;
      const row = quotaRows.get(entry.location.site.key) ?? { vars: [], vcpus: [], gpus: [] };
      entry.options.forEach((opt, o) => {
        row.vars.push(xVars[c]?.[l]?.[o] as number);
        row.vcpus.push(opt.vcpus);
        row.gpus.push(opt.gpus);
      });
      quotaRows.set(entry.location.site.key, row);
    }),
  );
  let q = 0;
  for (const [siteKey, row] of quotaRows) {
    const site = cands.locations.find((l) => l.site.key === siteKey)?.site;
    if (
      site?.quotas?.vcpus !== undefined &&
      active(`quota:${siteKey}:vcpus`, `${siteKey}: quota of ${site.quotas.vcpus} vCPUs (ProviderProfile spec.quotas.vcpus)`)
    ) {
      b.addConstraint(`quota_vcpu_${q}`, row.vars, row.vcpus, Number.NEGATIVE_INFINITY, site.quotas.vcpus);
    }
    if (
      site?.quotas?.gpus !== undefined &&
      active(`quota:${siteKey}:gpus`, `${siteKey}: quota of ${site.quotas.gpus} GPUs (ProviderProfile spec.quotas.gpus)`)
    ) {
      b.addConstraint(`quota_gpu_${q}`, row.vars, row.gpus, Number.NEGATIVE_INFINITY, site.quotas.gpus);
    }
    q += 1;
  }

  // Edges: latency covering rows and transfer cost.
  let timedOut = false;
  /** The transportation form's pair columns, by edge: [l, m, column]. */
  const transportPairs = new Map<number, [number, number, number][]>();
  app.edges.forEach((edge, e) => {
    if (timedOut || (timedOut = options.deadline !== undefined && options.deadline.now() > options.deadline.atMs)) return;
    const table = pairs.edges[e];
    const src = cands.components[edge.from];
    const dst = cands.components[edge.to];
    if (!table || !src || !dst) return;
    const bound =
      edge.latencyMs !== undefined &&
      active(`latency:${e}`, `${src.component.name} → ${dst.component.name}: latency ${edge.latencyMs}ms (${edge.path}.latency)`)
        ? edge.latencyMs
        : Number.POSITIVE_INFINITY;
    const cols = table.cols;
    // Transportation form (both ends single-placement): y[l,m] with row sums X[u,l] and column sums X[v,m].
    const transport =
      transportBudget >= table.rows * cols && src.component.maxLocations === 1 && dst.component.maxLocations === 1 && edge.volumeGB > 0;
    if (transport) transportBudget -= table.rows * cols;
    const columns: number[][] = transport ? Array.from({ length: cols }, () => []) : [];
    for (let l = 0; l < table.rows; l += 1) {
      const reachable: number[] = [];
      for (let m = 0; m < cols; m += 1) if ((table.rttMs[l * cols + m] as number) <= bound) reachable.push(m);
      const xu = X(edge.from, l);
      if (reachable.length < cols) {
        const xv = reachable.flatMap((m) => X(edge.to, m));
        b.addConstraint(`lat_e${e}_l${l}`, [...xu, ...xv], [...ones(xu.length), ...ones(xv.length, -1)], Number.NEGATIVE_INFINITY, 0);
      }
      if (edge.volumeGB <= 0 || reachable.length === 0) continue;
      const price = (m: number): number => table.usdPerGB[l * cols + m] as number;
      if (transport) {
        const ys = reachable.map((m) => b.addVariable(`y_e${e}_l${l}_m${m}`, 'continuous', 0, 1, edge.volumeGB * price(m)));
        b.addConstraint(`row_e${e}_l${l}`, [...ys, ...xu], [...ones(ys.length), ...ones(xu.length, -1)], 0, 0);
        const list = transportPairs.get(e) ?? [];
        reachable.forEach((m, k) => {
          columns[m]?.push(ys[k] as number);
          list.push([l, m, ys[k] as number]);
        });
        transportPairs.set(e, list);
        continue;
      }
      if (formulation === 'pairwise') {
        const ys = reachable.map((m) => b.addVariable(`y_e${e}_l${l}_m${m}`, 'continuous', 0, 1, edge.volumeGB * price(m)));
        b.addConstraint(`asg_e${e}_l${l}`, [...ys, ...xu], [...ones(ys.length), ...ones(xu.length, -1)], 0, 0);
        reachable.forEach((m, k) => {
          const xv = X(edge.to, m);
          b.addConstraint(`cap_e${e}_l${l}_m${m}`, [ys[k] as number, ...xv], [1, ...ones(xv.length, -1)], Number.NEGATIVE_INFINITY, 0);
        });
        continue;
      }
      const levels = [...new Set(reachable.map((m) => Math.round(price(m) / PRICE_EPS) * PRICE_EPS))].sort((a, c) => c - a);
      const top = levels[0] as number;
      xu.forEach((v) => b.addCost(v, edge.volumeGB * top));
      for (let k = 1; k < levels.length; k += 1) {
        const pk = levels[k] as number;
        const step = (levels[k - 1] as number) - pk;
        const z = b.addVariable(`z_e${e}_l${l}_k${k}`, 'continuous', 0, 1, -edge.volumeGB * step);
        b.addConstraint(`zu_e${e}_l${l}_k${k}`, [z, ...xu], [1, ...ones(xu.length, -1)], Number.NEGATIVE_INFINITY, 0);
        const xv = reachable.filter((m) => price(m) <= pk + PRICE_EPS).flatMap((m) => X(edge.to, m));
        b.addConstraint(`zv_e${e}_l${l}_k${k}`, [z, ...xv], [1, ...ones(xv.length, -1)], Number.NEGATIVE_INFINITY, 0);
      }
    }
    columns.forEach((ys, m) => {
      const xv = X(edge.to, m);
      b.addConstraint(`col_e${e}_m${m}`, [...ys, ...xv], [...ones(ys.length), ...ones(xv.length, -1)], 0, 0);
    });
  });

  // WireGuard gateways (gateways.ts): part of the cluster fee, so inside the budget.
  const gatewayVars = addGatewayTerms(b, app, cands, xVars, transportPairs, options.gatewayRows ?? 'auto');

  if (app.budgetUsd !== undefined && active('budget', `budget of ${app.budgetUsd} USD (DeploymentPolicy/${app.deploymentPolicy} spec.budget)`)) {
    const t = b.objectiveTerms();
    b.addConstraint('budget', t.vars, t.coefs, Number.NEGATIVE_INFINITY, app.budgetUsd);
  }
  // The churn term (migration.ts), added after the budget row: it is part of the objective, not of the budget.
  cands.components.forEach((cc, c) =>
    cc.locations.forEach((entry, l) => {
      const usd = entry.migrationUsd ?? 0;
      if (usd > 0) for (const v of X(c, l)) b.addCost(v, usd);
    }),
  );
  return { model: b.build(), xVars, openVars: openVar, gatewayVars, policyConstraints, ...(timedOut ? { timedOut } : {}) };
}

function addSpread(
  b: ModelBuilder,
  c: number,
  cands: CandidateSet,
  xVars: readonly (readonly (readonly number[])[])[],
  active: (id: string, description: string) => boolean,
): void {
  const cc = cands.components[c];
  if (!cc) return;
  const comp = cc.component;
  const spreadBy = (kind: 'regions' | 'providers', k: number, keyOf: (l: number) => string): void => {
    if (
      k <= 1 ||
      !active(
        `spread:${c}:${kind}`,
        `${comp.name}: spread over at least ${k} ${kind} (${comp.path}.spread.min${kind === 'regions' ? 'Regions' : 'Providers'})`,
      )
    )
      return;
    const groups = new Map<string, number[]>();
    cc.locations.forEach((_, l) => groups.set(keyOf(l), [...(groups.get(keyOf(l)) ?? []), ...(xVars[c]?.[l] ?? [])]));
    const rs: number[] = [];
    let i = 0;
    for (const vars of groups.values()) {
      const r = b.addVariable(`sp${kind[0]}_c${c}_${i}`, 'continuous', 0, 1);
      b.addConstraint(`sp${kind[0]}_c${c}_${i}`, [r, ...vars], [1, ...vars.map(() => -1)], Number.NEGATIVE_INFINITY, 0);
      rs.push(r);
      i += 1;
    }
    b.addConstraint(
      `sp${kind[0]}_c${c}`,
      rs,
      rs.map(() => 1),
      k,
      Number.POSITIVE_INFINITY,
    );
  };
  spreadBy('regions', comp.minRegions, (l) => cc.locations[l]?.location.site.key ?? '');
  spreadBy('providers', comp.minProviders, (l) => cc.locations[l]?.location.site.platform ?? '');
}
