/** Small hand-made plans and policies for Harbor and Skyhook tests (imported by tests only). */
import type { Placement, PlanSpec } from '../../api/plan.js';
import type { DeploymentPolicy } from '../../api/policy.js';
import { placementId } from '../../util/names.js';

/** A placement with defaults; `at` is platform/region/zone. */
export function placement(component: string, at: string, extra: Partial<Placement> = {}): Placement {
  const [platform = '', region = '', zone = ''] = at.split('/');
  return {
    id: placementId(component, platform, region, zone),
    component,
    platform,
    region,
    zone,
    siteKind: 'cloud',
    flavor: 'm5.xlarge',
    nameLabel: '4vCPU-16GB',
    nodes: 2,
    spot: false,
    vcpusPerNode: 4,
    ramGiBPerNode: 16,
    gpusPerNode: 0,
    priceUsdHr: 0.192,
    requiredGroups: [],
    computeUsd: 280,
    clusterFeeShareUsd: 36,
    ...extra,
  };
}

/** A plan spec over the given placements, one cluster per platform/region, with the given flows. */
export function planSpec(placements: Placement[], flows: [from: string, to: string, gb: number][] = []): PlanSpec {
  const sites = [...new Set(placements.map((p) => `${p.platform}/${p.region}`))].sort();
  const siteOf = (c: string): string => {
    const p = placements.find((q) => q.component === c) as Placement;
    return `${p.platform}/${p.region}/${p.zone}`;
  };
  return {
    application: 'shop',
    policyRefs: { deploymentPolicy: 'shop', dataflowPolicy: 'shop' },
    executionEnvironment: 'Kubernetes',
    horizonHours: 730,
    currency: 'USD',
    inputHash: 'a'.repeat(64),
    revision: 1,
    approval: { approved: true, approvedBy: 'test', inputHash: 'a'.repeat(64), revision: 1 },
    placements,
    transfers: flows.map(([from, to, gb]) => ({
      from,
      to,
      fromSite: siteOf(from),
      toSite: siteOf(to),
      volumeGB: gb,
      usdPerGB: 0.02,
      costUsd: gb * 0.02,
      rule: 'internet-tier',
      rttMs: 20,
      rttEstimated: false,
    })),
    clusters: sites.map((site) => {
      const [platform = '', region = ''] = site.split('/');
      return {
        name: `shop-${platform}-${region}`,
        site,
        platform,
        region,
        siteKind: 'cloud' as const,
        feeUsd: 73,
        components: placements.filter((p) => p.platform === platform && p.region === region).map((p) => p.component),
      };
    }),
    costs: { computeUsd: 0, clusterFeesUsd: 0, transferUsd: 0, totalUsd: 0 },
    catalogSources: [],
  };
}

/** A DeploymentPolicy naming the components, with optional extra fields per component. */
export function deploymentPolicy(components: Record<string, Record<string, unknown>>): DeploymentPolicy {
  return {
    apiVersion: 'policy.skycluster.io/v1alpha1',
    kind: 'DeploymentPolicy',
    metadata: { name: 'shop', namespace: 'shop' },
    spec: {
      deploymentPolicies: Object.entries(components).map(([name, extra]) => ({ componentRef: { name }, ...extra })),
    },
  } as DeploymentPolicy;
}
