/**
 * Seeded previous plans for the churn term's tests: a random instance plus a Plan "in force" and a price per move.
 * The previous placements are drawn over every zone of every site of the instance's catalog (non-default zones
 * half the time where a site has several, so that zone merging meets pinned zones), one or two per component;
 * some components are left out (new in this plan, free to go anywhere). Only spec.placements matter to the term.
 */
import type { Placement, Plan } from '../../src/api/plan.js';
import { mulberry32 } from '../../src/util/prng.js';
import { placementId } from '../../src/util/names.js';
import type { RandomInstance } from './random-instances.js';

/** Prices of a move drawn from (USD, over a 730-hour horizon where one placement costs tens of USD). */
export const MOVE_PRICES_USD = [0, 2, 15, 40, 120, 400] as const;

/** The instance with a seeded previous plan and migration cost. */
export function withRandomMigration(inst: RandomInstance, seed: number): RandomInstance {
  const rnd = mulberry32(seed * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const sites = inst.catalog.sites();
  const placements: Placement[] = [];
  for (const item of inst.deploymentPolicy.spec.deploymentPolicies) {
    if (rnd() < 0.2) continue;
    const count = rnd() < 0.2 ? 2 : 1;
    const used = new Set<string>();
    for (let k = 0; k < count; k += 1) {
      const site = pick(sites);
      const zone = site.zones.length > 1 && rnd() < 0.5 ? pick(site.zones.filter((z) => !z.isDefault)) : pick(site.zones);
      const id = placementId(item.componentRef.name, site.platform, site.region, zone.name);
      if (used.has(id)) continue;
      used.add(id);
      const offering = inst.catalog.offerings(site.platform, site.region)[0];
      placements.push({
        id,
        component: item.componentRef.name,
        platform: site.platform,
        region: site.region,
        zone: zone.name,
        siteKind: site.kind,
        flavor: offering?.name ?? 'previous',
        nameLabel: offering?.nameLabel ?? '',
        nodes: 1,
        spot: false,
        vcpusPerNode: offering?.vcpus ?? 1,
        ramGiBPerNode: offering?.ramGiB ?? 1,
        gpusPerNode: 0,
        priceUsdHr: offering?.priceUsdHr ?? 0,
        requiredGroups: [],
        computeUsd: 0,
        clusterFeeShareUsd: 0,
      });
    }
  }
  const name = inst.deploymentPolicy.metadata.name;
  const previous: Plan = {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Plan',
    metadata: { name: `${name}-plan`, namespace: 'test' },
    spec: {
      application: name,
      policyRefs: { deploymentPolicy: name },
      executionEnvironment: 'Kubernetes',
      horizonHours: 730,
      currency: 'USD',
      inputHash: '0'.repeat(64),
      revision: 1,
      approval: { approved: true },
      placements,
      transfers: [],
      clusters: [],
      costs: { computeUsd: 0, clusterFeesUsd: 0, transferUsd: 0, totalUsd: 0 },
      catalogSources: [],
    },
  };
  return { ...inst, migration: { previous, costPerMoveUsd: pick(MOVE_PRICES_USD) } };
}
