/**
 * Exhaustive enumeration of every plan of a tiny instance, judged by the independent evaluator: the reference
 * optimum the MILP must match. Uses no optimizer code (no candidates, no model, no reduction): every zone of
 * every site, every flavor offered there, sized with the evaluator's own rules at exactly the nodes it needs,
 * on-demand and (where allowed) spot, one or two placements per component.
 *
 * Two shortcuts keep it fast, both plainly exact: a placement the evaluator's own per-placement rules reject
 * (not permitted, outside the residency, a flavor that does not fit) is never tried, since a plan containing
 * it has a violation; and a branch whose compute cost alone already reaches the best total found is cut,
 * since cluster fees and transfers are never negative.
 */
import { placementId } from '../../src/util/names.js';
import type { Placement } from '../../src/api/plan.js';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import type { Catalog } from '../../src/catalog/types.js';
import { evaluatePlan, flavorRules, permittedProblem, residencyProblems, sizeFlavor, type EvaluationInput } from '../evaluate/index.js';

/** The enumeration's answer: the cheapest feasible total (undefined when no plan is feasible) and its effort. */
export interface EnumerationResult {
  readonly optimumUsd: number | undefined;
  /** Plans in the full product (before any cut). */
  readonly plans: number;
  /** Plans the evaluator judged. */
  readonly evaluated: number;
}

/** One way to place a component: one or two placements, and their compute cost over the horizon. */
interface PlacementSet {
  readonly placements: readonly Placement[];
  readonly computeUsd: number;
}

/** The cheapest feasible plan's total, or undefined when no plan is feasible. */
export function enumerateOptimum(
  dp: DeploymentPolicy,
  df: DataflowPolicy,
  catalog: Catalog,
  horizonHours: number,
  limit = 20_000_000,
  migration?: EvaluationInput['migration'],
): number | undefined {
  return enumeratePlans(dp, df, catalog, horizonHours, limit, migration).optimumUsd;
}

/** Every placement set of one component, cheapest compute first. */
function placementSets(item: DeploymentPolicy['spec']['deploymentPolicies'][number], catalog: Catalog, horizonHours: number): PlacementSet[] {
  const rules = flavorRules(item);
  const single: Placement[] = [];
  for (const site of catalog.sites()) {
    if (residencyProblems(item, site).length > 0) continue;
    for (const zone of site.zones) {
      if (permittedProblem(item, site, zone) !== undefined) continue;
      for (const o of catalog.offerings(site.platform, site.region)) {
        if (o.zones !== undefined && !o.zones.includes(zone.name)) continue;
        const sizing = sizeFlavor(rules, o.name, o);
        if (!sizing.ok) continue;
        const prices: [boolean, number][] = [[false, o.priceUsdHr]];
        if (item.spot === true && o.spotPriceUsdHr !== undefined) prices.push([true, o.spotPriceUsdHr]);
        for (const [spot, price] of prices) {
          single.push({
            id: placementId(item.componentRef.name, site.platform, site.region, zone.name),
            component: item.componentRef.name,
            platform: site.platform,
            region: site.region,
            zone: zone.name,
            siteKind: site.kind,
            flavor: o.name,
            nameLabel: o.nameLabel,
            nodes: sizing.neededNodes,
            spot,
            vcpusPerNode: o.vcpus,
            ramGiBPerNode: o.ramGiB,
            gpusPerNode: o.gpuCount,
            ...(o.gpuModel !== undefined ? { gpuModel: o.gpuModel } : {}),
            priceUsdHr: price,
            requiredGroups: [],
            computeUsd: 0,
            clusterFeeShareUsd: 0,
          });
        }
      }
    }
  }
  const cost = (p: Placement): number => p.priceUsdHr * p.nodes * horizonHours;
  const max = item.maxLocations ?? 2;
  const sets: PlacementSet[] = single.map((p) => ({ placements: [p], computeUsd: cost(p) }));
  if (max >= 2) {
    for (let i = 0; i < single.length; i += 1) {
      for (let j = i + 1; j < single.length; j += 1) {
        const a = single[i] as Placement;
        const b = single[j] as Placement;
        if (a.platform === b.platform && a.region === b.region && a.zone === b.zone) continue;
        sets.push({ placements: [a, b], computeUsd: cost(a) + cost(b) });
      }
    }
  }
  return sets.sort((a, b) => a.computeUsd - b.computeUsd);
}

/**
 * Enumerates every plan (up to `limit` in the full product) and returns the optimum with the effort spent. With a
 * `migration` term the evaluator charges the moves (never negative, so the compute cut stays exact).
 */
export function enumeratePlans(
  dp: DeploymentPolicy,
  df: DataflowPolicy,
  catalog: Catalog,
  horizonHours: number,
  limit = 20_000_000,
  migration?: EvaluationInput['migration'],
): EnumerationResult {
  const choices = dp.spec.deploymentPolicies.map((item) => placementSets(item, catalog, horizonHours));
  const plans = choices.reduce((n, c) => n * c.length, 1);
  if (plans > limit) throw new RangeError(`instance too large to enumerate: ${plans} plans`);
  // cheapestRest[c] = the least compute the components from c on can cost.
  const cheapestRest = new Array<number>(choices.length + 1).fill(0);
  for (let c = choices.length - 1; c >= 0; c -= 1) cheapestRest[c] = (cheapestRest[c + 1] as number) + (choices[c]?.[0]?.computeUsd ?? 0);
  let best: number | undefined;
  let evaluated = 0;
  const current: (readonly Placement[])[] = [];
  const walk = (c: number, compute: number): void => {
    if (c === choices.length) {
      evaluated += 1;
      const ev = evaluatePlan({
        deploymentPolicy: dp,
        dataflowPolicy: df,
        placements: current.flat(),
        catalog,
        horizonHours,
        ...(migration ? { migration } : {}),
      });
      if (ev.violations.length === 0 && (best === undefined || ev.costs.totalUsd < best)) best = ev.costs.totalUsd;
      return;
    }
    for (const set of choices[c] ?? []) {
      // Sets are sorted by compute: once this one cannot beat the best total, no later one can.
      if (best !== undefined && compute + set.computeUsd + (cheapestRest[c + 1] as number) >= best) break;
      current[c] = set.placements;
      walk(c + 1, compute + set.computeUsd);
    }
  };
  walk(0, 0);
  return { optimumUsd: best, plans, evaluated };
}
