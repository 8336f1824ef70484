/**
 * A registered provider as the registration code handles it: one ProviderProfile and the InstanceType that holds
 * its offerings, kept together (SkyCluster names them apart; `providerRef` links them). Pure helpers.
 */
import type { InstanceType, ProviderProfile } from '../../src/api/provider.js';
import type { Issue } from '../../src/validate/issue.js';

/** A ProviderProfile with its InstanceType (absent when the profile was registered without offerings). */
export interface ProviderEntry {
  readonly profile: ProviderProfile;
  readonly instanceType?: InstanceType;
}

/** Outcome of building or changing entries: the entries, or the issues that stop it (never both applied). */
export type EntryResult<T = ProviderEntry> =
  { readonly ok: true; readonly value: T; readonly notes: Issue[] } | { readonly ok: false; readonly issues: Issue[] };

/** Number of zone offerings of an entry (a flavor offered in three zones counts three times). */
export function offeringCount(entry: ProviderEntry): number {
  return entry.instanceType?.spec.offerings.reduce((n, o) => n + o.zoneOfferings.length, 0) ?? 0;
}

/** Pairs profiles with InstanceTypes by `spec.providerRef`; InstanceTypes naming no given profile are returned apart. */
export function pairEntries(
  profiles: readonly ProviderProfile[],
  instanceTypes: readonly InstanceType[],
): { entries: ProviderEntry[]; orphans: InstanceType[] } {
  const byRef = new Map<string, InstanceType>();
  const orphans: InstanceType[] = [];
  const names = new Set(profiles.map((p) => p.metadata.name));
  for (const it of instanceTypes) {
    if (names.has(it.spec.providerRef) && !byRef.has(it.spec.providerRef)) byRef.set(it.spec.providerRef, it);
    else orphans.push(it);
  }
  const entries = profiles.map((profile) => {
    const instanceType = byRef.get(profile.metadata.name);
    return instanceType ? { profile, instanceType } : { profile };
  });
  return { entries, orphans };
}
