/**
 * `skycluster optimize`: the dry-run optimizer. Reads policies (and optional ProviderProfile/InstanceType
 * files), builds the catalog (bundled + registered), solves each application and prints the plan.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { parseDuration } from '../../api/units.js';
import { registrationFromObjects } from '../../catalog/from-profiles.js';
import type { Catalog } from '../../catalog/types.js';
import type { InstanceType, ProviderProfile } from '../../api/provider.js';
import { formatIssue, type Issue } from '../../validate/issue.js';
import { validateDocuments } from '../../validate/validate-documents.js';
import { optimize } from '../../../optimizer/optimize.js';
import { getSolver, isSolverName, SOLVER_NAMES, writeCplexLp } from '../../../optimizer/solvers/index.js';
import { CatalogInputError } from '../../../providers/catalog/extend-catalog.js';
import { extendCatalog, loadBundledCatalog } from '../../../providers/catalog/load-catalog.js';
import { bundledPath } from '../bundled-paths.js';
import { sortInputs } from '../inputs.js';
import { readInputs, readStdin } from '../read-inputs.js';
import { renderPlanTable } from '../render-plan.js';

/** The bundled example the main command runs when no -f is given. */
export const DEFAULT_EXAMPLE = 'policies/three-tier-web.yaml';

interface OptimizeFlags {
  filename?: string[];
  providers?: string[];
  solver: string;
  timeLimit: string;
  gap: string;
  horizon?: string;
  output: 'table' | 'json' | 'yaml';
  exportLp?: string;
  formulation: 'auto' | 'transport' | 'aggregated' | 'pairwise';
}

/** Parses `0.1%` or `0.001` into a fraction. */
export function parseGap(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!m) return undefined;
  const v = Number(m[1]) / (m[2] === '%' ? 100 : 1);
  return v >= 0 && v < 1 ? v : undefined;
}

/**
 * Builds the catalog: the bundled one plus the ProviderProfiles and InstanceTypes read from `paths` and those
 * already among the policy inputs; issues when a registration is invalid.
 */
export function buildCatalog(
  paths: readonly string[],
  inline: { profiles: readonly ProviderProfile[]; instanceTypes: readonly InstanceType[] },
): { catalog?: Catalog; issues: Issue[] } {
  const base = loadBundledCatalog();
  const read = readInputs(paths, readStdin);
  const checked = validateDocuments(read.documents);
  const sorted = sortInputs(checked.objects);
  const reg = registrationFromObjects([...inline.profiles, ...sorted.profiles], [...inline.instanceTypes, ...sorted.instanceTypes], (p, r) =>
    base.site(p, r),
  );
  const issues = [...read.issues, ...checked.issues, ...sorted.issues, ...reg.issues].filter((i) => i.severity === 'error');
  if (issues.length > 0) return { issues };
  if (reg.sites.length === 0 && reg.offerings.length === 0) return { catalog: base, issues };
  try {
    return { catalog: extendCatalog(base, reg.sites, reg.offerings, reg.egressTiers, reg.latencies), issues };
  } catch (err) {
    const detail = err instanceof CatalogInputError ? err.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : (err as Error).message;
    return { issues: [{ severity: 'error', file: paths.join(', ') || 'providers', path: '', message: `cannot register providers: ${detail}` }] };
  }
}

export function optimizeCommand(): Command {
  return new Command('optimize')
    .description('choose provider, region, zone and flavor for every component at minimal cost (dry run: no cluster, no cloud account)')
    .option('-f, --filename <path...>', `policies: file, directory or - (default: the bundled ${DEFAULT_EXAMPLE})`)
    .option('--providers <path...>', 'ProviderProfile / InstanceType files or directories to register on top of the bundled catalog')
    .addOption(new Option('--solver <name>', 'MILP solver').choices([...SOLVER_NAMES]).default('highs'))
    .option('--time-limit <duration>', 'solver time limit', '30s')
    .option(
      '--gap <gap>',
      'relative MIP gap at which the solver may stop, e.g. 0.1% or 0.001 (a plan is called optimal only at gap 0; otherwise "within x % of optimal")',
      '0',
    )
    .option('--horizon <duration>', 'cost horizon (default: the policy costHorizon, else 730h)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'yaml']).default('table'))
    .option('--export-lp <file>', 'write the exact model in CPLEX LP format')
    .addOption(
      new Option('--formulation <kind>', 'transfer-cost formulation').choices(['auto', 'transport', 'aggregated', 'pairwise']).default('auto'),
    )
    .action(async (flags: OptimizeFlags) => {
      process.exitCode = await runOptimize(flags);
    });
}

function fail(issues: readonly Issue[]): number {
  for (const i of issues) console.error(formatIssue(i));
  return 1;
}

async function runOptimize(flags: OptimizeFlags): Promise<number> {
  const flagIssues: Issue[] = [];
  const limit = parseDuration(flags.timeLimit);
  if (!limit.ok || limit.value <= 0)
    flagIssues.push({ severity: 'error', path: '--time-limit', message: limit.ok ? 'must be positive' : limit.message });
  const gap = parseGap(flags.gap);
  if (gap === undefined)
    flagIssues.push({ severity: 'error', path: '--gap', message: `expected a gap like 0.1% or 0.001, got ${JSON.stringify(flags.gap)}` });
  let horizonHours: number | undefined;
  if (flags.horizon !== undefined) {
    const h = parseDuration(flags.horizon);
    if (h.ok && h.value > 0) horizonHours = h.value / 3_600_000;
    else flagIssues.push({ severity: 'error', path: '--horizon', message: h.ok ? 'must be positive' : h.message });
  }
  if (!isSolverName(flags.solver)) flagIssues.push({ severity: 'error', path: '--solver', message: `expected one of ${SOLVER_NAMES.join(', ')}` });
  if (flagIssues.length > 0 || !limit.ok || gap === undefined || !isSolverName(flags.solver)) return fail(flagIssues);

  const paths = flags.filename ?? [bundledPath(DEFAULT_EXAMPLE)];
  const read = readInputs(paths, readStdin);
  const checked = validateDocuments(read.documents);
  const sorted = sortInputs(checked.objects);
  const inputIssues = [...read.issues, ...checked.issues, ...sorted.issues].filter((i) => i.severity === 'error');
  if (inputIssues.length > 0) return fail(inputIssues);
  if (sorted.applications.length === 0) return fail([{ severity: 'error', file: paths.join(', '), path: '', message: 'no DeploymentPolicy found' }]);
  const cat = buildCatalog(flags.providers ?? [], sorted);
  if (!cat.catalog) return fail(cat.issues);
  const catalog = cat.catalog;

  const solver = getSolver(flags.solver);
  const plans: unknown[] = [];
  let exit = 0;
  for (const app of sorted.applications) {
    const outcome = await optimize({
      deploymentPolicy: app.deploymentPolicy,
      ...(app.dataflowPolicy ? { dataflowPolicy: app.dataflowPolicy } : {}),
      catalog,
      solver,
      timeLimitSec: limit.value / 1000,
      mipGap: gap,
      formulation: flags.formulation,
      ...(horizonHours !== undefined ? { horizonHours } : {}),
      now: () => performance.now(),
    });
    if ('model' in outcome && outcome.model && flags.exportLp) {
      const file =
        sorted.applications.length > 1 ? flags.exportLp.replace(/(\.lp)?$/, `.${app.key.replace(/[^A-Za-z0-9_-]/g, '_')}.lp`) : flags.exportLp;
      writeFileSync(file, writeCplexLp(outcome.model));
      console.error(`wrote ${file}`);
    }
    if (outcome.kind !== 'planned') {
      console.error(`${app.key}: ${outcome.kind === 'invalid' ? 'invalid policy' : outcome.kind === 'infeasible' ? 'infeasible' : 'no plan'}`);
      fail(outcome.issues);
      exit = 1;
      continue;
    }
    plans.push(outcome.plan);
    if (flags.output === 'table') console.log(renderPlanTable(outcome.plan, { color: process.stdout.isTTY === true }));
  }
  if (flags.output === 'json') console.log(JSON.stringify(plans.length === 1 ? plans[0] : plans, null, 2));
  if (flags.output === 'yaml') console.log(plans.map((p) => stringify(p, { lineWidth: 0 })).join('---\n'));
  return exit;
}
