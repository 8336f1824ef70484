/** Renderers of `skycluster bench`: well-formed SVG (balanced tags, escaped text), expected labels, stable Markdown. */
import { describe, expect, it } from 'vitest';
import { headlineTable, renderMarkdown } from '../benchmarks/bench/render-markdown.js';
import { esc, niceTicks, renderCharts, renderCostByStrategy, renderSavings, renderScalingTime } from '../benchmarks/bench/render-svg.js';
import type { BenchReport, StrategyRow, SuiteReport } from '../benchmarks/bench/report.js';

const row = (key: string, total: number | undefined, feasible = true, extra: Partial<StrategyRow> = {}): StrategyRow => ({
  key,
  strategy: key.split(':')[0] as string,
  label: key,
  feasible,
  ...(total !== undefined ? { totalUsd: total, computeUsd: total, clusterFeesUsd: 0, transferUsd: 0 } : {}),
  violations: {},
  notes: [],
  sites: ['aws/us-east-1'],
  placements: [],
  ...extra,
});

const suite = (name: string): SuiteReport => ({
  name,
  description: 'A <test> suite & "friends"',
  components: 2,
  edges: 1,
  registeredSites: [],
  rows: [
    row('single-cheapest-region', 120),
    row('cheapest-region-per-cloud:aws', 130),
    row('cheapest-region-per-cloud:gcp', undefined, false, { reason: 'no gcp region can host db' }),
    row('cheapest-region-per-cloud:azure', 140),
    row('cheapest-offering', 200, false, { reason: 'latency | broken' }),
    row('greedy', 110),
    row('optimizer', 100),
  ],
  savings: [
    { baseline: 'single-cheapest-region', label: 's', usd: 20, fraction: 20 / 120 },
    { baseline: 'cheapest-region-per-cloud:aws', label: 'a', usd: 30, fraction: 30 / 130 },
    { baseline: 'cheapest-region-per-cloud:gcp', label: 'g', missing: 'baseline infeasible' },
    { baseline: 'cheapest-region-per-cloud:azure', label: 'z', usd: 40, fraction: 40 / 140 },
    { baseline: 'cheapest-offering', label: 'c', missing: 'baseline infeasible' },
    { baseline: 'greedy', label: 'gr', usd: 10, fraction: 10 / 110 },
  ],
  timings: { optimizer: 1.5 },
});

const report: BenchReport = {
  tool: 'skycluster bench',
  command: 'skycluster bench a b',
  settings: { solver: 'highs', seed: 1, timeLimitSec: 30, mipGap: 1e-6, suites: ['a&b', 'c'] },
  catalog: { sources: [{ id: 'x', date: '2026-01-01' }], newest: '2026-01-01', oldest: '2024-01-01' },
  suites: [suite('a&b'), suite('c')],
  scaling: {
    runs: [
      {
        components: 10,
        edges: 20,
        solver: 'highs',
        status: 'planned',
        solverStatus: 'Optimal',
        objectiveUsd: 5,
        gap: 0,
        violations: 0,
        wallSec: 1.2,
        peakRssMiB: 200,
      },
      {
        components: 50,
        edges: 100,
        solver: 'highs',
        status: 'planned',
        solverStatus: 'Feasible',
        objectiveUsd: 9,
        gap: 0.05,
        violations: 0,
        wallSec: 30.5,
        peakRssMiB: 500,
      },
      { components: 10, edges: 20, solver: 'glpk', status: 'planned', solverStatus: 'Optimal', wallSec: 0.8 },
      { components: 50, edges: 100, solver: 'lpsolve', status: 'skipped', message: 'skipped' },
    ],
    notes: ['lpsolve skipped above 10 components'],
  },
  run: { startedAt: 'fixed', wallSec: 1, node: 'v20', platform: 'test' },
};

/** Checks that tags are balanced and properly nested, and that text holds no raw `<` or `&`. */
function wellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const between = svg.slice(last, m.index);
    expect(between, `raw markup before ${m[0]}`).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;)/);
    last = m.index + m[0].length;
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) expect(stack.pop(), `closing ${name}`).toBe(name);
    else stack.push(name as string);
  }
  expect(svg.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

describe('bench renderers', () => {
  it('cost chart: one panel per suite, bars labelled, text escaped', () => {
    const svg = renderCostByStrategy(report);
    wellFormed(svg);
    expect(svg.match(/class="panel"/g)?.length).toBe(2);
    expect(svg).toContain('a&amp;b: total cost by strategy (USD)');
    expect(svg).toContain('>optimizer<');
    expect(svg).toContain('n/a');
    expect(svg).toContain('infeasible');
  });

  it('savings chart: a bar per feasible baseline, a cross for infeasible ones, a legend', () => {
    const svg = renderSavings(report);
    wellFormed(svg);
    expect(svg.match(/<rect [^>]*><title>/g)?.length).toBe(8);
    expect(svg).toContain('single-cheapest-region');
    expect(svg).toContain('✗');
  });

  it('scaling chart: a line per solver, the time limit, axis labels', () => {
    const svg = renderScalingTime(report.scaling?.runs.filter((r) => r.status !== 'skipped') ?? [], 30);
    wellFormed(svg);
    expect(svg).toContain('time limit 30 s');
    expect(svg).toContain('>components<');
    expect(svg).toContain('>highs<');
    expect(svg).toContain('>glpk<');
  });

  it('every chart is well-formed and rendering is deterministic', () => {
    const charts = renderCharts(report);
    expect(Object.keys(charts).sort()).toEqual(['cost-a&b.svg', 'cost-by-strategy.svg', 'cost-c.svg', 'savings.svg', 'scaling-time.svg']);
    for (const svg of Object.values(charts)) wellFormed(svg);
    expect(renderCharts(structuredClone(report))).toEqual(charts);
  });

  it('markdown: headline table with savings and infeasible baselines, suites, scaling', () => {
    const md = renderMarkdown(report);
    expect(md).toBe(renderMarkdown(structuredClone(report)));
    const head = headlineTable(report).split('\n');
    expect(head[0]).toContain('vs single region');
    expect(head[2]).toBe('| a&b | 100.00 | 16.7 % | 23.1 % | infeasible | 28.6 % | infeasible | 9.1 % |');
    expect(md).toContain('**infeasible:** latency \\| broken');
    expect(md).toContain('| 50 | 100 | lpsolve | skipped |');
    expect(md).toContain('- lpsolve skipped above 10 components');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('helpers', () => {
    expect(esc('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    expect(niceTicks(95)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
