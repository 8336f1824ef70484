/**
 * One scaling run of `skycluster bench` in its own process (so that peak memory is this run's alone):
 * `node dist/benchmarks/bench/scaling-run.js <components> <edges> <solver> <timeLimitSec> <seed>`.
 * Like benchmarks/optimizer-run.ts, plus the seed and an evaluatePlan check of the plan found. Prints one
 * JSON line.
 */
import { evaluatePlan } from '../../optimizer/evaluate/index.js';
import { optimize } from '../../optimizer/optimize.js';
import { getSolver, isSolverName } from '../../optimizer/solvers/index.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { syntheticApp } from '../synthetic-app.js';

const [components, edges, solverName, limit, seed] = process.argv.slice(2);
if (!isSolverName(solverName ?? '')) {
  console.error('usage: scaling-run <components> <edges> <highs|glpk|lpsolve> <timeLimitSec> <seed>');
  process.exit(2);
}
const app = syntheticApp({ components: Number(components), edges: Number(edges) }, Number(seed ?? '1'));
const catalog = loadBundledCatalog();
const t0 = performance.now();
const out = await optimize({
  ...app,
  catalog,
  solver: getSolver(solverName as 'highs'),
  timeLimitSec: Number(limit),
  mipGap: 1e-4,
  explain: false,
  now: () => performance.now(),
});
const wallSec = (performance.now() - t0) / 1000;
const base = { components: Number(components), edges: Number(edges), solver: solverName, wallSec, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
if (out.kind === 'planned') {
  const ev = evaluatePlan({ ...app, placements: out.plan.spec.placements, catalog, horizonHours: out.plan.spec.horizonHours });
  console.log(
    JSON.stringify({
      ...base,
      status: 'planned',
      solverStatus: out.plan.status?.solver?.status,
      objectiveUsd: ev.costs.totalUsd,
      gap: Number.isFinite(out.result.status === 'optimal' || out.result.status === 'feasible' ? out.result.gap : Number.NaN)
        ? (out.result as { gap: number }).gap
        : null,
      violations: ev.violations.length,
      solverSec: out.result.wallSec,
      variables: out.stats.variables,
      constraints: out.stats.constraints,
    }),
  );
} else {
  console.log(
    JSON.stringify({
      ...base,
      status: out.kind,
      message: out.issues
        .map((i) => i.message)
        .join('; ')
        .slice(0, 300),
      ...('stats' in out && out.stats ? { variables: out.stats.variables, constraints: out.stats.constraints } : {}),
    }),
  );
}
process.exit(0);
