/**
 * The catalog the approval gate checks a Plan's flavors against: the bundled catalog plus the
 * ProviderProfiles and InstanceTypes registered in the cluster, read exactly as the planner reads them
 * (controllers/policy/registered-catalog.ts: validated, disabled profiles and zones left out). The bundled
 * catalog is loaded once; the extension is rebuilt only when a registered object changed (uid +
 * resourceVersion fingerprint).
 */
import type { Catalog } from '../../src/catalog/types.js';
import type { ProviderProfile } from '../../src/api/provider.js';
import type { Issue } from '../../src/validate/issue.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { catalogFor, registeredCatalog } from '../policy/registered-catalog.js';
import type { KubeObject } from '../runtime/index.js';

/** Identity of a set of objects: changes whenever one is added, removed or modified. */
export function fingerprint(objects: readonly KubeObject[]): string {
  return objects
    .map((o) => `${o.metadata?.uid ?? o.metadata?.name}@${o.metadata?.resourceVersion ?? ''}`)
    .sort()
    .join(',');
}

/** What the registered objects give the gate: the catalog (or why there is none) and the usable profiles. */
export interface ClusterCatalogResult {
  readonly catalog?: Catalog;
  readonly issues: readonly Issue[];
  /** The enabled, valid ProviderProfiles (their Secret references go into the Atlas). */
  readonly profiles: readonly ProviderProfile[];
}

/** Builds (and caches) the bundled + registered catalog. */
export class ClusterCatalog {
  private base: Catalog | undefined;
  private cached: { key: string; result: ClusterCatalogResult } | undefined;

  /** @param loadBase loads the bundled catalog @default loadBundledCatalog */
  constructor(private readonly loadBase: () => Catalog = () => loadBundledCatalog()) {}

  /** The catalog for these registered objects, or the issues that make the registration unusable. */
  catalogFor(profiles: readonly KubeObject[], instanceTypes: readonly KubeObject[]): ClusterCatalogResult {
    const key = `${fingerprint(profiles)}|${fingerprint(instanceTypes)}`;
    if (this.cached?.key === key) return this.cached.result;
    this.base ??= this.loadBase();
    const registered = registeredCatalog(profiles, instanceTypes);
    const built = catalogFor(this.base, registered);
    const result: ClusterCatalogResult = built.ok
      ? { catalog: built.catalog, issues: [], profiles: registered.profiles }
      : { issues: built.issues, profiles: registered.profiles };
    this.cached = { key, result };
    return result;
  }
}
