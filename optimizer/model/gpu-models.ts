/**
 * GPU models a policy names that no flavor of the catalog has (`model: A1000`): a validation error on the field,
 * with the closest models the catalog does have, instead of a component "without a flavor that fits". Models are
 * globs (`A100*`), as everywhere else (src/api/compute-profile.ts globToRegExp). Needs the catalog, so it runs in
 * optimize() before the candidates, on the catalog the solve uses (bundled plus ProviderProfiles).
 */
import { globToRegExp } from '../../src/api/compute-profile.js';
import type { DeploymentPolicy } from '../../src/api/policy.js';
import type { Catalog } from '../../src/catalog/types.js';
import { editDistance } from '../../src/util/closest.js';
import type { Issue } from '../../src/validate/issue.js';

/** How many of the closest catalog models a message lists. */
export const CLOSEST_GPU_MODELS = 3;

/** Every GPU model some flavor of the catalog has, sorted. */
export function catalogGpuModels(catalog: Pick<Catalog, 'sites' | 'offerings'>): string[] {
  const models = new Set<string>();
  for (const site of catalog.sites())
    for (const o of catalog.offerings(site.platform, site.region)) if (o.gpuModel !== undefined) models.add(o.gpuModel);
  return [...models].sort();
}

/** The GPU model fields of a DeploymentPolicy: resources.gpu.model and each ComputeProfile spec's gpu.model. */
function gpuModelFields(dp: DeploymentPolicy): { path: string; component: string; model: string }[] {
  const out: { path: string; component: string; model: string }[] = [];
  dp.spec.deploymentPolicies.forEach((item, i) => {
    const at = `spec.deploymentPolicies[${i}]`;
    const component = item.componentRef.name;
    const model = item.resources?.gpu?.model;
    if (typeof model === 'string') out.push({ path: `${at}.resources.gpu.model`, component, model });
    item.virtualServiceConstraint?.forEach((group, g) =>
      group.anyOf.forEach((alt, a) => {
        const gpu = (alt.spec as { gpu?: { model?: unknown } } | undefined)?.gpu;
        if (typeof gpu?.model === 'string')
          out.push({ path: `${at}.virtualServiceConstraint[${g}].anyOf[${a}].spec.gpu.model`, component, model: gpu.model });
      }),
    );
  });
  return out;
}

/** True for an issue of {@link unknownGpuModels} (it is on a `gpu.model` field). */
export function isGpuModelIssue(issue: Pick<Issue, 'path'>): boolean {
  return issue.path.endsWith('.gpu.model');
}

/** One error per GPU model field that matches no model of the catalog, naming the closest ones. */
export function unknownGpuModels(dp: DeploymentPolicy, catalog: Pick<Catalog, 'sites' | 'offerings'>): Issue[] {
  const fields = gpuModelFields(dp);
  if (fields.length === 0) return [];
  const known = catalogGpuModels(catalog);
  const object = `DeploymentPolicy/${dp.metadata.name}`;
  return fields.flatMap((f) => {
    const pattern = globToRegExp(f.model);
    if (known.some((m) => pattern.test(m))) return [];
    const typed = f.model.replace(/\*/g, '');
    const closest = [...known].sort((a, b) => editDistance(typed, a) - editDistance(typed, b) || a.localeCompare(b)).slice(0, CLOSEST_GPU_MODELS);
    const hint = closest.length > 0 ? `; closest: ${closest.join(', ')}` : '; the catalog has no GPU flavor';
    return [
      {
        severity: 'error' as const,
        object,
        path: f.path,
        message: `${f.component}: GPU model ${JSON.stringify(f.model)} matches no flavor in the catalog${hint}`,
      },
    ];
  });
}
