/**
 * WireGuard gateways of a plan, judged from its placements and the DataflowPolicy alone (rule 7 of
 * docs/placement-semantics.md): a cloud site runs a gateway when a data dependency has one end placed there and
 * the other end placed at a different site joined to it by a tunnel (another cloud, or an on-prem site). The
 * gateway costs the catalog's on-demand price of the cloud's gateway flavor in that region, all horizon long.
 */
import type { DataDependency } from '../../src/api/policy.js';
import { gatewayUsdHr, joinedByTunnel } from '../../src/catalog/gateway.js';
import type { Catalog, SiteInfo } from '../../src/catalog/types.js';

/** USD per hour of the gateway of each site that runs one and has a price. */
export function gatewaysOfPlan(
  dependencies: readonly DataDependency[],
  sitesByComponent: ReadonlyMap<string, readonly SiteInfo[]>,
  catalog: Pick<Catalog, 'offerings'>,
): Map<string, number> {
  const linked = new Map<string, SiteInfo>();
  for (const dep of dependencies) {
    for (const a of sitesByComponent.get(dep.from.name) ?? []) {
      for (const b of sitesByComponent.get(dep.to.name) ?? []) {
        if (a.key === b.key || !joinedByTunnel(a, b)) continue;
        linked.set(a.key, a);
        linked.set(b.key, b);
      }
    }
  }
  const out = new Map<string, number>();
  for (const [key, site] of linked) {
    const usd = gatewayUsdHr(catalog, site);
    if (usd !== undefined && usd > 0) out.set(key, usd);
  }
  return out;
}
