/**
 * Exhaustive enumeration of every plan of a tiny instance, judged by the independent evaluator: the reference
 * optimum the MILP must match. Uses no optimizer code (no candidates, no model); flavors are sized with the
 * evaluator's own sizing rules, at exactly the nodes they need.
 */
import { placementId } from '../../src/util/names.js';
import type { Placement } from '../../src/api/plan.js';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import type { Catalog } from '../../src/catalog/types.js';
import { evaluatePlan, flavorRules, sizeFlavor } from '../evaluate/index.js';

/** The cheapest feasible plan's total, or undefined when no plan is feasible. */
export function enumerateOptimum(
  dp: DeploymentPolicy,
  df: DataflowPolicy,
  catalog: Catalog,
  horizonHours: number,
  limit = 2_000_000,
): number | undefined {
  const choicesPerComponent: Placement[][][] = dp.spec.deploymentPolicies.map((item) => {
    const rules = flavorRules(item);
    const single: Placement[] = [];
    for (const site of catalog.sites()) {
      for (const zone of site.zones) {
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
              priceUsdHr: price,
              requiredGroups: [],
              computeUsd: 0,
              clusterFeeShareUsd: 0,
            });
          }
        }
      }
    }
    const max = item.maxLocations ?? 2;
    const sets: Placement[][] = single.map((p) => [p]);
    if (max >= 2) {
      for (let i = 0; i < single.length; i += 1) {
        for (let j = i + 1; j < single.length; j += 1) {
          const a = single[i] as Placement;
          const b = single[j] as Placement;
          if (a.platform === b.platform && a.region === b.region && a.zone === b.zone) continue;
          sets.push([a, b]);
        }
      }
    }
    return sets;
  });
  const total = choicesPerComponent.reduce((n, c) => n * c.length, 1);
  if (total > limit) throw new RangeError(`instance too large to enumerate: ${total} plans`);
  let best: number | undefined;
  const current: Placement[][] = [];
  const walk = (c: number): void => {
    if (c === choicesPerComponent.length) {
      const ev = evaluatePlan({ deploymentPolicy: dp, dataflowPolicy: df, placements: current.flat(), catalog, horizonHours });
      if (ev.violations.length === 0 && (best === undefined || ev.costs.totalUsd < best)) best = ev.costs.totalUsd;
      return;
    }
    for (const set of choicesPerComponent[c] ?? []) {
      current[c] = set;
      walk(c + 1);
    }
  };
  walk(0);
  return best;
}
