/**
 * Size of the Plan object a controller writes, for the synthetic apps (100 and 1,000 components by default):
 * `node dist/benchmarks/plan-size.js [components...] [--time-limit S]`. Prints one JSON line per size with the
 * bytes of the whole object, of its spec and of its status (explanations included), as JSON and as YAML.
 * The budget is 1 MiB per object (etcd's default request limit is 1.5 MiB; docs/optimizer.md "Plan size"); the
 * fitted figures are what a controller writes after optimizer/plan/size-budget.ts moved explanations out.
 */
import { stringify } from 'yaml';
import { optimize } from '../optimizer/optimize.js';
import { fitPlanToBudget, PLAN_BYTE_BUDGET } from '../optimizer/plan/size-budget.js';
import { getSolver } from '../optimizer/solvers/index.js';
import { loadBundledCatalog } from '../providers/catalog/load-catalog.js';
import { syntheticApp } from './synthetic-app.js';

const args = process.argv.slice(2);
const limitAt = args.indexOf('--time-limit');
const timeLimitSec = limitAt >= 0 ? Number(args[limitAt + 1]) : 60;
const sizes = args.filter((a, i) => i !== limitAt && i !== limitAt + 1).map(Number);
const catalog = loadBundledCatalog();
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

for (const components of sizes.length > 0 ? sizes : [100, 1000]) {
  const app = syntheticApp({ components, edges: components * 2 });
  const out = await optimize({ ...app, catalog, solver: getSolver('highs'), timeLimitSec, mipGap: 1e-4, now: () => performance.now() });
  if (out.kind !== 'planned') {
    console.log(JSON.stringify({ components, status: out.kind }));
    continue;
  }
  const plan = out.plan;
  const fitted = fitPlanToBudget(plan, `ConfigMap/${plan.metadata.name}-explanations`);
  console.log(
    JSON.stringify({
      components,
      edges: components * 2,
      placements: plan.spec.placements.length,
      transfers: plan.spec.transfers.length,
      explanations: plan.status?.explanations?.length ?? 0,
      jsonBytes: bytes(JSON.stringify(plan)),
      yamlBytes: bytes(stringify(plan)),
      specJsonBytes: bytes(JSON.stringify(plan.spec)),
      statusJsonBytes: bytes(JSON.stringify(plan.status ?? {})),
      budgetBytes: PLAN_BYTE_BUDGET,
      fittedJsonBytes: fitted.bytes,
      explanationsMoved: fitted.overflow.length,
      fits: fitted.fits,
    }),
  );
}
