/**
 * Data dependencies: which placement of `to` each placement of `from` sends its data to, and what that costs.
 * Rule 6 of docs/placement-semantics.md.
 */
import type { DataDependency } from '../../src/api/policy.js';
import type { Placement } from '../../src/api/plan.js';
import { parseDataRate, parseDataSize, parseDuration } from '../../src/api/units.js';
import type { Catalog, LocationRef } from '../../src/catalog/types.js';
import type { EvaluatedTransfer, Violation } from './types.js';

/** Two egress prices closer than this (USD per GB) are a tie. */
const PRICE_TIE = 1e-12;
/** Hours in the month the catalog's volume tiers refer to. */
const HOURS_PER_MONTH = 730;

/** `platform/region/zone` of a placement. */
export const zoneKey = (p: LocationRef): string => `${p.platform}/${p.region}/${p.zone}`;

/**
 * Volume one placement of the source sends over the horizon, GB: averageDataRate x horizon when a rate is
 * given, else totalDataTransfer, else 0.
 */
export function edgeVolumeGB(edge: DataDependency, horizonHours: number): number {
  if (edge.averageDataRate !== undefined) {
    const r = parseDataRate(edge.averageDataRate);
    if (r.ok) return r.value * horizonHours * 3600;
  }
  if (edge.totalDataTransfer !== undefined) {
    const s = parseDataSize(edge.totalDataTransfer);
    if (s.ok) return s.value;
  }
  return 0;
}

/** The latency bound of an edge in milliseconds, undefined when there is none. */
export function edgeLatencyBoundMs(edge: DataDependency): number | undefined {
  if (edge.latency === undefined) return undefined;
  const d = parseDuration(edge.latency);
  return d.ok ? d.value : undefined;
}

interface Candidate {
  readonly dst: Placement;
  readonly key: string;
  readonly rttMs: number;
  readonly rttEstimated: boolean;
  readonly usdPerGB: number;
  readonly rule: string;
}

/** Orders candidates: lower egress price, then lower RTT, then `platform/region/zone` string order. */
function better(a: Candidate, b: Candidate): number {
  if (Math.abs(a.usdPerGB - b.usdPerGB) > PRICE_TIE) return a.usdPerGB - b.usdPerGB;
  if (a.rttMs !== b.rttMs) return a.rttMs < b.rttMs ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Placements of each component whose site the catalog knows (the only ones that can send or receive). */
export type PlacementsByComponent = ReadonlyMap<string, readonly Placement[]>;

/**
 * Routes and prices every edge. Each placement of `from` sends the edge's volume V to one placement of `to`:
 * among those within the latency bound (RTT of the two sites; unknown RTT = Infinity), the cheapest per GB
 * at the monthly volume V x 730 / horizon. When none is within the bound, a `latency` violation is reported
 * and the flow is priced to the cheapest placement regardless of the bound, so that costs stay complete.
 * Edges naming a component not in the DeploymentPolicy give `unknown-component`.
 */
export function routeEdges(
  edges: readonly DataDependency[],
  components: ReadonlySet<string>,
  placed: PlacementsByComponent,
  catalog: Catalog,
  horizonHours: number,
): { transfers: EvaluatedTransfer[]; violations: Violation[] } {
  const transfers: EvaluatedTransfer[] = [];
  const violations: Violation[] = [];
  edges.forEach((edge, e) => {
    const from = edge.from.name;
    const to = edge.to.name;
    let known = true;
    for (const name of [from, to]) {
      if (!components.has(name)) {
        violations.push({
          rule: 'unknown-component',
          edge: e,
          component: name,
          message: `dataDependencies[${e}] names component ${name}, which the DeploymentPolicy does not define`,
        });
        known = false;
      }
    }
    if (!known) return;
    const volumeGB = edgeVolumeGB(edge, horizonHours);
    const monthlyGB = (volumeGB * HOURS_PER_MONTH) / horizonHours;
    const bound = edgeLatencyBoundMs(edge);
    const dsts = placed.get(to) ?? [];
    if (dsts.length === 0) return; // `to` has no usable placement: reported as no-placement / unknown-site
    for (const src of placed.get(from) ?? []) {
      const candidates: Candidate[] = dsts.map((dst) => {
        const lat = catalog.latency(src.platform, src.region, dst.platform, dst.region);
        const quote = catalog.egress(src, dst, monthlyGB);
        return {
          dst,
          key: zoneKey(dst),
          rttMs: lat?.rttMs ?? Infinity,
          rttEstimated: lat?.estimated ?? true,
          usdPerGB: quote.usdPerGB,
          rule: quote.rule,
        };
      });
      const within = bound === undefined ? candidates : candidates.filter((c) => c.rttMs <= bound);
      if (within.length === 0) {
        const nearest = [...candidates].sort((a, b) => a.rttMs - b.rttMs || (a.key < b.key ? -1 : 1))[0] as Candidate;
        violations.push({
          rule: 'latency',
          edge: e,
          component: from,
          message: `dataDependencies[${e}] ${from} -> ${to}: no placement of ${to} is within ${bound}ms of ${zoneKey(src)} (nearest ${nearest.key} at ${nearest.rttMs}ms)`,
        });
      }
      const best = [...(within.length > 0 ? within : candidates)].sort(better)[0] as Candidate;
      transfers.push({
        from,
        to,
        fromSite: zoneKey(src),
        toSite: best.key,
        volumeGB,
        usdPerGB: best.usdPerGB,
        costUsd: best.usdPerGB * volumeGB,
        rule: best.rule,
        rttMs: best.rttMs,
        rttEstimated: best.rttEstimated,
        ...(bound !== undefined ? { latencyBoundMs: bound } : {}),
        edge: e,
      });
    }
  });
  return { transfers, violations };
}
