/**
 * The cluster's ProviderProfiles and InstanceTypes as the registered part of the catalog (pure): each object
 * validated with `skycluster validate`'s code, disabled profiles, their InstanceTypes and offerings in disabled
 * zones left out (said in notes), and a version string that changes exactly when what is used changes (a price,
 * a zone, a profile) — not when a status or resourceVersion moves. `catalogFor` extends the bundled catalog
 * with them, as `skycluster optimize --providers DIR` does.
 */
import { createHash } from 'node:crypto';
import type { InstanceType, ProviderProfile } from '../../src/api/provider.js';
import { registrationFromObjects } from '../../src/catalog/from-profiles.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { Issue } from '../../src/validate/issue.js';
import { validateDocuments } from '../../src/validate/validate-documents.js';
import { canonicalJson, catalogVersion } from '../../optimizer/plan/input-hash.js';
import { CatalogInputError, extendCatalog } from '../../providers/catalog/extend-catalog.js';
import type { KubeObject } from '../runtime/index.js';

/** The registered providers an application is planned with. */
export interface RegisteredCatalog {
  readonly profiles: readonly ProviderProfile[];
  readonly instanceTypes: readonly InstanceType[];
  /** sha256 of the names and specs used (empty registration: `none`). */
  readonly version: string;
  readonly notes: readonly Issue[];
}

const byName = <T extends { metadata: { name: string } }>(a: T, b: T): number => a.metadata.name.localeCompare(b.metadata.name);

/** Validates and filters the registered objects. */
export function registeredCatalog(profileObjects: readonly KubeObject[], instanceTypeObjects: readonly KubeObject[]): RegisteredCatalog {
  const notes: Issue[] = [];
  const valid = <T>(o: KubeObject): T | undefined => {
    const r = validateDocuments([{ file: `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`, document: 1, value: o }]);
    const errors = r.issues.filter((i) => i.severity === 'error');
    if (errors.length === 0) return r.objects[0]?.object as T | undefined;
    for (const e of errors) notes.push({ ...e, severity: 'warning', message: `left out of the catalog: ${e.message}` });
    return undefined;
  };
  const profiles = profileObjects.flatMap((o) => valid<ProviderProfile>(o) ?? []).filter((p) => p.spec.enabled !== false);
  const enabledZones = new Map(profiles.map((p) => [p.metadata.name, new Set(p.spec.zones.filter((z) => z.enabled !== false).map((z) => z.name))]));
  const instanceTypes: InstanceType[] = [];
  for (const o of instanceTypeObjects) {
    const it = valid<InstanceType>(o);
    if (!it) continue;
    const zones = enabledZones.get(it.spec.providerRef);
    if (!zones) {
      notes.push({
        severity: 'note',
        object: `InstanceType/${it.metadata.name}`,
        path: 'spec.providerRef',
        message: `ProviderProfile "${it.spec.providerRef}" is not registered or is disabled: these offerings are not used`,
      });
      continue;
    }
    const offerings = it.spec.offerings.filter((zo) => zones.has(zo.zone));
    if (offerings.length < it.spec.offerings.length) {
      notes.push({
        severity: 'note',
        object: `InstanceType/${it.metadata.name}`,
        path: 'spec.offerings',
        message: `offerings in disabled or unknown zones of ProviderProfile "${it.spec.providerRef}" are not used`,
      });
    }
    if (offerings.length > 0) instanceTypes.push({ ...it, spec: { ...it.spec, offerings } });
  }
  profiles.sort(byName);
  instanceTypes.sort(byName);
  const identity = {
    profiles: profiles.map((p) => ({ name: p.metadata.name, spec: p.spec })),
    instanceTypes: instanceTypes.map((i) => ({ name: i.metadata.name, spec: i.spec })),
  };
  const version = profiles.length + instanceTypes.length === 0 ? 'none' : createHash('sha256').update(canonicalJson(identity)).digest('hex');
  return { profiles, instanceTypes, version, notes };
}

/** The catalog version of a plan: the bundled sources plus the registered objects' version. */
export function combinedCatalogVersion(base: Pick<Catalog, 'provenance'>, registered: Pick<RegisteredCatalog, 'version'>): string {
  return `${catalogVersion(base)};registered:${registered.version}`;
}

/** The bundled catalog with the registered providers added or overriding; issues when they do not fit. */
export function catalogFor(base: Catalog, registered: RegisteredCatalog): { ok: true; catalog: Catalog } | { ok: false; issues: Issue[] } {
  const reg = registrationFromObjects(registered.profiles, registered.instanceTypes, (p, r) => base.site(p, r));
  const errors = reg.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) return { ok: false, issues: errors };
  if (reg.sites.length === 0 && reg.offerings.length === 0) return { ok: true, catalog: base };
  try {
    return { ok: true, catalog: extendCatalog(base, reg.sites, reg.offerings, reg.egressTiers, reg.latencies) };
  } catch (err) {
    if (!(err instanceof CatalogInputError)) throw err;
    return {
      ok: false,
      issues: err.issues.map((i) => ({ severity: 'error', object: 'catalog', path: i.path, message: `cannot register providers: ${i.message}` })),
    };
  }
}
