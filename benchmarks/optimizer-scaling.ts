/**
 * Optimizer scaling benchmark on the bundled catalog: synthetic applications of (10, 15), (100, 200) and
 * (1000, 2000) components and edges, every solver with the default (`auto`) formulation and HiGHS with the
 * aggregated ladder and the naive pairwise one, each run in its own process (benchmarks/optimizer-run.ts) so that peak memory is its own.
 * `node dist/benchmarks/optimizer-scaling.js [--limit 60] [--only FORMULATION|SOLVER] [--out benchmarks/results/optimizer-scaling.json]`
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { writeResults } from './write-results.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const limit = Number(flag('--limit', '60'));
const out = flag('--out', 'benchmarks/results/optimizer-scaling.json');
const here = dirname(fileURLToPath(import.meta.url));

const RUNS: [number, number, string, string][] = [
  [10, 15, 'highs', 'auto'],
  [10, 15, 'glpk', 'auto'],
  [10, 15, 'lpsolve', 'auto'],
  [10, 15, 'highs', 'aggregated'],
  [10, 15, 'highs', 'pairwise'],
  [100, 200, 'highs', 'auto'],
  [100, 200, 'glpk', 'auto'],
  [100, 200, 'lpsolve', 'auto'],
  [100, 200, 'highs', 'aggregated'],
  [100, 200, 'highs', 'pairwise'],
  [1000, 2000, 'highs', 'auto'],
  [1000, 2000, 'glpk', 'auto'],
  [1000, 2000, 'highs', 'aggregated'],
  [1000, 2000, 'highs', 'pairwise'],
];

const only = flag('--only', '');
const rows: Record<string, unknown>[] = [];
for (const [n, m, solver, formulation] of RUNS.filter(([, , s, f]) => only === '' || only === f || only === s)) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(here, 'optimizer-run.js'), String(n), String(m), solver, formulation, String(limit)], {
    encoding: 'utf8',
    timeout: (limit * 3 + 120) * 1000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let row: Record<string, unknown>;
  try {
    row = JSON.parse(line) as Record<string, unknown>;
  } catch {
    row = {
      components: n,
      edges: m,
      solver,
      formulation,
      status: r.signal ? `killed (${r.signal})` : `failed (exit ${r.status})`,
      wallSec: (performance.now() - t0) / 1000,
      message: (r.stderr ?? '').split('\n').slice(-3).join(' ').slice(0, 200),
    };
  }
  rows.push(row);
  console.log(JSON.stringify(row));
}
const wrote = writeResults(out, { date: new Date().toISOString(), timeLimitSec: limit, node: process.version, rows });
const table = new Table({
  head: ['components', 'edges', 'solver', 'formulation', 'status', 'wall s', 'objective USD', 'gap', 'peak RSS MiB', 'vars', 'rows'],
  style: { head: [], border: [] },
});
for (const r of rows) {
  const stats = (r['stats'] ?? {}) as Record<string, number>;
  table.push([
    r['components'],
    r['edges'],
    r['solver'],
    r['formulation'],
    r['status'],
    Number(r['wallSec']).toFixed(1),
    typeof r['objective'] === 'number' ? (r['objective'] as number).toFixed(2) : '',
    typeof r['gap'] === 'number' ? `${((r['gap'] as number) * 100).toFixed(2)}%` : '',
    typeof r['peakRssMiB'] === 'number' ? (r['peakRssMiB'] as number).toFixed(0) : '',
    stats['variables'] ?? '',
    stats['constraints'] ?? '',
  ] as string[]);
}
console.log(table.toString());
console.log(wrote);
