/**
 * The policy lines that act before the model: filters that remove locations or flavors from a component's
 * candidates (`locationConstraint.permitted`, its zone and zone-type parts, `residency`, each
 * `virtualServiceConstraint` group, the GPU model). The conflict search treats each as a constraint it may
 * relax, like the model's own rows: relaxing one means rebuilding the candidates from an application
 * without it. Ids share the namespace of the model's policy constraints (optimizer/model/placement-model.ts)
 * and name the component by index.
 */
import type { Application, ComponentSpec } from '../model/application.js';
import { describeSelector } from '../model/candidates.js';
import type { PolicyConstraintId } from '../model/placement-model.js';

/** Every filter of an application that could remove a candidate, with the user-facing description. */
export function filterConstraints(app: Application): Map<PolicyConstraintId, string> {
  const out = new Map<PolicyConstraintId, string>();
  app.components.forEach((c, i) => {
    if (c.permitted.length > 0) {
      out.set(`permitted:${i}`, `${c.name}: permitted ${c.permitted.map(describeSelector).join(' or ')} (${c.path}.locationConstraint.permitted)`);
      // The zone and zone-type parts alone: relaxing them keeps the platforms and regions.
      if (c.permitted.some((s) => s.zone !== undefined || s.type !== undefined)) {
        out.set(`permittedZones:${i}`, `${c.name}: zone / zone type of the permitted locations (${c.path}.locationConstraint.permitted)`);
      }
    }
    if (c.countries) out.set(`countries:${i}`, `${c.name}: residency in ${c.countries.join(', ')} (${c.path}.residency.countries)`);
    if (c.continents) out.set(`continents:${i}`, `${c.name}: residency in ${c.continents.join(', ')} (${c.path}.residency.continents)`);
    c.profileGroups.forEach((group, g) => {
      // A group with a service name (ManagedKubernetes) in it constrains no flavor: nothing to relax.
      if (group.some((r) => r.kind === 'any')) return;
      out.set(`profile:${i}:${g}`, `${c.name}: compute profile ${group.map((r) => r.text).join(' or ')} (${c.path}.virtualServiceConstraint[${g}])`);
    });
    if (c.resources?.gpuModel !== undefined) {
      out.set(`gpuModel:${i}`, `${c.name}: GPU model ${c.resources.gpuModel} (${c.path}.resources.gpu.model)`);
    }
  });
  return out;
}

/** True when the id names a filter (as opposed to a row of the model). */
export function isFilterConstraint(id: PolicyConstraintId): boolean {
  return /^(permitted|permittedZones|countries|continents|profile|gpuModel):/.test(id);
}

/** True when relaxing the id changes the candidate set: a filter, or a required group (checked before the model too). */
export function changesCandidates(id: PolicyConstraintId): boolean {
  return isFilterConstraint(id) || id.startsWith('required:');
}

/** The required groups of an application, with the descriptions the model gives them (optimizer/model/placement-model.ts). */
export function requiredGroupConstraints(app: Application): Map<PolicyConstraintId, string> {
  const out = new Map<PolicyConstraintId, string>();
  app.components.forEach((c, i) =>
    c.required.forEach((group, g) =>
      out.set(`required:${i}:${g}`, `${c.name}: required ${group.map(describeSelector).join(' or ')} (${c.path}.locationConstraint.required[${g}])`),
    ),
  );
  return out;
}

/**
 * The application without the relaxed filters (ids of {@link filterConstraints}) and required groups; the input
 * is not changed.
 */
export function relaxFilters(app: Application, relaxed: ReadonlySet<PolicyConstraintId>): Application {
  if (![...relaxed].some(changesCandidates)) return app;
  const components = app.components.map((c, i): ComponentSpec => {
    const has = (kind: string) => relaxed.has(`${kind}:${i}`);
    let permitted = has('permitted') ? [] : c.permitted;
    if (has('permittedZones')) permitted = permitted.map(({ zone: _zone, type: _type, ...rest }) => rest);
    const profileGroups = c.profileGroups.filter((_, g) => !relaxed.has(`profile:${i}:${g}`));
    // A relaxed required group matches every location (kept in place so that later groups keep their index).
    const required = c.required.map((group, g) => (relaxed.has(`required:${i}:${g}`) ? [{}] : group));
    const { countries, continents, resources, ...rest } = c;
    let nextResources = resources;
    if (resources && has('gpuModel')) {
      const { gpuModel: _model, ...r } = resources;
      nextResources = r;
    }
    return {
      ...rest,
      permitted,
      required,
      profileGroups,
      ...(countries && !has('countries') ? { countries } : {}),
      ...(continents && !has('continents') ? { continents } : {}),
      ...(nextResources ? { resources: nextResources } : {}),
    };
  });
  return { ...app, components };
}
