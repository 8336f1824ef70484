/**
 * One optimizer scaling run in its own process (so that peak memory is this run's alone):
 * `node dist/benchmarks/optimizer-run.js <components> <edges> <solver> <formulation> <timeLimitSec>`.
 * Prints one JSON line with wall time, objective, gap, status, model size and peak RSS.
 */
import { optimize } from '../optimizer/optimize.js';
import { getSolver, isSolverName } from '../optimizer/solvers/index.js';
import { loadBundledCatalog } from '../providers/catalog/load-catalog.js';
import { syntheticApp } from './synthetic-app.js';

const [components, edges, solverName, formulation, limit] = process.argv.slice(2);
if (!isSolverName(solverName ?? '') || !['auto', 'aggregated', 'pairwise', 'transport'].includes(formulation ?? '')) {
  console.error('usage: optimizer-run <components> <edges> <highs|glpk|lpsolve> <auto|transport|aggregated|pairwise> <timeLimitSec>');
  process.exit(2);
}
const app = syntheticApp({ components: Number(components), edges: Number(edges) });
const catalog = loadBundledCatalog();
const t0 = performance.now();
const out = await optimize({
  ...app,
  catalog,
  solver: getSolver(solverName as 'highs'),
  timeLimitSec: Number(limit),
  mipGap: 0.0001,
  formulation: formulation as 'aggregated',
  explain: false,
  now: () => performance.now(),
});
const wallSec = (performance.now() - t0) / 1000;
const base = {
  components: Number(components),
  edges: Number(edges),
  solver: solverName,
  formulation,
  wallSec,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
};
if (out.kind === 'planned') {
  console.log(
    JSON.stringify({
      ...base,
      status: out.result.status,
      objective: out.cost.totalUsd,
      gap: out.result.status === 'optimal' || out.result.status === 'feasible' ? out.result.gap : null,
      solverSec: out.result.wallSec,
      stats: out.stats,
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
      ...('stats' in out ? { stats: out.stats } : {}),
      ...('result' in out && out.result
        ? { solverStatus: out.result.status, solverMessage: out.result.status === 'error' ? out.result.message : undefined }
        : {}),
    }),
  );
}
