/**
 * One `skycluster optimize` dry run with a timer on each phase, in its own process (the cold-start costs are the
 * point): `node dist/benchmarks/dry-run-phases.js <policy file>... [--providers <file>...] [--export-lp <file>]`.
 * Runs the library calls the CLI command makes, in the same order, and prints one JSON line:
 * seconds for module import, reading and validating the policies, the catalog, the optimizer (of which model
 * build, solver and the rest: plan and explanations), rendering, and the whole process up to that point.
 */
const processStartMs = performance.now();
const args = process.argv.slice(2);
const files: string[] = [];
const providers: string[] = [];
let exportLp: string | undefined;
for (let i = 0, into = files; i < args.length; i++) {
  const a = args[i] as string;
  if (a === '--providers') into = providers;
  else if (a === '--export-lp') exportLp = args[++i];
  else into.push(a);
}

const t0 = performance.now();
const [
  { readFileSync },
  { parseDocuments },
  { validateDocuments },
  { sortInputs },
  catalogs,
  { registrationFromObjects },
  { optimize },
  solvers,
  render,
] = await Promise.all([
  import('node:fs'),
  import('../src/validate/documents.js'),
  import('../src/validate/validate-documents.js'),
  import('../src/cli/inputs.js'),
  import('../providers/catalog/load-catalog.js'),
  import('../src/catalog/from-profiles.js'),
  import('../optimizer/optimize.js'),
  import('../optimizer/solvers/index.js'),
  import('../src/cli/render-plan.js'),
]);
const t1 = performance.now();
// As the CLI does: the solver's thread starts while the inputs and the catalog are read.
const solver = solvers.getSolver('highs');
solver.warmUp?.({});
const docs = [...files, ...providers].flatMap((f) => parseDocuments(readFileSync(f, 'utf8'), f).documents);
const sorted = sortInputs(validateDocuments(docs).objects);
const app = sorted.applications[0];
if (app === undefined) throw new Error(`no DeploymentPolicy in ${files.join(', ')}`);
const t2 = performance.now();
const base = catalogs.loadBundledCatalog();
const reg = registrationFromObjects(sorted.profiles, sorted.instanceTypes, (p, r) => base.site(p, r));
const catalog =
  reg.sites.length === 0 && reg.offerings.length === 0
    ? base
    : catalogs.extendCatalog(base, reg.sites, reg.offerings, reg.egressTiers, reg.latencies);
const t3 = performance.now();
const outcome = await optimize({
  deploymentPolicy: app.deploymentPolicy,
  ...(app.dataflowPolicy ? { dataflowPolicy: app.dataflowPolicy } : {}),
  catalog,
  solver,
  timeLimitSec: 30,
  mipGap: 1e-4,
  now: () => performance.now(),
});
const t4 = performance.now();
if (outcome.kind !== 'planned') throw new Error(`${outcome.kind}: ${outcome.issues.map((i) => i.message).join('; ')}`);
const table = render.renderPlanTable(outcome.plan, { color: false });
const t5 = performance.now();
if (exportLp !== undefined && outcome.model) (await import('node:fs')).writeFileSync(exportLp, solvers.writeCplexLp(outcome.model));
const sec = (a: number, b: number): number => Number(((b - a) / 1000).toFixed(4));
const solverSec = outcome.result.wallSec;
console.log(
  JSON.stringify({
    nodeStartSec: sec(0, processStartMs),
    importSec: sec(t0, t1),
    inputsSec: sec(t1, t2),
    catalogSec: sec(t2, t3),
    optimizeSec: sec(t3, t4),
    buildSec: outcome.stats.buildSec,
    solverSec,
    afterSolveSec: Number(((t4 - t3) / 1000 - outcome.stats.buildSec - solverSec).toFixed(4)),
    renderSec: sec(t4, t5),
    totalSec: sec(0, t5),
    objective: outcome.cost.totalUsd,
    status: outcome.result.status,
    variables: outcome.stats.variables,
    constraints: outcome.stats.constraints,
    nonzeros: outcome.stats.nonzeros,
    tableLines: table.split('\n').length,
  }),
);
