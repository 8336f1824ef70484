/**
 * policies → application: turns a validated DeploymentPolicy (and its DataflowPolicy) into the normalized
 * application the optimizer works on. Units are parsed here, once; every component and edge keeps the policy
 * path it came from so that explanations and infeasibility reports can point at the user's lines.
 */
import { parseVirtualService, type FlavorRequirement } from '../../src/api/compute-profile.js';
import type { DataflowPolicy, DeploymentPolicy, LocationSelector } from '../../src/api/policy.js';
import { parseCpu, parseDataRate, parseDataSize, parseDuration, parseMemory, parsePrice } from '../../src/api/units.js';
import type { Issue } from '../../src/validate/issue.js';

/** Default cost horizon: one month of 730 hours. */
export const DEFAULT_HORIZON_HOURS = 730;

export interface ComponentSpec {
  readonly name: string;
  readonly index: number;
  /** Policy path of the component, e.g. `DeploymentPolicy/web spec.deploymentPolicies[2]`. */
  readonly path: string;
  readonly replicas: number;
  /** Per-replica requests; undefined when the policy gives none (nodes then follow the profile's count). */
  readonly resources?: { readonly cpu: number; readonly memoryGiB: number; readonly gpus: number; readonly gpuModel?: string };
  /** AND over groups, OR within a group. Empty: any flavor. */
  readonly profileGroups: readonly (readonly FlavorRequirement[])[];
  /** OR of selectors; empty = every location. */
  readonly permitted: readonly LocationSelector[];
  /** Each group needs one placement matching one of its selectors. */
  readonly required: readonly (readonly LocationSelector[])[];
  readonly spotAllowed: boolean;
  readonly minRegions: number;
  readonly minProviders: number;
  readonly countries?: readonly string[];
  readonly continents?: readonly string[];
  /** Most placements; Infinity when unlimited. */
  readonly maxLocations: number;
}

export interface EdgeSpec {
  readonly index: number;
  readonly path: string;
  readonly from: number;
  readonly to: number;
  /** GB sent by each placement of the source over the horizon. */
  readonly volumeGB: number;
  readonly latencyMs?: number;
}

export interface Application {
  readonly name: string;
  readonly deploymentPolicy: string;
  readonly dataflowPolicy?: string;
  readonly horizonHours: number;
  readonly budgetUsd?: number;
  readonly components: readonly ComponentSpec[];
  readonly edges: readonly EdgeSpec[];
}

export type ApplicationResult = { ok: true; app: Application; notes: Issue[] } | { ok: false; issues: Issue[] };

/**
 * Normalizes one application. `horizonHours` overrides the policy's costHorizon (CLI --horizon).
 */
export function buildApplication(dp: DeploymentPolicy, df: DataflowPolicy | undefined, horizonOverrideHours?: number): ApplicationResult {
  const issues: Issue[] = [];
  const notes: Issue[] = [];
  const dpObject = `DeploymentPolicy/${dp.metadata.name}`;
  const err = (object: string, path: string, message: string) => issues.push({ severity: 'error', object, path, message });

  let horizonHours = DEFAULT_HORIZON_HOURS;
  if (horizonOverrideHours !== undefined) horizonHours = horizonOverrideHours;
  else if (dp.spec.costHorizon !== undefined) {
    const h = parseDuration(dp.spec.costHorizon);
    if (h.ok && h.value > 0) horizonHours = h.value / 3_600_000;
    else err(dpObject, 'spec.costHorizon', h.ok ? 'the horizon must be positive' : h.message);
  }
  let budgetUsd: number | undefined;
  if (dp.spec.budget !== undefined) {
    const b = parsePrice(dp.spec.budget);
    if (b.ok) budgetUsd = b.value;
    else err(dpObject, 'spec.budget', b.message);
  }

  const byName = new Map<string, number>();
  const components: ComponentSpec[] = [];
  dp.spec.deploymentPolicies.forEach((item, i) => {
    const path = `spec.deploymentPolicies[${i}]`;
    const name = item.componentRef.name;
    if (byName.has(name)) {
      err(dpObject, `${path}.componentRef.name`, `component "${name}" is defined twice`);
      return;
    }
    const profileGroups: FlavorRequirement[][] = [];
    item.virtualServiceConstraint?.forEach((group, g) => {
      const reqs: FlavorRequirement[] = [];
      group.anyOf.forEach((alt, a) => {
        const p = parseVirtualService(alt);
        const at = `${path}.virtualServiceConstraint[${g}].anyOf[${a}]`;
        if (!p.ok) err(dpObject, `${at}.${p.path}`, p.message);
        else reqs.push(p.requirement);
      });
      if (reqs.length > 0) profileGroups.push(reqs);
    });
    let resources: ComponentSpec['resources'];
    if (item.resources) {
      const cpu = parseCpu(item.resources.cpu);
      const mem = parseMemory(item.resources.memory);
      if (!cpu.ok) err(dpObject, `${path}.resources.cpu`, cpu.message);
      if (!mem.ok) err(dpObject, `${path}.resources.memory`, mem.message);
      if (cpu.ok && mem.ok) {
        resources = {
          cpu: cpu.value,
          memoryGiB: mem.value,
          gpus: item.resources.gpu?.count ?? 0,
          ...(item.resources.gpu?.model !== undefined ? { gpuModel: item.resources.gpu.model } : {}),
        };
      }
    }
    byName.set(name, components.length);
    components.push({
      name,
      index: components.length,
      path: `${dpObject} ${path}`,
      replicas: item.replicas ?? 1,
      ...(resources ? { resources } : {}),
      profileGroups,
      permitted: item.locationConstraint?.permitted ?? [],
      required: (item.locationConstraint?.required ?? []).map((g) => g.anyOf),
      spotAllowed: item.spot ?? false,
      minRegions: item.spread?.minRegions ?? 1,
      minProviders: item.spread?.minProviders ?? 1,
      ...(item.residency?.countries ? { countries: item.residency.countries } : {}),
      ...(item.residency?.continents ? { continents: item.residency.continents } : {}),
      maxLocations: item.maxLocations ?? Number.POSITIVE_INFINITY,
    });
  });

  const edges: EdgeSpec[] = [];
  if (df) {
    const dfObject = `DataflowPolicy/${df.metadata.name}`;
    df.spec.dataDependencies.forEach((dep, i) => {
      const path = `spec.dataDependencies[${i}]`;
      const from = byName.get(dep.from.name);
      const to = byName.get(dep.to.name);
      if (from === undefined) err(dfObject, `${path}.from.name`, `component "${dep.from.name}" is not in DeploymentPolicy/${dp.metadata.name}`);
      if (to === undefined) err(dfObject, `${path}.to.name`, `component "${dep.to.name}" is not in DeploymentPolicy/${dp.metadata.name}`);
      if (from === undefined || to === undefined) return;
      if (from === to) {
        err(dfObject, `${path}.to.name`, `an edge from "${dep.from.name}" to itself is not a data dependency`);
        return;
      }
      let volumeGB = 0;
      if (dep.averageDataRate !== undefined) {
        const r = parseDataRate(dep.averageDataRate);
        if (r.ok) volumeGB = r.value * horizonHours * 3600;
        else err(dfObject, `${path}.averageDataRate`, r.message);
      } else if (dep.totalDataTransfer !== undefined) {
        const s = parseDataSize(dep.totalDataTransfer);
        if (s.ok) volumeGB = s.value;
        else err(dfObject, `${path}.totalDataTransfer`, s.message);
      }
      let latencyMs: number | undefined;
      if (dep.latency !== undefined) {
        const l = parseDuration(dep.latency);
        if (l.ok) latencyMs = l.value;
        else err(dfObject, `${path}.latency`, l.message);
      }
      edges.push({ index: edges.length, path: `${dfObject} ${path}`, from, to, volumeGB, ...(latencyMs !== undefined ? { latencyMs } : {}) });
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const name = dp.metadata.labels?.['skycluster.io/app-id'] ?? dp.metadata.name;
  return {
    ok: true,
    app: {
      name,
      deploymentPolicy: dp.metadata.name,
      horizonHours,
      components,
      edges,
      ...(df ? { dataflowPolicy: df.metadata.name } : {}),
      ...(budgetUsd !== undefined ? { budgetUsd } : {}),
    },
    notes,
  };
}
