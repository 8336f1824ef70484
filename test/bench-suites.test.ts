/**
 * Benchmark suites: on every suite (HiGHS, 30 s limit) the optimizer's cost, as evaluatePlan computes it, is
 * never above a feasible baseline's; every baseline reported feasible has no violation; two runs give the same
 * costs and the same report text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listSuites, loadSuite, suitePath } from '../benchmarks/bench/load-suite.js';
import { renderMarkdown } from '../benchmarks/bench/render-markdown.js';
import { renderCharts } from '../benchmarks/bench/render-svg.js';
import { catalogSummary, deterministicPart, suiteReport, type BenchReport, type SuiteReport } from '../benchmarks/bench/report.js';
import { judge, runStrategies, type StrategyOutcome } from '../benchmarks/bench/strategies.js';
import { getSolver } from '../optimizer/solvers/index.js';
import { loadBundledCatalog } from '../providers/catalog/load-catalog.js';
import type { Placement } from '../src/api/plan.js';

const DIR = 'benchmarks/suites';
const base = loadBundledCatalog();
const settings = { solver: getSolver('highs'), timeLimitSec: 30, mipGap: 1e-6 };

async function runSuite(name: string): Promise<{ outcomes: StrategyOutcome[]; report: SuiteReport }> {
  const suite = loadSuite(suitePath(DIR, name), base);
  const outcomes = await runStrategies(suite, settings, () => performance.now());
  const report = suiteReport({ name, description: suite.description, components: 1, edges: 1, registeredSites: suite.registeredSites }, outcomes);
  return { outcomes, report };
}

function fullReport(suites: SuiteReport[]): BenchReport {
  return {
    tool: 'skycluster bench',
    command: 'skycluster bench',
    settings: { solver: 'highs', seed: 1, timeLimitSec: 30, mipGap: 1e-6, suites: suites.map((s) => s.name) },
    catalog: catalogSummary(base.provenance),
    suites,
    run: { startedAt: 'fixed', wallSec: 0, node: 'v20', platform: 'test' },
  };
}

const names = listSuites(DIR);
const first = new Map<string, { outcomes: StrategyOutcome[]; report: SuiteReport }>();

describe('benchmark suites', () => {
  it('has the six suites, each a commented policy file', () => {
    expect(names).toEqual(['air-quality', 'data-lake-etl', 'edge-video-analytics', 'microservice-mesh', 'ml-pipeline', 'three-tier-web']);
    for (const n of names) expect(readFileSync(suitePath(DIR, n), 'utf8').startsWith('# Suite')).toBe(true);
  });

  for (const name of names) {
    it(`${name}: the optimizer is never above a feasible baseline, and feasible baselines break no rule`, async () => {
      const run = await runSuite(name);
      first.set(name, run);
      const opt = run.outcomes.find((o) => o.strategy === 'optimizer');
      expect(opt?.feasible, opt?.reason).toBe(true);
      const optTotal = opt?.costs?.totalUsd as number;
      for (const o of run.outcomes) {
        if (!o.feasible) {
          expect(o.reason, `${o.key} infeasible without a reason`).toBeTruthy();
          continue;
        }
        expect(o.placements.length).toBeGreaterThan(0);
        expect(Object.keys(o.violations)).toEqual([]);
        expect(optTotal, `optimizer vs ${o.key}`).toBeLessThanOrEqual((o.costs?.totalUsd as number) * (1 + 1e-9) + 1e-6);
      }
      expect(run.report.rows.length).toBe(run.outcomes.length);
    }, 90_000);
  }

  it('a second run gives the same costs, and rendering is deterministic', async () => {
    const again: SuiteReport[] = [];
    for (const name of ['three-tier-web', 'ml-pipeline', 'edge-video-analytics']) again.push((await runSuite(name)).report);
    const before = again.map((s) => first.get(s.name)?.report as SuiteReport);
    expect(deterministicPart(fullReport(again))).toEqual(deterministicPart(fullReport(before)));
    const r = fullReport(again);
    expect(renderMarkdown(r)).toBe(renderMarkdown(structuredClone(r)));
    expect(renderCharts(r)).toEqual(renderCharts(structuredClone(r)));
  }, 120_000);

  it('feasible baselines re-evaluate clean from their plan placements', async () => {
    const suite = loadSuite(suitePath(DIR, 'three-tier-web'), base);
    const { prepare, placementsOf, greedy } = await import('../benchmarks/bench/strategies.js');
    const p = prepare(suite);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const g = greedy(p.prepared, () => 0);
    expect(g.feasible).toBe(true);
    const h = (await import('../optimizer/heuristic/heuristic.js')).heuristicPlacement(p.prepared.app, p.prepared.cands, p.prepared.pairs, {
      greedyOnly: true,
    });
    const placements: Placement[] = placementsOf(p.prepared, h.assignment, 'greedy');
    const ev = judge(suite, placements, p.prepared.app.horizonHours);
    expect(ev.violations).toEqual([]);
    expect(ev.costs.totalUsd).toBeCloseTo(g.costs?.totalUsd as number, 6);
  });
});
