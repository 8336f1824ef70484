/**
 * application + catalog → candidates: for every component, the locations (site zones) it may use and, in
 * each, the flavor options that fit it, with their cost over the horizon. Dominated options are pruned
 * (another option in the same location that costs no more and uses no more quota). Components, or required
 * groups, left without a candidate are reported with the reason before any model is built.
 */
import { flavorSatisfies, globToRegExp, type FlavorRequirement } from '../../src/api/compute-profile.js';
import type { LocationSelector } from '../../src/api/policy.js';
import { gatewayUsdHr } from '../../src/catalog/gateway.js';
import { siteOfferingsOf, type SiteOfferings } from '../../src/catalog/site-offerings.js';
import type { Catalog, Offering, SiteInfo, ZoneInfo } from '../../src/catalog/types.js';
import type { Issue } from '../../src/validate/issue.js';
import type { Application, ComponentSpec } from './application.js';
import { MigrationPrices, type MigrationInput } from './migration.js';
import { zoneClasses, ZoneMerger } from './zone-classes.js';

/** CPU (cores) and memory share (fraction) a node keeps for the kubelet and system daemons. */
export const NODE_RESERVED_CPU = 0.1;
export const NODE_RESERVED_MEMORY_FRACTION = 0.1;

/** A concrete place: one zone of one site. Shared by all components (indices into CandidateSet.locations). */
export interface Location {
  readonly index: number;
  readonly site: SiteInfo;
  readonly zone: ZoneInfo;
  /** `platform/region/zone`. */
  readonly key: string;
}

/** One way to run a component in a location: a flavor, on-demand or spot, and a node count. */
export interface Option {
  readonly offering: Offering;
  readonly spot: boolean;
  readonly nodes: number;
  readonly priceUsdHr: number;
  /** priceUsdHr × nodes × horizon. */
  readonly costUsd: number;
  readonly vcpus: number;
  readonly gpus: number;
}

/** One candidate location of a component with its options (cheapest first). */
export interface CandidateEntry {
  readonly location: Location;
  readonly options: readonly Option[];
  /**
   * Other zones of the site that are interchangeable with this one for the component and its flow partners
   * (same type, offerings and prices, no selector tells them apart; see zone-classes.ts), merged into it.
   */
  readonly equivalentZones?: readonly ZoneInfo[];
  /**
   * Migration cost of a placement here (migration.ts): the same for every option of the location, added to each
   * one's objective coefficient. Absent when zero.
   */
  readonly migrationUsd?: number;
  /** Migration cost of a placement in the equivalent zones, when it differs from `migrationUsd` (explanations). */
  readonly equivalentZonesMigrationUsd?: number;
}

export interface ComponentCandidates {
  readonly component: ComponentSpec;
  /** Candidate locations, each with its options (cheapest first). */
  readonly locations: readonly CandidateEntry[];
  /** For each required group, the indices (into `locations`) that satisfy it. */
  readonly requiredGroups: readonly (readonly number[])[];
}

export interface CandidateSet {
  readonly locations: readonly Location[];
  readonly components: readonly ComponentCandidates[];
  /**
   * USD per hour of the WireGuard gateway of each candidate site that has a priced one (src/catalog/gateway.ts);
   * the site pays it while it is at the end of a tunnel (model/gateways.ts).
   */
  readonly gatewayUsdHr: ReadonlyMap<string, number>;
}

export type CandidatesResult =
  | { ok: true; candidates: CandidateSet }
  | {
      ok: false;
      issues: Issue[];
      /** Set when the deadline passed before every component had its candidates (`issues` is then empty). */
      timedOut?: { readonly components: number; readonly of: number };
    };

/** An absolute deadline (ms on the `now` clock) checked between components. */
export interface Deadline {
  readonly atMs: number;
  readonly now: () => number;
}

export interface CandidateOptions {
  /** Keep dominated options (used by the test that proves pruning never changes the optimum). @default true */
  readonly prune?: boolean;
  /** The plan in force and the price of a move (the churn term, migration.ts). */
  readonly migration?: MigrationInput;
  /** Stop (timedOut) when this deadline has passed before a component is started. */
  readonly deadline?: Deadline;
}

const eq = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** True when a site zone matches every field the selector gives. */
export function selectorMatches(sel: LocationSelector, site: SiteInfo, zone: ZoneInfo): boolean {
  if (sel.platform !== undefined && !eq(sel.platform, site.platform)) return false;
  if (sel.region !== undefined && !eq(sel.region, site.region)) return false;
  if (sel.regionAlias !== undefined && !eq(sel.regionAlias, site.regionAlias)) return false;
  if (sel.zone !== undefined && !eq(sel.zone, zone.name)) return false;
  if (sel.type !== undefined && sel.type !== zone.type) return false;
  if (sel.name !== undefined && !eq(sel.name, site.key) && !eq(sel.name, `${site.platform}-${site.region}`) && !eq(sel.name, site.region))
    return false;
  return true;
}

/** Human form of a selector: `region toronto`, `platform aws, region us-east-1`. */
export function describeSelector(sel: LocationSelector): string {
  const parts = Object.entries(sel)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${String(v)}`);
  return parts.length === 0 ? 'any location' : parts.join(', ');
}

function residencyAllows(c: ComponentSpec, site: SiteInfo): boolean {
  if (c.countries && !(site.country !== undefined && c.countries.includes(site.country))) return false;
  if (c.continents && !(site.continent !== undefined && c.continents.includes(site.continent))) return false;
  return true;
}

/**
 * Canonical form of a parsed flavor requirement: two requirements with the same key accept the same flavors
 * with the same node count. The text the user wrote plays no part (a nameless `kind: ComputeProfile` reads
 * `ComputeProfile` whatever its spec asks).
 */
export function requirementKey(r: FlavorRequirement): string {
  switch (r.kind) {
    case 'label':
      return JSON.stringify(['label', r.pattern.source, r.pattern.flags, r.nodes]);
    case 'minimum':
      return JSON.stringify(['minimum', r.minVcpus, r.minRamGiB, r.minGpus, r.gpuModel?.source ?? null, r.gpuModel?.flags ?? null, r.nodes]);
    case 'any':
      return JSON.stringify(['any', r.nodes]);
  }
}

/**
 * Everything a component's option list in a zone depends on (profiles, resources, replicas, spot), as one
 * key: components with equal keys share their option lists.
 */
export function needsKey(c: ComponentSpec): string {
  const r = c.resources;
  return JSON.stringify([
    c.profileGroups.map((g) => g.map(requirementKey)),
    r ? [r.cpu, r.memoryGiB, r.gpus, r.gpuModel ?? null] : null,
    c.replicas,
    c.spotAllowed,
  ]);
}

/** Nodes of this flavor the component needs, or undefined when one replica does not fit on a node. */
export function nodesNeeded(c: ComponentSpec, o: Offering): number | undefined {
  let profileNodes = 1;
  for (const group of c.profileGroups) {
    const counts = group.filter((r) => flavorSatisfies(r, o)).map((r) => r.nodes);
    if (counts.length === 0) return undefined;
    profileNodes = Math.max(profileNodes, Math.min(...counts));
  }
  const r = c.resources;
  if (!r) return profileNodes;
  // A GPU model is a glob (`A100*`), as in the evaluator and the profile's gpu.model.
  if (r.gpus > 0 && (o.gpuCount < r.gpus || (r.gpuModel !== undefined && !(o.gpuModel !== undefined && globToRegExp(r.gpuModel).test(o.gpuModel)))))
    return undefined;
  const cpuFit = r.cpu > 0 ? Math.floor((o.vcpus - NODE_RESERVED_CPU) / r.cpu + 1e-9) : Number.POSITIVE_INFINITY;
  const memFit = r.memoryGiB > 0 ? Math.floor((o.ramGiB * (1 - NODE_RESERVED_MEMORY_FRACTION)) / r.memoryGiB + 1e-9) : Number.POSITIVE_INFINITY;
  const gpuFit = r.gpus > 0 ? Math.floor(o.gpuCount / r.gpus + 1e-9) : Number.POSITIVE_INFINITY;
  const perNode = Math.min(cpuFit, memFit, gpuFit);
  if (perNode < 1) return undefined;
  const replicaNodes = Number.isFinite(perNode) ? Math.ceil(c.replicas / perNode) : 1;
  return Math.max(profileNodes, replicaNodes);
}

/** Every option of a component in a zone, in the order pruning relies on (cost, then flavor name, on-demand first). */
export function optionsFor(c: ComponentSpec, offerings: readonly Offering[], zone: string, horizonHours: number): Option[] {
  const out: Option[] = [];
  for (const o of offerings) {
    if (o.zones !== undefined && !o.zones.includes(zone)) continue;
    const nodes = nodesNeeded(c, o);
    if (nodes === undefined) continue;
    const make = (spot: boolean, price: number): Option => ({
      offering: o,
      spot,
      nodes,
      priceUsdHr: price,
      costUsd: price * nodes * horizonHours,
      vcpus: o.vcpus * nodes,
      gpus: o.gpuCount * nodes,
    });
    out.push(make(false, o.priceUsdHr));
    if (c.spotAllowed && o.spotPriceUsdHr !== undefined) out.push(make(true, o.spotPriceUsdHr));
  }
  return out.sort((a, b) => a.costUsd - b.costUsd || a.offering.name.localeCompare(b.offering.name) || Number(a.spot) - Number(b.spot));
}

/**
 * `pruneDominated(optionsFor(…))` for a site without quotas, where only the first option in that order survives,
 * found in one pass without building and sorting every option (the candidate builder's hot path: thousands of
 * flavors per site, tens of thousands of (needs, zone) pairs on a 1,000-component app).
 *
 * The pass goes through the offerings by their lowest hourly price and stops at the first whose price alone, for
 * one node, costs more than the best option found: every node count is at least 1 (nodesNeeded), and a product
 * of rounded floating-point numbers does not fall when a factor grows, so no later offering can match the best,
 * nor tie with it. The best under the comparator (cost, flavor name, on-demand first; names are unique per site)
 * does not depend on the order in which offerings are seen.
 */
export function cheapestOption(c: ComponentSpec, offerings: SiteOfferings, zone: string, horizonHours: number): Option[] {
  let best: { offering: Offering; spot: boolean; nodes: number; price: number; cost: number } | undefined;
  const consider = (offering: Offering, spot: boolean, nodes: number, price: number): void => {
    const cost = price * nodes * horizonHours;
    // The comparator of optionsFor; a tie keeps the earlier option, as the stable sort does.
    if (
      best === undefined ||
      cost - best.cost < 0 ||
      (cost - best.cost === 0 && (offering.name.localeCompare(best.offering.name) || Number(spot) - Number(best.spot)) < 0)
    )
      best = { offering, spot, nodes, price, cost };
  };
  // Only the offerings looked at are read (a columnar catalog makes an object for each of them alone).
  const sorted = offerings.byLowestPrice(c.spotAllowed);
  for (let i = 0; i < offerings.count; i++) {
    if (sorted !== null && best !== undefined && (sorted.lowest[i] as number) * horizonHours > best.cost) break;
    const o = offerings.at(sorted !== null ? (sorted.order[i] as number) : i);
    if (o.zones !== undefined && !o.zones.includes(zone)) continue;
    const nodes = nodesNeeded(c, o);
    if (nodes === undefined) continue;
    consider(o, false, nodes, o.priceUsdHr);
    if (c.spotAllowed && o.spotPriceUsdHr !== undefined) consider(o, true, nodes, o.spotPriceUsdHr);
  }
  if (best === undefined) return [];
  const b = best;
  return [
    {
      offering: b.offering,
      spot: b.spot,
      nodes: b.nodes,
      priceUsdHr: b.price,
      costUsd: b.cost,
      vcpus: b.offering.vcpus * b.nodes,
      gpus: b.offering.gpuCount * b.nodes,
    },
  ];
}

/** Removes options another option in the same location beats on cost without using more quota. */
export function pruneDominated(options: readonly Option[], site: SiteInfo): Option[] {
  const quotaVcpus = site.quotas?.vcpus !== undefined;
  const quotaGpus = site.quotas?.gpus !== undefined;
  const kept: Option[] = [];
  for (const o of options) {
    // options are sorted by cost: a kept option is never more expensive than o.
    const dominated = kept.some((k) => (!quotaVcpus || k.vcpus <= o.vcpus) && (!quotaGpus || k.gpus <= o.gpus));
    if (!dominated) kept.push(o);
  }
  return kept;
}

/** Builds the candidate set, or the issues that make the application infeasible before solving. */
export function buildCandidates(app: Application, catalog: Catalog, options: CandidateOptions = {}): CandidatesResult {
  const prune = options.prune ?? true;
  const locations: Location[] = [];
  const locationIndex = new Map<string, Location>();
  const locationOf = (site: SiteInfo, zone: ZoneInfo): Location => {
    const key = `${site.key}/${zone.name}`;
    let loc = locationIndex.get(key);
    if (!loc) {
      loc = { index: locations.length, site, zone, key };
      locations.push(loc);
      locationIndex.set(key, loc);
    }
    return loc;
  };
  const issues: Issue[] = [];
  const components: ComponentCandidates[] = [];
  const sites = catalog.sites();
  // Components with the same needs get the same options in a zone: compute them once per (needs, zone).
  const optionCache = new Map<string, Option[]>();
  const classCache = new Map<string, ZoneInfo[][]>();
  const migration = options.migration ? new MigrationPrices(options.migration) : undefined;
  const merger = new ZoneMerger(app, selectorMatches, (m, site, cls) => {
    const name = app.components[m]?.name;
    return migration !== undefined && name !== undefined && migration.pinsClass(name, site, cls);
  });

  for (const c of app.components) {
    if (options.deadline !== undefined && options.deadline.now() > options.deadline.atMs) {
      return { ok: false, issues: [], timedOut: { components: c.index, of: app.components.length } };
    }
    const [object, path] = splitPath(c.path);
    const needs = needsKey(c);
    const permittedZone = (site: SiteInfo, z: ZoneInfo) => c.permitted.length === 0 || c.permitted.some((s) => selectorMatches(s, site, z));
    let matchedSites = 0;
    let residentSites = 0;
    const entries: CandidateEntry[] = [];
    for (const site of sites) {
      if (!site.zones.some((z) => permittedZone(site, z))) continue;
      matchedSites += 1;
      if (!residencyAllows(c, site)) continue;
      residentSites += 1;
      const offerings = siteOfferingsOf(catalog, site.platform, site.region);
      let classes = classCache.get(site.key);
      if (!classes) {
        classes = zoneClasses(site, offerings);
        classCache.set(site.key, classes);
      }
      classes.forEach((cls, k) => {
        const allowed = cls.filter((z) => permittedZone(site, z));
        if (allowed.length === 0) return;
        // Exact only under the conditions of zone-classes.ts; `prune: false` keeps every zone.
        const merged = prune && allowed.length > 1 && merger.mergeable(c.index, site, cls, k);
        const zones = merged ? [allowed[0] as ZoneInfo] : allowed;
        for (const zone of zones) {
          const cacheKey = `${needs}|${site.key}|${zone.name}`;
          let opts = optionCache.get(cacheKey);
          if (!opts) {
            const noQuota = site.quotas?.vcpus === undefined && site.quotas?.gpus === undefined;
            if (prune && noQuota) opts = cheapestOption(c, offerings, zone.name, app.horizonHours);
            else {
              const all = optionsFor(c, offerings.all(), zone.name, app.horizonHours);
              opts = prune ? pruneDominated(all, site) : all;
            }
            optionCache.set(cacheKey, opts);
          }
          if (opts.length === 0) continue;
          const equivalentZones = merged ? allowed.slice(1) : [];
          const migrationUsd = migration?.costAt(c.name, site, zone) ?? 0;
          const other = equivalentZones[0];
          const equivalentZonesMigrationUsd = other !== undefined ? (migration?.costAt(c.name, site, other) ?? 0) : migrationUsd;
          entries.push({
            location: locationOf(site, zone),
            options: opts,
            ...(equivalentZones.length > 0 ? { equivalentZones } : {}),
            ...(migrationUsd > 0 ? { migrationUsd } : {}),
            ...(equivalentZonesMigrationUsd !== migrationUsd ? { equivalentZonesMigrationUsd } : {}),
          });
        }
      });
    }
    if (entries.length === 0) {
      const why =
        matchedSites === 0
          ? `no registered location matches locationConstraint.permitted (${c.permitted.map(describeSelector).join(' or ')})`
          : residentSites === 0
            ? `${matchedSites} permitted site(s), none in the residency (${[...(c.countries ?? []), ...(c.continents ?? [])].join(', ')})`
            : `${residentSites} permitted site(s), none offers a flavor that fits (${describeNeeds(c)})`;
      issues.push({ severity: 'error', object, path, message: `${c.name}: no candidate location: ${why}` });
      continue;
    }
    const requiredGroups = c.required.map((group, g) => {
      const idx = entries.flatMap((e, i) => (group.some((s) => selectorMatches(s, e.location.site, e.location.zone)) ? [i] : []));
      if (idx.length === 0) {
        const why = requiredUnmetReason(c, group, sites, path, permittedZone);
        issues.push({
          severity: 'error',
          object,
          path: `${path}.locationConstraint.required[${g}]`,
          message: `${c.name}: required ${group.map(describeSelector).join(' or ')} ${why}`,
        });
      }
      return idx;
    });
    components.push({ component: c, locations: entries, requiredGroups });
  }
  if (issues.length > 0) return { ok: false, issues };
  const gatewayPrices = new Map<string, number>();
  for (const loc of locations) {
    if (gatewayPrices.has(loc.site.key)) continue;
    const usd = gatewayUsdHr(catalog, loc.site);
    if (usd !== undefined && usd > 0) gatewayPrices.set(loc.site.key, usd);
  }
  return { ok: true, candidates: { locations, components, gatewayUsdHr: gatewayPrices } };
}

/**
 * Why no candidate of a component satisfies one of its required groups, naming the policy line that really
 * excludes the matching locations: locationConstraint.permitted, residency.countries / continents, or the flavors.
 */
function requiredUnmetReason(
  c: ComponentSpec,
  group: readonly LocationSelector[],
  sites: readonly SiteInfo[],
  path: string,
  permittedZone: (site: SiteInfo, z: ZoneInfo) => boolean,
): string {
  const matching = sites.filter((site) => site.zones.some((z) => group.some((sel) => selectorMatches(sel, site, z))));
  if (matching.length === 0) return 'matches no registered location';
  const permitted = matching.filter((site) => site.zones.some((z) => permittedZone(site, z) && group.some((sel) => selectorMatches(sel, site, z))));
  if (permitted.length === 0) {
    return `conflicts with locationConstraint.permitted (${c.permitted.map(describeSelector).join(' or ')}; ${path}.locationConstraint.permitted): no location matches both`;
  }
  const resident = permitted.filter((site) => residencyAllows(c, site));
  if (resident.length === 0) {
    const outside = (list: readonly string[] | undefined, of: (site: SiteInfo) => string | undefined): boolean =>
      list !== undefined &&
      permitted.every((site) => {
        const v = of(site);
        return v === undefined || !list.includes(v);
      });
    const lines: string[] = [];
    if (outside(c.countries, (site) => site.country))
      lines.push(`residency countries ${(c.countries ?? []).join(', ')} (${path}.residency.countries)`);
    if (outside(c.continents, (site) => site.continent))
      lines.push(`residency continents ${(c.continents ?? []).join(', ')} (${path}.residency.continents)`);
    if (lines.length === 0) lines.push(`residency ${[...(c.countries ?? []), ...(c.continents ?? [])].join(', ')} (${path}.residency)`);
    const shown = permitted.slice(0, 3).map((site) => `${site.key} in ${site.country ?? '?'}, ${site.continent ?? '?'}`);
    const more = permitted.length > 3 ? ` and ${permitted.length - 3} more` : '';
    return `conflicts with ${lines.join(' and ')}: every matching location is outside it (${shown.join('; ')}${more})`;
  }
  return `matches registered locations, but none of them offers a flavor that fits (${describeNeeds(c)})`;
}

/** What a component asks of a flavor, for messages. */
export function describeNeeds(c: ComponentSpec): string {
  const parts: string[] = [];
  for (const g of c.profileGroups) parts.push(g.map((r) => r.text).join(' | '));
  if (c.resources) {
    parts.push(
      `${c.replicas} replica(s) of ${c.resources.cpu} CPU / ${+c.resources.memoryGiB.toFixed(3)} GiB${c.resources.gpus > 0 ? ` / ${c.resources.gpus} GPU ${c.resources.gpuModel ?? ''}`.trimEnd() : ''}`,
    );
  }
  return parts.length === 0 ? 'any flavor' : parts.join('; ');
}

/** Splits `Kind/name spec.path` into its object and path parts. */
export function splitPath(p: string): [string, string] {
  const i = p.indexOf(' ');
  return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
}
