/**
 * The independent plan evaluator: recomputes the cost of a set of placements and lists every rule of
 * docs/placement-semantics.md they break. It shares no code with the optimizer's model builder, so the two
 * can check each other.
 */
import type { DeploymentPolicyItem } from '../../src/api/policy.js';
import type { Placement } from '../../src/api/plan.js';
import { parsePrice } from '../../src/api/units.js';
import type { Offering, SiteInfo } from '../../src/catalog/types.js';
import { permittedProblem, requiredGroupsMatched, residencyProblems, describeSelector } from './locations.js';
import { gatewaysOfPlan } from './gateways.js';
import { flavorRules, sizeFlavor, type FlavorRules } from './sizing.js';
import { routeEdges, zoneKey } from './transfers.js';
import type { ComponentCost, EvaluatedCluster, Evaluation, EvaluationInput, Violation } from './types.js';

/** Tolerance on a placement's priceUsdHr against the catalog. */
const PRICE_EPS = 1e-9;
/** Relative tolerance on the budget, so that rounding in a sum does not break it. */
const BUDGET_REL_EPS = 1e-9;

/** What the evaluator learned about one placement. */
interface Checked {
  readonly p: Placement;
  readonly site?: SiteInfo;
  readonly zoneKnown: boolean;
  readonly offering?: Offering;
  readonly computeUsd: number;
  readonly requiredGroups: readonly number[];
}

const where = (p: Placement): string => `${p.component} @ ${zoneKey(p)}`;

/** Checks one placement on its own (rules 2, 3, 4) and returns its compute cost. */
function checkPlacement(
  p: Placement,
  item: DeploymentPolicyItem | undefined,
  rules: FlavorRules | undefined,
  input: EvaluationInput,
  out: Violation[],
): Checked {
  const v = (rule: Violation['rule'], message: string): void => {
    out.push({ rule, component: p.component, message: `${where(p)}: ${message}` });
  };
  if (item === undefined) v('unknown-component', `component ${p.component} is not defined by the DeploymentPolicy`);
  const site = input.catalog.site(p.platform, p.region);
  const zone = site?.zones.find((z) => z.name === p.zone);
  let requiredGroups: number[] = [];
  if (site === undefined) v('unknown-site', `the catalog has no site ${p.platform}/${p.region}`);
  else if (zone === undefined) v('unknown-zone', `site ${site.key} has no zone ${p.zone} (zones: ${site.zones.map((z) => z.name).join(', ')})`);
  else if (item !== undefined) {
    const notPermitted = permittedProblem(item, site, zone);
    if (notPermitted !== undefined) v('permitted', notPermitted);
    for (const m of residencyProblems(item, site)) v('residency', m);
    requiredGroups = requiredGroupsMatched(item, site, zone);
  }

  const offering = input.catalog.offerings(p.platform, p.region).find((o) => o.name === p.flavor);
  let price = p.priceUsdHr;
  if (offering === undefined) {
    if (site !== undefined) v('unknown-flavor', `site ${site.key} offers no flavor ${p.flavor}`);
  } else {
    if (offering.zones !== undefined && !offering.zones.includes(p.zone)) {
      v('not-offered-in-zone', `flavor ${p.flavor} is offered only in zones ${offering.zones.join(', ')}`);
    }
    let expected: number | undefined = offering.priceUsdHr;
    if (p.spot) {
      if (item !== undefined && item.spot !== true) v('spot-not-allowed', `spot instance but component ${p.component} does not set spot: true`);
      expected = offering.spotPriceUsdHr;
      if (expected === undefined) v('spot-not-allowed', `spot instance but flavor ${p.flavor} has no spot price`);
    }
    if (expected !== undefined) {
      if (Math.abs(p.priceUsdHr - expected) > PRICE_EPS) {
        v('price-mismatch', `priceUsdHr ${p.priceUsdHr} but the catalog's ${p.spot ? 'spot' : 'on-demand'} price of ${p.flavor} is ${expected}`);
      }
      price = expected;
    }
    if (rules !== undefined) {
      const sizing = sizeFlavor(rules, p.flavor, offering);
      if (!sizing.ok) for (const m of sizing.problems) v('profile', m);
      else if (p.nodes < sizing.neededNodes) v('too-few-nodes', `${p.nodes} node(s) of ${p.flavor} but ${sizing.neededNodes} are needed`);
      else if (p.nodes > sizing.neededNodes) v('oversized', `${p.nodes} node(s) of ${p.flavor} but ${sizing.neededNodes} suffice`);
    }
  }
  return {
    p,
    zoneKnown: zone !== undefined,
    requiredGroups,
    computeUsd: price * p.nodes * input.horizonHours,
    ...(site !== undefined ? { site } : {}),
    ...(offering !== undefined ? { offering } : {}),
  };
}

/** Rules over all placements of one component (1, 2 required, 8). */
function checkComponent(item: DeploymentPolicyItem, mine: readonly Checked[], out: Violation[]): void {
  const component = item.componentRef.name;
  const v = (rule: Violation['rule'], message: string): void => {
    out.push({ rule, component, message: `${component}: ${message}` });
  };
  if (mine.length === 0) {
    v('no-placement', 'the component has no placement');
    return;
  }
  if (item.maxLocations !== undefined && mine.length > item.maxLocations) {
    v('max-locations', `${mine.length} placements but maxLocations is ${item.maxLocations}`);
  }
  const zones = new Map<string, number>();
  for (const c of mine) zones.set(zoneKey(c.p), (zones.get(zoneKey(c.p)) ?? 0) + 1);
  for (const [zone, n] of zones) if (n > 1) v('duplicate-zone', `${n} placements share zone ${zone}`);
  (item.locationConstraint?.required ?? []).forEach((g, gi) => {
    if (!mine.some((c) => c.requiredGroups.includes(gi))) {
      v('required', `no placement matches required[${gi}] (anyOf ${g.anyOf.map(describeSelector).join(', ')})`);
    }
  });
  const regions = new Set(mine.map((c) => `${c.p.platform}/${c.p.region}`));
  const providers = new Set(mine.map((c) => c.p.platform));
  const minRegions = item.spread?.minRegions;
  const minProviders = item.spread?.minProviders;
  if (minRegions !== undefined && regions.size < minRegions)
    v('spread-regions', `placements in ${regions.size} region(s), spread.minRegions is ${minRegions}`);
  if (minProviders !== undefined && providers.size < minProviders)
    v('spread-providers', `placements on ${providers.size} platform(s), spread.minProviders is ${minProviders}`);
}

/** Site quotas (rule 7): vCPUs and GPUs summed over all placements in the site. */
function checkQuotas(site: SiteInfo, inSite: readonly Checked[], out: Violation[]): void {
  const vcpus = inSite.reduce((s, c) => s + (c.offering?.vcpus ?? c.p.vcpusPerNode) * c.p.nodes, 0);
  const gpus = inSite.reduce((s, c) => s + (c.offering?.gpuCount ?? c.p.gpusPerNode) * c.p.nodes, 0);
  const q = site.quotas;
  if (q?.vcpus !== undefined && vcpus > q.vcpus)
    out.push({ rule: 'quota-vcpus', message: `site ${site.key} uses ${vcpus} vCPUs, quota is ${q.vcpus}` });
  if (q?.gpus !== undefined && gpus > q.gpus) out.push({ rule: 'quota-gpus', message: `site ${site.key} uses ${gpus} GPUs, quota is ${q.gpus}` });
}

/** The migration term: costPerMoveUsd for each placement away from every previous zone of its (known) component. */
function movesCost(input: EvaluationInput): number {
  const m = input.migration;
  if (m === undefined) return 0;
  const before = new Map<string, string[]>();
  for (const p of m.previous.spec.placements) before.set(p.component, [...(before.get(p.component) ?? []), zoneKey(p)]);
  let usd = 0;
  for (const p of input.placements) {
    const zones = before.get(p.component);
    if (zones !== undefined && !zones.includes(zoneKey(p))) usd += m.costPerMoveUsd;
  }
  return usd;
}

/**
 * Evaluates placements against the policies and the catalog: recomputes compute cost, cluster fees and
 * transfer cost over the horizon, and lists every broken rule (see docs/placement-semantics.md). Pure: it
 * only reads its input. Prices come from the catalog; where the catalog has no price for a placement
 * (unknown flavor, spot without a spot price) the placement's own priceUsdHr is used.
 */
export function evaluatePlan(input: EvaluationInput): Evaluation {
  const violations: Violation[] = [];
  const items = new Map<string, DeploymentPolicyItem>();
  for (const item of input.deploymentPolicy.spec.deploymentPolicies) {
    if (!items.has(item.componentRef.name)) items.set(item.componentRef.name, item);
  }
  const rules = new Map<string, FlavorRules>();
  for (const [name, item] of items) {
    const r = flavorRules(item);
    rules.set(name, r);
    for (const e of r.errors) violations.push({ rule: 'profile', component: name, message: `${name}: cannot read ${e}` });
  }

  const checked = input.placements.map((p) => checkPlacement(p, items.get(p.component), rules.get(p.component), input, violations));
  for (const [name, item] of items)
    checkComponent(
      item,
      checked.filter((c) => c.p.component === name),
      violations,
    );

  // Only placements in a known zone of a known site, of a known component, send or receive data.
  const placed = new Map<string, Placement[]>();
  const placedSites = new Map<string, SiteInfo[]>();
  for (const c of checked) {
    if (c.site === undefined || !c.zoneKnown || !items.has(c.p.component)) continue;
    placed.set(c.p.component, [...(placed.get(c.p.component) ?? []), c.p]);
    const sites = placedSites.get(c.p.component) ?? [];
    if (!sites.some((s) => s.key === c.site?.key)) sites.push(c.site);
    placedSites.set(c.p.component, sites);
  }
  const dependencies = input.dataflowPolicy?.spec.dataDependencies ?? [];
  const gateways = gatewaysOfPlan(dependencies, placedSites, input.catalog);

  // Clusters: one per site hosting a placement; the fee (the control plane, plus the WireGuard gateway when the
  // site is at the end of a tunnel) is shared evenly by the placements there. A VirtualMachine application runs
  // plain instances: no cluster, no control-plane fee (its gateway still runs).
  const clusterFees = input.deploymentPolicy.spec.executionEnvironment !== 'VirtualMachine';
  const bySite = new Map<string, Checked[]>();
  for (const c of checked) if (c.site !== undefined) bySite.set(c.site.key, [...(bySite.get(c.site.key) ?? []), c]);
  const share = new Map<Checked, number>();
  const clusters: EvaluatedCluster[] = [];
  for (const key of [...bySite.keys()].sort()) {
    const inSite = bySite.get(key) as Checked[];
    const site = inSite[0]?.site as SiteInfo;
    const gatewayUsd = (gateways.get(key) ?? 0) * input.horizonHours;
    const feeUsd = (clusterFees ? site.clusterFeeUsdHr * input.horizonHours : 0) + gatewayUsd;
    for (const c of inSite) share.set(c, feeUsd / inSite.length);
    clusters.push({ site: key, feeUsd, gatewayUsd, components: [...new Set(inSite.map((c) => c.p.component))].sort() });
    checkQuotas(site, inSite, violations);
  }

  const perComponent: ComponentCost[] = [];
  for (const name of new Set([...items.keys(), ...input.placements.map((p) => p.component)])) {
    const mine = checked.filter((c) => c.p.component === name);
    perComponent.push({
      component: name,
      computeUsd: mine.reduce((s, c) => s + c.computeUsd, 0),
      clusterFeeShareUsd: mine.reduce((s, c) => s + (share.get(c) ?? 0), 0),
    });
  }

  const routed = routeEdges(dependencies, new Set(items.keys()), placed, input.catalog, input.horizonHours);
  violations.push(...routed.violations);

  const computeUsd = checked.reduce((s, c) => s + c.computeUsd, 0);
  const clusterFeesUsd = clusters.reduce((s, c) => s + c.feeUsd, 0);
  const transferUsd = routed.transfers.reduce((s, t) => s + t.costUsd, 0);
  const migrationUsd = movesCost(input);
  const spentUsd = computeUsd + clusterFeesUsd + transferUsd;
  const totalUsd = spentUsd + migrationUsd;

  const budgetRaw = input.deploymentPolicy.spec.budget;
  if (budgetRaw !== undefined) {
    const budget = parsePrice(budgetRaw);
    if (!budget.ok) violations.push({ rule: 'budget', message: `cannot read spec.budget: ${budget.message}` });
    else if (spentUsd > budget.value * (1 + BUDGET_REL_EPS) + BUDGET_REL_EPS) {
      violations.push({ rule: 'budget', message: `total cost ${spentUsd.toFixed(2)} USD exceeds the budget of ${budget.value} USD` });
    }
  }

  return {
    costs: { computeUsd, clusterFeesUsd, transferUsd, migrationUsd, totalUsd },
    perComponent,
    clusters,
    transfers: routed.transfers,
    violations,
  };
}
