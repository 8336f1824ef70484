/**
 * The catalog the approval gate checks a Plan's flavors against: the bundled catalog plus the
 * ProviderProfiles and InstanceTypes registered in the cluster (as the planner uses them). Objects that fail
 * their schema are left out here (the provider controller reports them). The bundled catalog is loaded once;
 * the extension is rebuilt only when a registered object changed (uid + resourceVersion fingerprint).
 */
import type { Catalog } from '../../src/catalog/types.js';
import { registrationFromObjects } from '../../src/catalog/from-profiles.js';
import { InstanceTypeSchema, ProviderProfileSchema, type InstanceType, type ProviderProfile } from '../../src/api/provider.js';
import type { Issue } from '../../src/validate/issue.js';
import { CatalogInputError } from '../../providers/catalog/extend-catalog.js';
import { extendCatalog, loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import type { KubeObject } from '../runtime/index.js';

/** Registered objects as read from the cluster, parsed. */
export interface RegisteredObjects {
  readonly profiles: ProviderProfile[];
  readonly instanceTypes: InstanceType[];
}

/** Parses the cached ProviderProfile and InstanceType objects, dropping those that fail their schema. */
export function parseRegistered(profiles: readonly KubeObject[], instanceTypes: readonly KubeObject[]): RegisteredObjects {
  const parsed = <T>(objects: readonly KubeObject[], parse: (o: unknown) => { success: boolean; data?: T }): T[] =>
    objects.flatMap((o) => {
      const r = parse(o);
      return r.success && r.data !== undefined ? [r.data] : [];
    });
  return {
    profiles: parsed(profiles, (o) => ProviderProfileSchema.safeParse(o)),
    instanceTypes: parsed(instanceTypes, (o) => InstanceTypeSchema.safeParse(o)),
  };
}

/** Identity of a set of objects: changes whenever one is added, removed or modified. */
export function fingerprint(objects: readonly KubeObject[]): string {
  return objects
    .map((o) => `${o.metadata?.uid ?? o.metadata?.name}@${o.metadata?.resourceVersion ?? ''}`)
    .sort()
    .join(',');
}

/** Builds (and caches) the bundled + registered catalog. */
export class ClusterCatalog {
  private base: Catalog | undefined;
  private cached: { key: string; result: { catalog?: Catalog; issues: Issue[] } } | undefined;

  /** @param loadBase loads the bundled catalog @default loadBundledCatalog */
  constructor(private readonly loadBase: () => Catalog = () => loadBundledCatalog()) {}

  /** The catalog for these registered objects, or the issues that make the registration unusable. */
  catalogFor(profiles: readonly KubeObject[], instanceTypes: readonly KubeObject[]): { catalog?: Catalog; issues: Issue[] } {
    const key = `${fingerprint(profiles)}|${fingerprint(instanceTypes)}`;
    if (this.cached?.key === key) return this.cached.result;
    this.base ??= this.loadBase();
    const base = this.base;
    const registered = parseRegistered(profiles, instanceTypes);
    // As the planner does: a disabled (or missing) profile's InstanceTypes are not offered.
    const enabled = new Set(registered.profiles.filter((p) => p.spec.enabled !== false).map((p) => p.metadata.name));
    const used = registered.instanceTypes.filter((it) => enabled.has(it.spec.providerRef));
    const reg = registrationFromObjects(registered.profiles, used, (p, r) => base.site(p, r));
    const errors = reg.issues.filter((i) => i.severity === 'error');
    let result: { catalog?: Catalog; issues: Issue[] };
    if (errors.length > 0) result = { issues: errors };
    else if (reg.sites.length === 0 && reg.offerings.length === 0) result = { catalog: base, issues: [] };
    else {
      try {
        result = { catalog: extendCatalog(base, reg.sites, reg.offerings, reg.egressTiers, reg.latencies), issues: [] };
      } catch (err) {
        if (!(err instanceof CatalogInputError)) throw err;
        result = {
          issues: err.issues.map((i) => ({ severity: 'error', object: 'catalog', path: i.path, message: `cannot register providers: ${i.message}` })),
        };
      }
    }
    this.cached = { key, result };
    return result;
  }
}
