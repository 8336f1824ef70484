/**
 * How far `optimize()` runs past its time limit: synthetic applications (benchmarks/synthetic-app.ts, seed 7) of 100
 * and 1,000 components (twice as many edges) under `timeLimitSec` 1, 2 and 10 s, HiGHS, explanations on (as the CLI
 * runs it), each run in its own process so that no run inherits a warm solver or another's garbage.
 *
 *   npm run build && node dist/benchmarks/overshoot.js [--sizes 100,1000] [--limits 1,2,10] [--formulations auto]
 *     [--out benchmarks/results/overshoot.json]
 *
 * Per run: the wall time of the optimize() call (the deadline is t0 + limit, taken at its start), its overshoot
 * (wall − limit), the child process's whole wall time (imports and catalog loading included) and the outcome.
 * `--run N LIMIT FORMULATION` is the child's mode.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { writeResults } from './write-results.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const list = (name: string, fallback: string): string[] =>
  flag(name, fallback)
    .split(',')
    .filter((s) => s !== '');

/** Child: one optimize() call, one JSON line. */
async function runOne(components: number, limitSec: number, formulation: string): Promise<void> {
  const { optimize } = await import('../optimizer/optimize.js');
  const { getSolver } = await import('../optimizer/solvers/index.js');
  const { loadBundledCatalog } = await import('../providers/catalog/load-catalog.js');
  const { syntheticApp } = await import('./synthetic-app.js');
  const app = syntheticApp({ components, edges: components * 2 }, 7);
  const catalog = loadBundledCatalog();
  const t0 = performance.now();
  const out = await optimize({
    ...app,
    catalog,
    solver: getSolver('highs'),
    timeLimitSec: limitSec,
    mipGap: 0.0001,
    formulation: formulation as 'auto',
    now: () => performance.now(),
  });
  const wallSec = (performance.now() - t0) / 1000;
  const gap = out.kind === 'planned' && (out.result.status === 'optimal' || out.result.status === 'feasible') ? out.result.gap : Number.NaN;
  const outcome = out.kind === 'planned' ? `${out.result.status}${Number.isFinite(gap) ? ` (gap ${(gap * 100).toFixed(2)} %)` : ''}` : out.kind;
  const message = out.kind === 'planned' ? '' : (out.issues[0]?.message ?? '');
  console.log(JSON.stringify({ components, limitSec, formulation, wallSec, overshootSec: wallSec - limitSec, outcome, message }));
}

/** Parent: every (size, limit, formulation) in its own process. */
function runAll(): void {
  const sizes = list('--sizes', '100,1000').map(Number);
  const limits = list('--limits', '1,2,10').map(Number);
  const formulations = list('--formulations', 'auto');
  const outFile = flag('--out', 'benchmarks/results/overshoot.json');
  const self = fileURLToPath(import.meta.url);
  const rows: Record<string, unknown>[] = [];
  for (const formulation of formulations) {
    for (const n of sizes) {
      for (const limit of limits) {
        const load = loadavg()[0] ?? 0;
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [self, '--run', String(n), String(limit), formulation], {
          encoding: 'utf8',
          timeout: (limit * 5 + 120) * 1000,
          maxBuffer: 16 * 1024 * 1024,
        });
        const processSec = (performance.now() - t0) / 1000;
        const line = r.stdout.trim().split('\n').pop() ?? '';
        let row: Record<string, unknown>;
        try {
          row = JSON.parse(line) as Record<string, unknown>;
        } catch {
          row = { components: n, limitSec: limit, formulation, outcome: r.signal ? `killed (${r.signal})` : `failed (exit ${r.status})` };
        }
        rows.push({ ...row, processSec, loadAverage: Number(load.toFixed(2)) });
        console.error(JSON.stringify(rows[rows.length - 1]));
      }
    }
  }
  const table = new Table({ head: ['components', 'formulation', 'limit s', 'optimize() s', 'overshoot s', 'process s', 'load', 'outcome'] });
  const fmt = (v: unknown): string => (typeof v === 'number' ? v.toFixed(2) : String(v ?? '–'));
  for (const r of rows) {
    table.push(
      [
        r['components'],
        r['formulation'],
        r['limitSec'],
        fmt(r['wallSec']),
        fmt(r['overshootSec']),
        fmt(r['processSec']),
        fmt(r['loadAverage']),
        r['outcome'],
      ].map(String),
    );
  }
  console.log(table.toString());
  console.log(writeResults(outFile, { date: new Date().toISOString(), rows }));
}

if (args[0] === '--run') await runOne(Number(args[1]), Number(args[2]), args[3] ?? 'auto');
else runAll();
