/** assignment → Plan: the Plan object (core.skycluster.io/v1alpha1) for an assignment. Pure. */
import type { ExecutionEnvironment } from '../../src/api/policy.js';
import type { Explanation, Plan, PlanStatus, Placement, SolverSummary, Transfer } from '../../src/api/plan.js';
import { placementId, stableName } from '../../src/util/names.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { Application } from '../model/application.js';
import { optionOf, type Assignment, type AssignmentCost } from '../model/assignment.js';
import { selectorMatches, type CandidateSet } from '../model/candidates.js';
import type { PairTable } from '../model/pair-table.js';

/** The solver's verdict as buildPlan receives it (provenOptimal is derived here). */
export type SolverVerdict = Omit<SolverSummary, 'provenOptimal'>;

const round = (n: number, digits = 6): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** DNS-1123 name for the plan of an application: `<app>-plan`, hashed when the app id is not a clean label. */
export function planName(app: Pick<Application, 'name'>): string {
  return stableName([`${app.name}-plan`]);
}

/** Stable DNS-1123 name of the cluster an application gets at one site (platform/region). */
export function clusterName(application: string, platform: string, region: string): string {
  return stableName([application, platform, region]);
}

/** Builds the Plan object. */
export function buildPlan(input: {
  app: Application;
  namespace?: string;
  cands: CandidateSet;
  pairs: PairTable;
  catalog: Catalog;
  assignment: Assignment;
  cost: AssignmentCost;
  solver: SolverVerdict;
  explanations: readonly Explanation[];
  /** SHA-256 of the inputs (optimizer/plan/input-hash.ts). */
  inputHash: string;
  /** @default 'Kubernetes' */
  executionEnvironment?: ExecutionEnvironment;
  /** Notes and warnings to carry in status.issues. */
  issues?: PlanStatus['issues'];
  /** True when the solve had a churn term: costs.migrationUsd is then written (0 when nothing moved). */
  migration?: boolean;
}): Plan {
  const { app, cands, assignment, cost } = input;
  const placements: Placement[] = [];
  assignment.forEach((ps, c) => {
    const comp = cands.components[c]?.component;
    if (!comp) return;
    for (const p of ps) {
      const { location, option } = optionOf(cands, c, p);
      const cluster = cost.clusters.get(location.site.key);
      placements.push({
        id: placementId(comp.name, location.site.platform, location.site.region, location.zone.name),
        component: comp.name,
        platform: location.site.platform,
        region: location.site.region,
        zone: location.zone.name,
        siteKind: location.site.kind,
        flavor: option.offering.name,
        nameLabel: option.offering.nameLabel,
        nodes: option.nodes,
        spot: option.spot,
        vcpusPerNode: option.offering.vcpus,
        ramGiBPerNode: option.offering.ramGiB,
        ...(option.offering.gpuModel !== undefined ? { gpuModel: option.offering.gpuModel } : {}),
        gpusPerNode: option.offering.gpuCount,
        priceUsdHr: option.priceUsdHr,
        requiredGroups: comp.required.flatMap((g, gi) => (g.some((s) => selectorMatches(s, location.site, location.zone)) ? [gi] : [])),
        computeUsd: round(option.costUsd),
        clusterFeeShareUsd: round(cluster ? cluster.feeUsd / cluster.placements : 0),
      });
    }
  });
  // Provenance of every figure the plan uses: flavors' prices, sites, egress and latency sources.
  const used = new Set<string>();
  const transfers: Transfer[] = cost.flows.map((f) => {
    const edge = app.edges[f.edge];
    const q = input.pairs.quote(f.from, f.to, f.volumeGB);
    const lat = input.catalog.latency(f.from.site.platform, f.from.site.region, f.to.site.platform, f.to.site.region);
    used.add(q.source);
    if (lat) used.add(lat.source);
    return {
      from: app.components[edge?.from ?? -1]?.name ?? '?',
      to: app.components[edge?.to ?? -1]?.name ?? '?',
      fromSite: f.from.key,
      toSite: f.to.key,
      volumeGB: round(f.volumeGB),
      usdPerGB: round(f.usdPerGB, 9),
      costUsd: round(f.costUsd),
      rule: q.rule,
      rttMs: round(f.rttMs, 3),
      rttEstimated: lat?.estimated ?? true,
      ...(edge?.latencyMs !== undefined ? { latencyBoundMs: edge.latencyMs } : {}),
    };
  });
  assignment.forEach((ps, c) =>
    ps.forEach((p) => {
      const { location, option } = optionOf(cands, c, p);
      used.add(option.offering.source);
      used.add(location.site.source);
    }),
  );
  const tokens = new Set([...used].flatMap((u) => [u, ...u.split(/[|,;]\s*|:/)]));
  const catalogSources = input.catalog.provenance.filter((p) => tokens.has(p.id)).map((p) => ({ id: p.id, date: p.date }));
  const s = input.solver;
  // platform/region → the site's identity, for the cluster entries.
  const sites = new Map<string, { platform: string; region: string; kind: 'cloud' | 'onprem' }>();
  assignment.forEach((ps, c) =>
    ps.forEach((p) => {
      const { location } = optionOf(cands, c, p);
      sites.set(location.site.key, { platform: location.site.platform, region: location.site.region, kind: location.site.kind });
    }),
  );
  return {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Plan',
    metadata: {
      name: planName(app),
      ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
      labels: { 'skycluster.io/app-id': app.name },
    },
    spec: {
      application: app.name,
      policyRefs: { deploymentPolicy: app.deploymentPolicy, ...(app.dataflowPolicy !== undefined ? { dataflowPolicy: app.dataflowPolicy } : {}) },
      executionEnvironment: input.executionEnvironment ?? 'Kubernetes',
      horizonHours: app.horizonHours,
      currency: 'USD',
      inputHash: input.inputHash,
      revision: 1,
      approval: { approved: false },
      placements,
      transfers,
      clusters: [...cost.clusters.entries()].map(([site, v]) => {
        const info = sites.get(site);
        return {
          name: clusterName(app.name, info?.platform ?? site, info?.region ?? ''),
          site,
          platform: info?.platform ?? site,
          region: info?.region ?? '',
          siteKind: info?.kind ?? 'cloud',
          feeUsd: round(v.feeUsd),
          ...(v.gatewayUsd > 0 ? { gatewayUsd: round(v.gatewayUsd) } : {}),
          components: [...v.components],
        };
      }),
      costs: {
        computeUsd: round(cost.computeUsd),
        clusterFeesUsd: round(cost.clusterFeesUsd),
        transferUsd: round(cost.transferUsd),
        ...(input.migration ? { migrationUsd: round(cost.migrationUsd) } : {}),
        totalUsd: round(cost.totalUsd),
      },
      catalogSources,
    },
    status: {
      solver: {
        name: s.name,
        status: s.status,
        provenOptimal: s.status === 'Optimal',
        ...(s.objectiveUsd !== undefined ? { objectiveUsd: round(s.objectiveUsd) } : {}),
        ...(s.boundUsd !== undefined && Number.isFinite(s.boundUsd) ? { boundUsd: round(s.boundUsd) } : {}),
        // 0 means proven optimal (optimizer/model/optimality.ts); a nonzero gap keeps 4 significant digits, never rounds to 0.
        ...(s.gap !== undefined && Number.isFinite(s.gap) ? { gap: s.status === 'Optimal' ? 0 : Number(s.gap.toPrecision(4)) } : {}),
        wallSec: round(s.wallSec, 3),
        timeLimitSec: s.timeLimitSec,
        mipGap: s.mipGap,
      },
      explanations: [...input.explanations],
      ...(input.issues !== undefined && input.issues.length > 0 ? { issues: [...input.issues] } : {}),
    },
  };
}
