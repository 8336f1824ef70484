/**
 * Regression tests of issue 9 for the candidate builder: option lists shared between components are keyed on
 * the parsed requirement (not its text), and zones are merged only where that is exact (zone-classes.ts),
 * never under `prune: false`. Each plan is judged by the independent evaluator and by exhaustive enumeration.
 */
import { describe, expect, it } from 'vitest';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import type { Catalog } from '../../src/catalog/types.js';
import { evaluatePlan } from '../evaluate/index.js';
import { explainAssignment } from '../explain/explain.js';
import { optimize, type OptimizeOutcome } from '../optimize.js';
import { getSolver } from '../solvers/index.js';
import { enumerateOptimum } from '../testing/enumerate.js';
import { FakeCatalog } from '../testing/fake-catalog.js';
import { component, dataflowPolicy, deploymentPolicy, offering, site, type PolicyItem } from '../testing/policy-builders.js';
import { buildApplication } from './application.js';
import { buildCandidates } from './candidates.js';
import { PairTable } from './pair-table.js';

const highs = getSolver('highs');

async function solve(dp: DeploymentPolicy, df: DataflowPolicy, catalog: Catalog, prune = true): Promise<OptimizeOutcome> {
  return optimize({
    deploymentPolicy: dp,
    dataflowPolicy: df,
    catalog,
    solver: highs,
    timeLimitSec: 20,
    mipGap: 0,
    prune,
    now: () => performance.now(),
  });
}

/** The plan's total after checking it with the evaluator (no violation, same cost). */
function checkedTotal(out: OptimizeOutcome, dp: DeploymentPolicy, df: DataflowPolicy, catalog: Catalog): number {
  if (out.kind !== 'planned') throw new Error(`expected a plan, got ${out.kind}`);
  const ev = evaluatePlan({ deploymentPolicy: dp, dataflowPolicy: df, placements: out.plan.spec.placements, catalog, horizonHours: 730 });
  expect(ev.violations).toEqual([]);
  expect(ev.costs.totalUsd).toBeCloseTo(out.cost.totalUsd, 6);
  return out.cost.totalUsd;
}

describe('shared option lists are keyed on the parsed requirement', () => {
  const east = site('aws', 'east', ['east-a']);
  const catalog = new FakeCatalog({
    sites: [east],
    offerings: [offering(east, 'small', 2, 8, 0.1), offering(east, 'large', 16, 64, 0.8)],
    egressUsdPerGB: new Map(),
    rttMs: new Map(),
  });
  const profile = (name: string, cpu: number): PolicyItem =>
    component(name, { virtualServiceConstraint: [{ anyOf: [{ kind: 'ComputeProfile', spec: { cpu } }] }] });

  it.each([
    // the 2-CPU component first: the 16-CPU one used to get its option list (the 2-vCPU flavor)
    ['cpu 2 first', [profile('two', 2), profile('sixteen', 16)]],
    // the 16-CPU component first: the 2-CPU one used to pay for 16 vCPUs
    ['cpu 16 first', [profile('sixteen', 16), profile('two', 2)]],
  ])('%s: each nameless ComputeProfile gets the flavors that fit it', async (_, items) => {
    const dp = deploymentPolicy(items);
    const df = dataflowPolicy([]);
    const out = await solve(dp, df, catalog);
    const total = checkedTotal(out, dp, df, catalog);
    expect(total).toBeCloseTo(enumerateOptimum(dp, df, catalog, 730) as number, 6);
    expect(total).toBeCloseTo((0.1 + 0.8) * 730, 6);
    if (out.kind === 'planned') {
      const flavorOf = new Map(out.plan.spec.placements.map((p) => [p.component, p.flavor]));
      expect(Object.fromEntries(flavorOf)).toEqual({ two: 'small', sixteen: 'large' });
    }
  });
});

describe('zone merging is exact, and off under prune: false', () => {
  // One site, two zones with the same flavor and price; inter-zone traffic costs 0.01 USD/GB.
  const r1 = site('aws', 'r1', ['r1-a', 'r1-b']);
  const catalog = new FakeCatalog({
    sites: [r1],
    offerings: [offering(r1, 'f', 2, 8, 0.1)],
    egressUsdPerGB: new Map(),
    interZoneUsdPerGB: 0.01,
    rttMs: new Map(),
  });
  const flow = dataflowPolicy([{ from: { name: 'a' }, to: { name: 'b' }, totalDataTransfer: '100TB' }]);

  it.each([
    // A may only run in r1-b (permitted); B is free
    ['permitted', component('a', { locationConstraint: { permitted: [{ zone: 'r1-b' }] } })],
    // A must have a placement in r1-b (required)
    ['required', component('a', { locationConstraint: { required: [{ anyOf: [{ zone: 'r1-b' }] }] } })],
  ])('A pinned to r1-b by %s, B free, 100 TB A→B: B sits beside A (146 USD, as enumeration)', async (_, a) => {
    const dp = deploymentPolicy([a, component('b')]);
    const reference = enumerateOptimum(dp, flow, catalog, 730) as number;
    expect(reference).toBeCloseTo(146, 6);
    for (const prune of [true, false]) {
      const out = await solve(dp, flow, catalog, prune);
      expect(checkedTotal(out, dp, flow, catalog), `prune ${prune}`).toBeCloseTo(reference, 6);
      if (out.kind === 'planned') expect(out.plan.spec.placements.map((p) => p.zone)).toEqual(['r1-b', 'r1-b']);
    }
  });

  it('merges the zones of a component without flows or zone selectors, and keeps both under prune: false', () => {
    const dp = deploymentPolicy([component('a'), component('b')]);
    const built = buildApplication(dp, undefined);
    if (!built.ok) throw new Error('invalid');
    const merged = buildCandidates(built.app, catalog);
    const full = buildCandidates(built.app, catalog, { prune: false });
    if (!merged.ok || !full.ok) throw new Error('no candidates');
    expect(merged.candidates.components[0]?.locations.map((e) => [e.location.key, e.equivalentZones?.map((z) => z.name)])).toEqual([
      ['aws/r1/r1-a', ['r1-b']],
    ]);
    expect(full.candidates.components[0]?.locations.map((e) => e.location.key)).toEqual(['aws/r1/r1-a', 'aws/r1/r1-b']);
  });

  it('does not call a merged location "the only candidate location"', () => {
    const dp = deploymentPolicy([component('a')]);
    const built = buildApplication(dp, undefined);
    if (!built.ok) throw new Error('invalid');
    const cr = buildCandidates(built.app, catalog);
    if (!cr.ok) throw new Error('no candidates');
    const pairs = new PairTable(built.app, cr.candidates, catalog);
    const [why] = explainAssignment(built.app, cr.candidates, pairs, [[{ l: 0, o: 0 }]]);
    expect(why?.message).toBe('a on aws/r1/r1-a (f): zone r1-b offers the same flavors at the same prices and would cost the same');
  });
});
