/**
 * Checks that need more than one field or more than one object: duplicate components, edges to unknown
 * components, self-loops, unreadable compute profiles, zones declared twice. Pure; every finding names the
 * object and field path.
 */
import { parseVirtualService } from '../api/compute-profile.js';
import { parseDuration } from '../api/units.js';
import type { DataflowPolicy, DeploymentPolicy } from '../api/policy.js';
import type { InstanceType, ProviderProfile } from '../api/provider.js';
import { quote, shown, type Issue } from './issue.js';
import { applicationKey } from './object-set-checks.js';
import type { ValidObject } from './validate-object.js';

export { applicationKey } from './object-set-checks.js';

function where(v: ValidObject): Pick<Issue, 'file' | 'document' | 'object'> {
  return { file: v.source.file, document: v.source.document, object: `${v.kind}/${v.name}` };
}

function checkDeploymentPolicy(v: ValidObject, dp: DeploymentPolicy): Issue[] {
  const issues: Issue[] = [];
  const horizon = dp.spec.costHorizon === undefined ? undefined : parseDuration(dp.spec.costHorizon);
  if (horizon?.ok && horizon.value <= 0) {
    issues.push({ ...where(v), severity: 'error', path: 'spec.costHorizon', message: 'the cost horizon must be longer than 0' });
  }
  const seen = new Map<string, number>();
  dp.spec.deploymentPolicies.forEach((item, i) => {
    const base = `spec.deploymentPolicies[${i}]`;
    const prev = seen.get(item.componentRef.name);
    if (prev !== undefined) {
      issues.push({
        ...where(v),
        severity: 'error',
        path: `${base}.componentRef.name`,
        message: `component ${quote(item.componentRef.name)} is already defined at spec.deploymentPolicies[${prev}]`,
      });
    } else {
      seen.set(item.componentRef.name, i);
    }
    item.virtualServiceConstraint?.forEach((group, g) => {
      group.anyOf.forEach((alt, a) => {
        const parsed = parseVirtualService(alt);
        const path = `${base}.virtualServiceConstraint[${g}].anyOf[${a}]`;
        if (!parsed.ok) issues.push({ ...where(v), severity: 'error', path: `${path}.${parsed.path}`, message: parsed.message });
        else if (parsed.note) issues.push({ ...where(v), severity: 'note', path: `${path}.name`, message: parsed.note });
      });
    });
    const spread = item.spread;
    if (spread && item.maxLocations !== undefined) {
      const need = Math.max(spread.minRegions ?? 1, spread.minProviders ?? 1);
      if (need > item.maxLocations) {
        issues.push({
          ...where(v),
          severity: 'error',
          path: `${base}.spread`,
          message: `asks for ${need} locations but maxLocations is ${item.maxLocations}`,
        });
      }
    }
    const required = item.locationConstraint?.required?.length ?? 0;
    if (item.maxLocations !== undefined && required > item.maxLocations) {
      issues.push({
        ...where(v),
        severity: 'error',
        path: `${base}.maxLocations`,
        message: `${required} required location groups cannot be met with at most ${item.maxLocations} placements`,
      });
    }
  });
  return issues;
}

/** The known names for a message: the first ten, sorted, and how many more. */
function knownList(names: ReadonlySet<string>): string {
  const sorted = [...names].sort();
  const head = sorted.slice(0, 10).map(shown).join(', ');
  return sorted.length > 10 ? `${head}, ... (${sorted.length - 10} more)` : head;
}

function checkDataflowPolicy(v: ValidObject, df: DataflowPolicy, components: Set<string> | undefined): Issue[] {
  const issues: Issue[] = [];
  df.spec.dataDependencies.forEach((dep, i) => {
    const base = `spec.dataDependencies[${i}]`;
    if (dep.from.name === dep.to.name) {
      issues.push({
        ...where(v),
        severity: 'error',
        path: `${base}.to.name`,
        message: `an edge from ${quote(dep.from.name)} to itself is not a data dependency`,
      });
    }
    if (components) {
      for (const end of ['from', 'to'] as const) {
        if (!components.has(dep[end].name)) {
          issues.push({
            ...where(v),
            severity: 'error',
            path: `${base}.${end}.name`,
            message: `component ${quote(dep[end].name)} is not in the application's DeploymentPolicy (known: ${knownList(components)})`,
          });
        }
      }
    }
    if (dep.totalDataTransfer === undefined && dep.averageDataRate === undefined) {
      issues.push({
        ...where(v),
        severity: 'note',
        path: base,
        message: 'no totalDataTransfer or averageDataRate: the edge carries no transfer cost',
      });
    }
  });
  return issues;
}

function checkProviderProfile(v: ValidObject, pp: ProviderProfile): Issue[] {
  const issues: Issue[] = [];
  const names = new Set<string>();
  let defaults = 0;
  pp.spec.zones.forEach((z, i) => {
    if (names.has(z.name))
      issues.push({ ...where(v), severity: 'error', path: `spec.zones[${i}].name`, message: `zone ${quote(z.name)} is declared twice` });
    names.add(z.name);
    if (z.defaultZone) defaults += 1;
  });
  if (defaults > 1)
    issues.push({ ...where(v), severity: 'error', path: 'spec.zones', message: `${defaults} zones are marked defaultZone; at most one may be` });
  return issues;
}

function checkInstanceType(v: ValidObject, it: InstanceType, zonesByProfile: Map<string, Set<string>>): Issue[] {
  const issues: Issue[] = [];
  const zones = zonesByProfile.get(it.spec.providerRef);
  it.spec.offerings.forEach((o, i) => {
    if (zones && !zones.has(o.zone)) {
      issues.push({
        ...where(v),
        severity: 'error',
        path: `spec.offerings[${i}].zone`,
        message: `zone ${quote(o.zone)} is not a zone of ProviderProfile ${shown(it.spec.providerRef)} (zones: ${[...zones].map(shown).join(', ')})`,
      });
    }
    const seen = new Set<string>();
    o.zoneOfferings.forEach((f, j) => {
      if (seen.has(f.name))
        issues.push({
          ...where(v),
          severity: 'error',
          path: `spec.offerings[${i}].zoneOfferings[${j}].name`,
          message: `flavor ${quote(f.name)} is listed twice in zone ${shown(o.zone)}`,
        });
      seen.add(f.name);
    });
  });
  return issues;
}

/** Runs every cross-field and cross-object check over a set of valid objects. */
export function semanticChecks(objects: readonly ValidObject[]): Issue[] {
  const componentsByApp = new Map<string, Set<string>>();
  const zonesByProfile = new Map<string, Set<string>>();
  for (const v of objects) {
    if (v.kind === 'DeploymentPolicy') {
      const dp = v.object as DeploymentPolicy;
      const set = componentsByApp.get(applicationKey(dp.metadata)) ?? new Set<string>();
      dp.spec.deploymentPolicies.forEach((c) => set.add(c.componentRef.name));
      componentsByApp.set(applicationKey(dp.metadata), set);
    } else if (v.kind === 'ProviderProfile') {
      const pp = v.object as ProviderProfile;
      zonesByProfile.set(pp.metadata.name, new Set(pp.spec.zones.map((z) => z.name)));
    }
  }
  const issues: Issue[] = [];
  // A loop, not push(...found): one DeploymentPolicy may hold 100,000 components, each with a note.
  const add = (found: readonly Issue[]): void => {
    for (const i of found) issues.push(i);
  };
  for (const v of objects) {
    if (v.kind === 'DeploymentPolicy') add(checkDeploymentPolicy(v, v.object as DeploymentPolicy));
    else if (v.kind === 'DataflowPolicy') {
      const df = v.object as DataflowPolicy;
      add(checkDataflowPolicy(v, df, componentsByApp.get(applicationKey(df.metadata))));
    } else if (v.kind === 'ProviderProfile') add(checkProviderProfile(v, v.object as ProviderProfile));
    else if (v.kind === 'InstanceType') add(checkInstanceType(v, v.object as InstanceType, zonesByProfile));
  }
  return issues;
}
