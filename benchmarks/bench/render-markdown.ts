/** report data → report.md. Pure: the same report gives the same text. */
import { money } from '../../src/cli/money.js';
import type { BenchReport, SuiteReport } from './report.js';

const usd = (n: number | undefined): string => (n === undefined ? '—' : money(n));
const pct = (f: number): string => `${(f * 100).toFixed(1)} %`;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const secs = (n: number | undefined): string => (n === undefined ? '—' : n.toFixed(2));

/** Baseline columns of the headline table, in a fixed order. */
export const HEADLINE_BASELINES = [
  'single-cheapest-region',
  'cheapest-region-per-cloud:aws',
  'cheapest-region-per-cloud:gcp',
  'cheapest-region-per-cloud:azure',
  'cheapest-offering',
  'greedy',
] as const;
const SHORT: Record<string, string> = {
  'single-cheapest-region': 'single region',
  'cheapest-region-per-cloud:aws': 'best AWS region',
  'cheapest-region-per-cloud:gcp': 'best GCP region',
  'cheapest-region-per-cloud:azure': 'best Azure region',
  'cheapest-offering': 'cheapest offering',
  greedy: 'greedy',
};

/** The headline table: optimizer's savings per suite vs each baseline. */
export function headlineTable(r: BenchReport): string {
  const lines = [
    `| suite | optimizer (USD) | ${HEADLINE_BASELINES.map((b) => `vs ${SHORT[b]}`).join(' | ')} |`,
    `|---|---:|${HEADLINE_BASELINES.map(() => '---:').join('|')}|`,
  ];
  for (const s of r.suites) {
    const opt = s.rows.find((x) => x.strategy === 'optimizer');
    const cells = HEADLINE_BASELINES.map((b) => {
      const sv = s.savings.find((x) => x.baseline === b);
      if (!sv) return '—';
      if (sv.fraction === undefined) return sv.missing === 'baseline infeasible' ? 'infeasible' : 'n/a';
      return pct(sv.fraction);
    });
    lines.push(`| ${s.name} | ${opt?.feasible ? usd(opt.totalUsd) : 'no plan'} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function suiteSection(s: SuiteReport): string {
  const out: string[] = [];
  out.push(`### ${s.name}`, '');
  out.push(
    `${s.components} components, ${s.edges} data dependencies${s.registeredSites.length > 0 ? `; registers ${s.registeredSites.join(', ')}` : ''}.`,
    '',
  );
  const desc = s.description.split('\n').filter((l) => l.trim() !== '');
  if (desc.length > 0) out.push('<details><summary>assumptions (suite file header)</summary>', '', '```text', ...desc, '```', '', '</details>', '');
  out.push(
    '| strategy | valid | total (USD) | compute | cluster fees | transfer | optimizer saves | sites | notes |',
    '|---|---|---:|---:|---:|---:|---:|---|---|',
  );
  for (const row of s.rows) {
    const sv = s.savings.find((x) => x.baseline === row.key);
    const save = row.strategy === 'optimizer' ? '' : sv?.fraction !== undefined ? `${pct(sv.fraction)} (${usd(sv.usd)})` : '—';
    const notes = [...row.notes, ...(row.reason ? [`**infeasible:** ${row.reason}`] : [])].join('; ');
    out.push(
      `| ${cell(row.label)} | ${row.feasible ? 'yes' : '**no**'} | ${usd(row.totalUsd)} | ${usd(row.computeUsd)} | ${usd(row.clusterFeesUsd)} | ${usd(row.transferUsd)} | ${save} | ${cell(row.sites.slice(0, 4).join(', ') + (row.sites.length > 4 ? ` (+${row.sites.length - 4})` : ''))} | ${cell(notes)} |`,
    );
  }
  out.push('', `Wall time per strategy (s): ${s.rows.map((row) => `${row.key} ${secs(s.timings[row.key])}`).join(', ')}.`, '');
  return out.join('\n');
}

/** The whole report.md. */
export function renderMarkdown(r: BenchReport): string {
  const out: string[] = [];
  out.push('# SkyCluster placement benchmark', '');
  out.push(`Command: \`${r.command}\``, '');
  out.push(
    `Solver ${r.settings.solver}, time limit ${r.settings.timeLimitSec} s per solve, MIP gap ${r.settings.mipGap}, seed ${r.settings.seed}. ` +
      `Catalog price data dated ${r.catalog.oldest} to ${r.catalog.newest} (${r.catalog.sources.length} sources; see report.json). ` +
      `Started ${r.run.startedAt}, ${r.run.wallSec.toFixed(1)} s in all, node ${r.run.node} on ${r.run.platform}.`,
    '',
  );
  out.push(
    'Every cost below is computed by the independent evaluator (evaluatePlan) from the placements each strategy chose; ' +
      "a strategy whose placements break a rule is marked infeasible with the reason. Costs are USD over each suite's horizon.",
    '',
  );
  if (r.suites.length > 0) {
    out.push(
      '## Savings of the optimizer',
      '',
      "Share of the baseline's cost that the optimizer saves (infeasible: the baseline breaks a rule of the policies).",
      '',
      headlineTable(r),
      '',
    );
    out.push('![cost by strategy](cost-by-strategy.svg)', '', '![savings](savings.svg)', '');
    out.push('## Suites', '');
    for (const s of r.suites) out.push(suiteSection(s));
  }
  if (r.scaling) {
    out.push('## Scaling', '', "Synthetic applications (benchmarks/synthetic-app.ts) solved in a child process each; peak RSS is the child's.", '');
    out.push(
      '| components | edges | solver | status | objective (USD) | gap | violations | variables | wall (s) | solver (s) | peak RSS (MiB) |',
      '|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const x of r.scaling.runs) {
      out.push(
        `| ${x.components} | ${x.edges} | ${x.solver} | ${x.status}${x.solverStatus ? ` (${x.solverStatus})` : ''} | ${usd(x.objectiveUsd)} | ${x.gap === undefined || x.gap === null ? '—' : pct(x.gap)} | ${x.violations ?? '—'} | ${x.variables ?? '—'} | ${secs(x.wallSec)} | ${secs(x.solverSec)} | ${x.peakRssMiB === undefined ? '—' : x.peakRssMiB.toFixed(0)} |`,
      );
    }
    out.push('');
    for (const n of r.scaling.notes) out.push(`- ${n}`);
    out.push('', '![solve time](scaling-time.svg)', '');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
