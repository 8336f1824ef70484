/**
 * solution → assignment: which option each component runs in which candidate location, read from the
 * solver's values; and the model-side cost of an assignment (compute, cluster fees with gateways, transfers), used to
 * build the plan, by the heuristics and by the explanations. The independent check of a plan lives in
 * optimizer/evaluate/ and shares none of this code.
 */
import type { Application } from './application.js';
import type { CandidateSet, Location, Option } from './candidates.js';
import { gatewayCosts } from './gateways.js';
import type { PairTable } from './pair-table.js';

/** One placement: candidate location index l and option index o of component c. */
export interface Chosen {
  readonly l: number;
  readonly o: number;
}

/** chosen[c] = the placements of component c. */
export type Assignment = readonly (readonly Chosen[])[];

/** Reads the binary x values of a solution. */
export function decodeAssignment(xVars: readonly (readonly (readonly number[])[])[], values: readonly number[]): Assignment {
  return xVars.map((locs) => {
    const out: Chosen[] = [];
    locs.forEach((opts, l) =>
      opts.forEach((v, o) => {
        if ((values[v] ?? 0) > 0.5) out.push({ l, o });
      }),
    );
    return out;
  });
}

/** One routed flow of an edge: a source placement sending to its cheapest reachable destination placement. */
export interface RoutedFlow {
  readonly edge: number;
  readonly from: Location;
  readonly to: Location;
  readonly volumeGB: number;
  readonly usdPerGB: number;
  readonly costUsd: number;
  readonly rttMs: number;
}

export interface AssignmentCost {
  readonly computeUsd: number;
  readonly clusterFeesUsd: number;
  readonly transferUsd: number;
  /** Migration cost of the placements outside their component's previous ones (migration.ts); 0 without one. */
  readonly migrationUsd: number;
  /** compute + cluster fees + transfer + migration: the objective. */
  readonly totalUsd: number;
  /**
   * Sites opened, with the components placed there. feeUsd is the control-plane fee plus gatewayUsd, the
   * WireGuard gateway's cost when the site is at the end of a tunnel (gateways.ts; 0 otherwise).
   */
  readonly clusters: ReadonlyMap<string, { feeUsd: number; gatewayUsd: number; components: string[]; placements: number }>;
  readonly flows: readonly RoutedFlow[];
  /** Source placements of an edge with no destination placement within its latency bound. */
  readonly latencyViolations: readonly { edge: number; from: Location }[];
}

/** Option chosen for a placement. */
export function optionOf(cands: CandidateSet, c: number, p: Chosen): { location: Location; option: Option } {
  const entry = cands.components[c]?.locations[p.l];
  const option = entry?.options[p.o];
  if (!entry || !option) throw new RangeError(`no candidate ${p.l}/${p.o} for component ${c}`);
  return { location: entry.location, option };
}

/**
 * Routes one edge: every source placement to the reachable destination placement with the lowest price
 * (then lowest RTT, then location key).
 */
export function routeEdge(
  app: Application,
  pairs: PairTable,
  e: number,
  src: readonly Chosen[],
  dst: readonly Chosen[],
): { flows: RoutedFlow[]; unreachable: number[] } {
  const edge = app.edges[e];
  const table = pairs.edges[e];
  if (!edge || !table) return { flows: [], unreachable: [] };
  const bound = edge.latencyMs ?? Number.POSITIVE_INFINITY;
  const srcLocs = pairs.candidates.components[edge.from]?.locations ?? [];
  const dstLocs = pairs.candidates.components[edge.to]?.locations ?? [];
  const flows: RoutedFlow[] = [];
  const unreachable: number[] = [];
  for (const s of src) {
    let best: { m: number; price: number; rtt: number } | undefined;
    for (const d of dst) {
      const k = s.l * table.cols + d.l;
      const rtt = table.rttMs[k] as number;
      if (rtt > bound) continue;
      const price = table.usdPerGB[k] as number;
      const key = dstLocs[d.l]?.location.key ?? '';
      if (
        !best ||
        price < best.price - 1e-15 ||
        (Math.abs(price - best.price) <= 1e-15 && (rtt < best.rtt || (rtt === best.rtt && key < (dstLocs[best.m]?.location.key ?? ''))))
      ) {
        best = { m: d.l, price, rtt };
      }
    }
    if (!best) {
      unreachable.push(s.l);
      continue;
    }
    flows.push({
      edge: e,
      from: (srcLocs[s.l] as { location: Location }).location,
      to: (dstLocs[best.m] as { location: Location }).location,
      volumeGB: edge.volumeGB,
      usdPerGB: best.price,
      costUsd: best.price * edge.volumeGB,
      rttMs: best.rtt,
    });
  }
  return { flows, unreachable };
}

/** Cost of a full assignment under the model's semantics. */
export function costOfAssignment(app: Application, cands: CandidateSet, pairs: PairTable, assignment: Assignment): AssignmentCost {
  let computeUsd = 0;
  let migrationUsd = 0;
  const clusters = new Map<string, { feeUsd: number; gatewayUsd: number; components: string[]; placements: number }>();
  assignment.forEach((placements, c) => {
    const name = cands.components[c]?.component.name ?? String(c);
    for (const p of placements) {
      const { location, option } = optionOf(cands, c, p);
      computeUsd += option.costUsd;
      migrationUsd += cands.components[c]?.locations[p.l]?.migrationUsd ?? 0;
      const entry = clusters.get(location.site.key) ?? {
        feeUsd: location.site.clusterFeeUsdHr * app.horizonHours,
        gatewayUsd: 0,
        components: [],
        placements: 0,
      };
      if (!entry.components.includes(name)) entry.components.push(name);
      entry.placements += 1;
      clusters.set(location.site.key, entry);
    }
  });
  for (const [site, usd] of gatewayCosts(app, cands, assignment)) {
    const entry = clusters.get(site);
    if (!entry) continue;
    entry.gatewayUsd = usd;
    entry.feeUsd += usd;
  }
  const clusterFeesUsd = [...clusters.values()].reduce((s, v) => s + v.feeUsd, 0);
  const flows: RoutedFlow[] = [];
  const latencyViolations: { edge: number; from: Location }[] = [];
  app.edges.forEach((edge, e) => {
    const r = routeEdge(app, pairs, e, assignment[edge.from] ?? [], assignment[edge.to] ?? []);
    flows.push(...r.flows);
    for (const l of r.unreachable) {
      const from = cands.components[edge.from]?.locations[l]?.location;
      if (from) latencyViolations.push({ edge: e, from });
    }
  });
  const transferUsd = flows.reduce((s, f) => s + f.costUsd, 0);
  const totalUsd = computeUsd + clusterFeesUsd + transferUsd + migrationUsd;
  return { computeUsd, clusterFeesUsd, transferUsd, migrationUsd, totalUsd, clusters, flows, latencyViolations };
}
