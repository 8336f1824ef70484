/**
 * The steps before the solver honour the one deadline (docs/optimizer.md, "One deadline"): candidate building and
 * the heuristic check it before each component, the large-model path skips its restricted MILP when nothing is
 * left, and optimize() then answers without building a model or calling the solver. Every clock here is injected
 * and advances by a fixed step per reading, or when the catalog is asked for a price: nothing is timed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../providers/catalog/load-catalog.js';
import type { DataflowPolicy, DeploymentPolicy } from '../src/api/policy.js';
import { offeringsView, siteOfferingsOf } from '../src/catalog/site-offerings.js';
import type { Catalog } from '../src/catalog/types.js';
import { parseDocuments } from '../src/validate/documents.js';
import { validateDocuments } from '../src/validate/validate-documents.js';
import { formatIssue } from '../src/validate/issue.js';
import { heuristicPlacement } from './heuristic/heuristic.js';
import { solveByDecomposition } from './large/decomposition.js';
import { buildApplication } from './model/application.js';
import type { ComponentSpec } from './model/application.js';
import { buildCandidates, cheapestOption, optionsFor, pruneDominated } from './model/candidates.js';
import { PairTable } from './model/pair-table.js';
import { buildPlacementModel } from './model/placement-model.js';
import { optimize } from './optimize.js';
import type { SolveResult, SolverBackend } from './solvers/types.js';
import { FakeCatalog } from './testing/fake-catalog.js';
import { randomInstance } from './testing/random-instances.js';
import { dataflowPolicy as df, deploymentPolicy as dp, policyItem as item, testFlavor, testSite, threeSites } from './testing/small-sites.js';

/** Test double: counts solves and never answers with a plan (it must not be reached). */
class CountingSolverTestDouble implements SolverBackend {
  readonly name = 'highs' as const;
  calls = 0;
  solve(): Promise<SolveResult> {
    this.calls += 1;
    return Promise.resolve({ status: 'error', solver: 'highs', wallSec: 0, message: 'not expected' });
  }
}

/** A clock that advances `stepMs` at every reading. */
const steppingClock = (stepMs: number): (() => number) => {
  let t = 0;
  return () => (t += stepMs);
};

const five = dp(['a', 'b', 'c', 'd', 'e'].map((n) => item(n)));
const chain = df([
  { from: { name: 'a' }, to: { name: 'b' }, totalDataTransfer: '10GB' },
  { from: { name: 'b' }, to: { name: 'c' }, totalDataTransfer: '10GB' },
]);

function appOf() {
  const built = buildApplication(five, chain);
  if (!built.ok) throw new Error('invalid test app');
  return built.app;
}

describe('deadline checks before the solver', () => {
  it('candidate building stops before the first component started after the deadline', () => {
    const cr = buildCandidates(appOf(), threeSites, { deadline: { atMs: 3, now: steppingClock(1) } });
    // Readings 1, 2, 3 start components 0–2; reading 4 is past the deadline.
    expect(cr).toEqual({ ok: false, issues: [], timedOut: { components: 3, of: 5 } });
  });

  it('optimize() answers "no plan" from candidate building without a model or a solve', async () => {
    const solver = new CountingSolverTestDouble();
    const out = await optimize({
      deploymentPolicy: five,
      dataflowPolicy: chain,
      catalog: threeSites,
      solver,
      timeLimitSec: 0.003,
      mipGap: 0,
      now: steppingClock(1),
    });
    expect(solver.calls).toBe(0);
    expect(out.kind).toBe('no-solution');
    if (out.kind !== 'no-solution') return;
    expect(out.model).toBeUndefined();
    expect(out.issues.map(formatIssue)).toEqual([
      '(DeploymentPolicy/app): the time limit of 0.003s ran out while building the candidates (3 of 5 components); raise --time-limit',
    ]);
  });

  it('the heuristic stops before the first component started after the deadline, leaving the rest unplaced', () => {
    const app = appOf();
    const cr = buildCandidates(app, threeSites);
    if (!cr.ok) throw new Error('no candidates');
    const pairs = new PairTable(app, cr.candidates, threeSites);
    const h = heuristicPlacement(app, cr.candidates, pairs, { deadline: { atMs: 2, now: steppingClock(1) } });
    expect(h.timedOut).toBe(true);
    expect(h.feasible).toBe(false);
    expect(h.assignment.map((ps) => ps.length)).toEqual([1, 1, 0, 0, 0]);
  });

  it('optimize() answers "no plan" when the heuristic ran out of time, without building a model', async () => {
    // The clock stands still until the pair table asks the catalog for egress prices: each answer takes 1 s.
    let t = 0;
    class SlowPrices extends FakeCatalog {
      override egress(...a: Parameters<FakeCatalog['egress']>): ReturnType<FakeCatalog['egress']> {
        t += 1000;
        return super.egress(...a);
      }
    }
    const catalog = new SlowPrices({
      sites: threeSites.sites(),
      offerings: threeSites.sites().flatMap((s) => threeSites.offerings(s.platform, s.region)),
      egressUsdPerGB: new Map(),
      rttMs: new Map(),
    });
    const solver = new CountingSolverTestDouble();
    const out = await optimize({ deploymentPolicy: five, dataflowPolicy: chain, catalog, solver, timeLimitSec: 2, mipGap: 0, now: () => t });
    expect(t).toBeGreaterThan(2000);
    expect(solver.calls).toBe(0);
    expect(out.kind === 'no-solution' && out.issues.map(formatIssue)).toEqual([
      '(DeploymentPolicy/app): no feasible placement found within the time limit of 2s (the heuristic had not placed every component); raise --time-limit',
    ]);
  });

  it('the model builder stops before the first edge started after the deadline and says the model is incomplete', () => {
    const app = appOf();
    const cr = buildCandidates(app, threeSites);
    if (!cr.ok) throw new Error('no candidates');
    const pairs = new PairTable(app, cr.candidates, threeSites);
    const whole = buildPlacementModel(app, cr.candidates, pairs, { formulation: 'pairwise' });
    const cut = buildPlacementModel(app, cr.candidates, pairs, { formulation: 'pairwise', deadline: { atMs: 1, now: steppingClock(1) } });
    expect(whole.timedOut).toBeUndefined();
    expect(cut.timedOut).toBe(true);
    // Edge 0 was built (reading 1), edge 1 not (reading 2): fewer transfer columns than the whole model.
    expect(cut.model.variables.length).toBeLessThan(whole.model.variables.length);
    expect(cut.model.variables.some((v) => v.name.startsWith('y_e0_'))).toBe(true);
    expect(cut.model.variables.some((v) => v.name.startsWith('y_e1_'))).toBe(false);
  });

  it('the large-model path skips its restricted MILP when no time is left, with the dual bound as its proof', async () => {
    const app = appOf();
    const cr = buildCandidates(app, threeSites);
    if (!cr.ok) throw new Error('no candidates');
    const pairs = new PairTable(app, cr.candidates, threeSites);
    const heuristic = heuristicPlacement(app, cr.candidates, pairs);
    expect(heuristic.feasible).toBe(true);
    const solver = new CountingSolverTestDouble();
    const d = await solveByDecomposition(app, cr.candidates, pairs, threeSites, heuristic, {
      solver,
      timeLimitSec: 0.5,
      mipGap: 0,
      now: steppingClock(1000),
    });
    expect(solver.calls).toBe(0);
    expect(d.model).toBeUndefined();
    expect(d.dual.lpRounds).toBe(0);
    expect(d.result.objective).toBeCloseTo(d.cost.totalUsd, 9);
    expect(d.cost.totalUsd).toBeLessThanOrEqual(heuristic.cost.totalUsd + 1e-9);
    expect(d.result.bound).toBeLessThanOrEqual(d.result.objective);
  });
});

/** `cheapestOption` against pruning's slow path for every component of an app, every site and every zone. */
function compareFastPath(
  app: { readonly components: readonly ComponentSpec[]; readonly horizonHours: number },
  catalog: Catalog,
  label: string,
): number {
  let compared = 0;
  for (const c of app.components) {
    for (const site of catalog.sites()) {
      const offerings = catalog.offerings(site.platform, site.region);
      for (const z of site.zones) {
        const slow = pruneDominated(optionsFor(c, offerings, z.name, app.horizonHours), { ...site, quotas: {} });
        // The catalog's own view: the bundled catalog's reads its columns, a built one adapts its arrays.
        const fast = cheapestOption(c, siteOfferingsOf(catalog, site.platform, site.region), z.name, app.horizonHours);
        // toEqual would pass two equal-looking offerings of one site: the same object is asked for.
        expect(
          fast.map((o) => [o.offering === slow[0]?.offering, o.spot]),
          `${label} ${c.name} ${site.key}/${z.name}`,
        ).toEqual(slow.map((o) => [true, o.spot]));
        expect(fast, `${label} ${c.name} ${site.key}/${z.name}`).toEqual(slow);
        compared += slow.length;
      }
    }
  }
  return compared;
}

describe('the candidate builder fast path', () => {
  it('picks exactly the option pruning keeps alone, on many flavors with tied prices (early stop by price)', () => {
    let compared = 0;
    for (let seed = 1; seed <= 12; seed += 1) {
      const inst = randomInstance(seed, { components: 4, sites: 3, offeringsPerSite: 40, multiPlacementChance: 0, features: 'all' });
      const built = buildApplication(inst.deploymentPolicy, inst.dataflowPolicy);
      if (built.ok) compared += compareFastPath(built.app, inst.catalog, `seed ${seed}`);
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('keeps looking past the best so far while a flavor could still tie with it and win on its name', () => {
    // z.small needs two nodes for the two replicas and a.large one: both cost 1 USD/h, and a.large wins the tie on
    // its name although it comes second by price.
    const s = testSite('aws', 'east');
    const offerings = [testFlavor(s, 'a.large', 4, 16, 1), testFlavor(s, 'z.small', 2, 16, 0.5)];
    const built = buildApplication(dp([item('svc', { replicas: 2, resources: { cpu: '1', memory: '1Gi' } })]));
    if (!built.ok) throw new Error(built.issues.map(formatIssue).join('\n'));
    const c = built.app.components[0] as ComponentSpec;
    const slow = pruneDominated(optionsFor(c, offerings, 'east-a', 730), s);
    expect(slow.map((o) => [o.offering.name, o.nodes, o.costUsd])).toEqual([['a.large', 1, 730]]);
    expect(optionsFor(c, offerings, 'east-a', 730).map((o) => [o.offering.name, o.costUsd])).toContainEqual(['z.small', 730]);
    expect(cheapestOption(c, offeringsView(offerings), 'east-a', 730)).toEqual(slow);
  });

  it('picks exactly the option pruning keeps alone on the bundled catalog, for the bundled examples', () => {
    const catalog = loadBundledCatalog();
    let compared = 0;
    for (const file of ['three-tier-web.yaml', 'air-quality.yaml', 'gpu-pipeline.yaml']) {
      const path = fileURLToPath(new URL(`../policies/${file}`, import.meta.url));
      const objects = validateDocuments(parseDocuments(readFileSync(path, 'utf8'), path).documents).objects;
      const of = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.object);
      const dataflows = of('DataflowPolicy') as DataflowPolicy[];
      for (const dp of of('DeploymentPolicy') as DeploymentPolicy[]) {
        const built = buildApplication(
          dp,
          dataflows.find((d) => d.metadata.name === dp.metadata.name),
        );
        expect(built.ok, file).toBe(true);
        if (built.ok) compared += compareFastPath(built.app, catalog, file);
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('picks exactly the option pruning keeps alone at a site without quotas', () => {
    let compared = 0;
    for (let seed = 1; seed <= 30; seed += 1) {
      const inst = randomInstance(seed, { components: 3, sites: 3, offeringsPerSite: 4, multiPlacementChance: 0, features: 'all' });
      const built = buildApplication(inst.deploymentPolicy, inst.dataflowPolicy);
      if (!built.ok) continue;
      for (const c of built.app.components) {
        for (const site of inst.catalog.sites()) {
          const offerings = inst.catalog.offerings(site.platform, site.region);
          for (const z of site.zones) {
            const unquoted = { ...site, quotas: {} };
            const slow = pruneDominated(optionsFor(c, offerings, z.name, built.app.horizonHours), unquoted);
            const fast = cheapestOption(c, siteOfferingsOf(inst.catalog, site.platform, site.region), z.name, built.app.horizonHours);
            expect(fast, `seed ${seed} ${c.name} ${site.key}/${z.name}`).toEqual(slow);
            compared += slow.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
