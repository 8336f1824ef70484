/**
 * The two ways of linking the gateway binaries of transportation edges (optimizer/model/gateways.ts), solved by
 * HiGHS at gap 0 on the same synthetic apps, alternating per seed so that both see the same machine load:
 * `node dist/benchmarks/gateway-rows.js [--sizes 10,20,30] [--seeds 6] [--time-limit 60]`.
 * Prints a table of solve seconds per (size, seed) and the sums per size, and checks that both forms reach the
 * same optimum (they model the same cost; a difference is reported as an error and the exit code is 1).
 */
import Table from 'cli-table3';
import { Command } from 'commander';
import { buildApplication } from '../optimizer/model/application.js';
import { buildCandidates } from '../optimizer/model/candidates.js';
import type { GatewayRows } from '../optimizer/model/gateways.js';
import { PairTable } from '../optimizer/model/pair-table.js';
import { buildPlacementModel } from '../optimizer/model/placement-model.js';
import { getSolver } from '../optimizer/solvers/index.js';
import { loadBundledCatalog } from '../providers/catalog/load-catalog.js';
import { syntheticApp } from './synthetic-app.js';

const opts = new Command()
  .option('--sizes <list>', 'component counts, comma-separated', '10,20,30')
  .option('--seeds <n>', 'seeds 1..n per size', '6')
  .option('--time-limit <sec>', 'time limit of each solve, seconds', '60')
  .parse()
  .opts<{ sizes: string; seeds: string; timeLimit: string }>();

const sizes = opts.sizes.split(',').map(Number);
const seeds = Array.from({ length: Number(opts.seeds) }, (_, i) => i + 1);
const timeLimitSec = Number(opts.timeLimit);
const catalog = loadBundledCatalog();
const highs = getSolver('highs');
const forms: readonly GatewayRows[] = ['presence', 'pairs'];

interface Run {
  readonly sec: number;
  readonly status: string;
  readonly objective: number;
  readonly nonzeros: number;
}

async function run(components: number, seed: number, gatewayRows: GatewayRows): Promise<Run> {
  const policies = syntheticApp({ components, edges: Math.round(components * 1.5) }, seed);
  const built = buildApplication(policies.deploymentPolicy, policies.dataflowPolicy);
  if (!built.ok) throw new Error(`synthetic app ${components}/${seed} rejected`);
  const cr = buildCandidates(built.app, catalog, { prune: true });
  if (!cr.ok) throw new Error(`synthetic app ${components}/${seed}: no candidates`);
  const pm = buildPlacementModel(built.app, cr.candidates, new PairTable(built.app, cr.candidates, catalog), { gatewayRows });
  const r = await highs.solve(pm.model, { timeLimitSec, mipRelGap: 0 });
  const objective = r.status === 'optimal' || r.status === 'feasible' ? r.objective : Number.NaN;
  const nonzeros = pm.model.constraints.reduce((s, row) => s + row.vars.length, 0);
  return { sec: r.wallSec, status: r.status, objective, nonzeros };
}

const table = new Table({ head: ['components', 'seed', 'nonzeros (P/Q → pairs)', 'P/Q rows s', 'pair rows s', 'status'] });
const sums = new Map<number, [number, number]>();
let disagreements = 0;
for (const n of sizes) {
  for (const seed of seeds) {
    const [a, b] = [await run(n, seed, forms[0] as GatewayRows), await run(n, seed, forms[1] as GatewayRows)];
    const same = Math.abs(a.objective - b.objective) <= 1e-6 * Math.max(1, Math.abs(a.objective));
    if (!same && a.status === 'optimal' && b.status === 'optimal') disagreements += 1;
    const sum = sums.get(n) ?? [0, 0];
    sums.set(n, [sum[0] + a.sec, sum[1] + b.sec]);
    table.push([
      n,
      seed,
      `${a.nonzeros} → ${b.nonzeros}`,
      a.sec.toFixed(2),
      b.sec.toFixed(2),
      same ? a.status : `${a.status} ${a.objective} ≠ ${b.status} ${b.objective}`,
    ]);
  }
}
console.log(table.toString());
for (const [n, [a, b]] of sums)
  console.log(`${n} components: P/Q rows ${a.toFixed(2)} s, pair rows ${b.toFixed(2)} s (sum over ${seeds.length} seeds)`);
if (disagreements > 0) {
  console.error(`error: the two forms reached different optima on ${disagreements} instance(s)`);
  process.exitCode = 1;
}
process.exit();
