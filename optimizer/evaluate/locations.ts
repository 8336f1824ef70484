/**
 * Location rules of one placement: location selectors (permitted / required) and residency.
 * Rules 2 of docs/placement-semantics.md.
 */
import type { DeploymentPolicyItem, LocationSelector } from '../../src/api/policy.js';
import type { SiteInfo, ZoneInfo } from '../../src/catalog/types.js';

const same = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * True when the selector matches the zone of the site: every field the selector gives must match,
 * case-insensitively. `name` matches the site key (`platform/region`), `platform-region`, or the region.
 * An empty selector matches every location.
 */
export function selectorMatches(sel: LocationSelector, site: SiteInfo, zone: ZoneInfo): boolean {
  if (sel.platform !== undefined && !same(sel.platform, site.platform)) return false;
  if (sel.region !== undefined && !same(sel.region, site.region)) return false;
  if (sel.regionAlias !== undefined && !same(site.regionAlias, sel.regionAlias)) return false;
  if (sel.zone !== undefined && !same(sel.zone, zone.name)) return false;
  if (sel.type !== undefined && !same(sel.type, zone.type)) return false;
  if (sel.name !== undefined) {
    const names = [site.key, `${site.platform}-${site.region}`, site.region];
    if (!names.some((n) => same(sel.name, n))) return false;
  }
  return true;
}

/** Short text of a selector for messages, e.g. `{platform: aws, region: us-east-1}`. */
export function describeSelector(sel: LocationSelector): string {
  const parts = Object.entries(sel)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${String(v)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * The permitted rule: with a non-empty `permitted` list, the location must match at least one selector.
 * Returns a message when the rule is broken, undefined otherwise.
 */
export function permittedProblem(item: DeploymentPolicyItem, site: SiteInfo, zone: ZoneInfo): string | undefined {
  const permitted = item.locationConstraint?.permitted;
  if (permitted === undefined || permitted.length === 0) return undefined;
  if (permitted.some((sel) => selectorMatches(sel, site, zone))) return undefined;
  return `${site.key}/${zone.name} matches none of the permitted locations ${permitted.map(describeSelector).join(', ')}`;
}

/** Indices of the `required[]` groups that this location satisfies (one of the group's selectors matches). */
export function requiredGroupsMatched(item: DeploymentPolicyItem, site: SiteInfo, zone: ZoneInfo): number[] {
  const groups = item.locationConstraint?.required ?? [];
  const out: number[] = [];
  groups.forEach((g, i) => {
    if (g.anyOf.some((sel) => selectorMatches(sel, site, zone))) out.push(i);
  });
  return out;
}

/**
 * The residency rules: a non-empty `countries` list and a non-empty `continents` list are two separate rules,
 * each of which every placement's site must satisfy. A site without a country (continent) fails the
 * countries (continents) rule. Returns one message per broken rule.
 */
export function residencyProblems(item: DeploymentPolicyItem, site: SiteInfo): string[] {
  const out: string[] = [];
  const countries = item.residency?.countries ?? [];
  const continents = item.residency?.continents ?? [];
  if (countries.length > 0 && !countries.some((c) => same(site.country, c))) {
    out.push(`${site.key} is in country ${site.country ?? '(unknown)'}, not one of ${countries.join(', ')}`);
  }
  if (continents.length > 0 && !continents.some((c) => same(site.continent, c))) {
    out.push(`${site.key} is on continent ${site.continent ?? '(unknown)'}, not one of ${continents.join(', ')}`);
  }
  return out;
}
