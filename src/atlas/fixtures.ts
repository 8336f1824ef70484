/**
 * Test fixtures: a schema-valid Plan built from a short list of placements and exchanging pairs, with
 * clusters derived as the planner derives them (one per application, platform and region).
 */
import type { Plan } from '../api/plan.js';
import { placementId, stableName } from '../util/names.js';

/** A placement as a test writes it. */
export interface FixturePlacement {
  readonly component: string;
  readonly platform: string;
  readonly region: string;
  readonly zone: string;
  readonly flavor: string;
  readonly nodes?: number;
  readonly spot?: boolean;
  readonly gpuModel?: string;
  readonly gpusPerNode?: number;
  readonly siteKind?: 'cloud' | 'onprem';
}

/** A Plan for `application` with these placements and `[from, to]` data flows between components. */
export function fixturePlan(
  application: string,
  placements: readonly FixturePlacement[],
  flows: readonly (readonly [string, string])[] = [],
  executionEnvironment: 'Kubernetes' | 'VirtualMachine' = 'Kubernetes',
): Plan {
  const ps = placements.map((p) => ({
    id: placementId(p.component, p.platform, p.region, p.zone),
    component: p.component,
    platform: p.platform,
    region: p.region,
    zone: p.zone,
    siteKind: p.siteKind ?? ('cloud' as const),
    flavor: p.flavor,
    nameLabel: 'fixture',
    nodes: p.nodes ?? 1,
    spot: p.spot ?? false,
    vcpusPerNode: 2,
    ramGiBPerNode: 8,
    ...(p.gpuModel ? { gpuModel: p.gpuModel } : {}),
    gpusPerNode: p.gpusPerNode ?? 0,
    priceUsdHr: 0.1,
    requiredGroups: [],
    computeUsd: 73,
    clusterFeeShareUsd: 0,
  }));
  const sites = [...new Map(ps.map((p) => [`${p.platform}/${p.region}`, p])).values()];
  const site = (c: string) => ps.find((p) => p.component === c);
  return {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Plan',
    metadata: { name: `${application}-plan`, namespace: 'apps', labels: { 'skycluster.io/app-id': application } },
    spec: {
      application,
      policyRefs: { deploymentPolicy: application },
      executionEnvironment,
      horizonHours: 730,
      currency: 'USD',
      inputHash: '0'.repeat(64),
      revision: 1,
      approval: { approved: true },
      placements: ps,
      transfers: flows.map(([from, to]) => {
        const a = site(from);
        const b = site(to);
        return {
          from,
          to,
          fromSite: a ? `${a.platform}/${a.region}/${a.zone}` : '?',
          toSite: b ? `${b.platform}/${b.region}/${b.zone}` : '?',
          volumeGB: 10,
          usdPerGB: 0.02,
          costUsd: 0.2,
          rule: 'fixture',
          rttMs: 10,
          rttEstimated: false,
        };
      }),
      clusters: sites.map((p) => ({
        name: stableName([application, p.platform, p.region]),
        site: `${p.platform}/${p.region}`,
        platform: p.platform,
        region: p.region,
        siteKind: p.siteKind,
        feeUsd: p.siteKind === 'cloud' ? 73 : 0,
        components: ps.filter((q) => q.platform === p.platform && q.region === p.region).map((q) => q.component),
      })),
      costs: { computeUsd: 73 * ps.length, clusterFeesUsd: 73 * sites.length, transferUsd: 0, totalUsd: 146 * ps.length },
      catalogSources: [],
    },
  };
}
