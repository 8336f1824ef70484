/**
 * `skycluster optimize`: the dry-run optimizer. Reads policies (and optional ProviderProfile/InstanceType
 * files), builds the catalog (bundled + registered), solves each application and prints the plan.
 *
 * Exit codes: 0 plans printed; 1 invalid input, an infeasible or unsolved application, or a side output
 * (--export-lp) that could not be written (the plan is printed all the same); 2 internal error; 130
 * interrupted (SIGINT), after printing the best plan found so far when there is one.
 * --time-limit bounds the whole command: reading and validation use the same deadline as the solve.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import type { Plan, PlanStatus } from '../../api/plan.js';
import { parseDuration } from '../../api/units.js';
import { registrationFromObjects } from '../../catalog/from-profiles.js';
import type { Catalog } from '../../catalog/types.js';
import type { InstanceType, ProviderProfile } from '../../api/provider.js';
import { formatIssue, type Issue } from '../../validate/issue.js';
import { validateDocuments } from '../../validate/validate-documents.js';
import type { ValidObject } from '../../validate/validate-object.js';
import { optimize } from '../../../optimizer/optimize.js';
import { getSolver, isSolverName, SOLVER_NAMES, writeCplexLp } from '../../../optimizer/solvers/index.js';
import { CatalogInputError } from '../../../providers/catalog/extend-catalog.js';
import { extendCatalog, loadBundledCatalog } from '../../../providers/catalog/load-catalog.js';
import { bundledPath } from '../bundled-paths.js';
import { sortInputs, type ApplicationInput } from '../inputs.js';
import { locateIssues, objectSources } from '../locate-issues.js';
import { checkWritableFile, describeWriteError } from '../output-checks.js';
import { readInputs, readStdin } from '../read-inputs.js';
import { renderPlanTable } from '../render-plan.js';
import { configureShortRun } from '../short-run.js';

/** The bundled example the main command runs when no -f is given. */
export const DEFAULT_EXAMPLE = 'policies/three-tier-web.yaml';

import { EXIT_INTERRUPTED } from '../exit-codes.js';
import { commandStartMs } from '../command-clock.js';
export { EXIT_INTERRUPTED };

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
 * Builds the catalog: the bundled one plus the (already validated) ProviderProfiles and InstanceTypes; issues
 * when a registration is invalid.
 */
export function buildCatalog(registered: { profiles: readonly ProviderProfile[]; instanceTypes: readonly InstanceType[] }): {
  catalog?: Catalog;
  issues: Issue[];
} {
  const base = loadBundledCatalog();
  const reg = registrationFromObjects(registered.profiles, registered.instanceTypes, (p, r) => base.site(p, r));
  const issues = reg.issues.filter((i) => i.severity === 'error');
  if (issues.length > 0) return { issues };
  if (reg.sites.length === 0 && reg.offerings.length === 0) return { catalog: base, issues };
  try {
    return { catalog: extendCatalog(base, reg.sites, reg.offerings, reg.egressTiers, reg.latencies), issues };
  } catch (err) {
    if (!(err instanceof CatalogInputError)) throw err;
    return {
      issues: err.issues.map((i) => ({ severity: 'error', object: 'catalog', path: i.path, message: `cannot register providers: ${i.message}` })),
    };
  }
}

export function optimizeCommand(): Command {
  return new Command('optimize')
    .description('choose provider, region, zone and flavor for every component at minimal cost (dry run: no cluster, no cloud account)')
    .option('-f, --filename <path...>', `policies: file, directory or - (default: the bundled ${DEFAULT_EXAMPLE})`)
    .option('--providers <path...>', 'ProviderProfile / InstanceType files or directories to register on top of the bundled catalog')
    .addOption(new Option('--solver <name>', 'MILP solver').choices([...SOLVER_NAMES]).default('highs'))
    .option('--time-limit <duration>', 'time limit of the whole command (reading, model, solve, explanations)', '30s')
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
      configureShortRun();
      process.exitCode = await runOptimize(flags);
    });
}

function fail(issues: readonly Issue[]): number {
  for (const i of issues) console.error(formatIssue(i));
  return 1;
}

/** The --export-lp file of one application (one file per application when there are several). */
function lpFileOf(exportLp: string, app: ApplicationInput, several: boolean): string {
  return several ? exportLp.replace(/(\.lp)?$/, `.${app.key.replace(/[^A-Za-z0-9_-]/g, '_')}.lp`) : exportLp;
}

/** Notes and warnings as the Plan carries them (status.issues), with the place they were found. */
function planIssues(issues: readonly Issue[]): NonNullable<PlanStatus['issues']> {
  return issues
    .filter((i) => i.severity !== 'error')
    .map((i) => ({
      severity: i.severity,
      object: i.object ?? '?',
      path: i.path,
      message: i.file === undefined ? i.message : `${i.message} (${i.file}${i.document !== undefined ? ` document ${i.document}` : ''})`,
    }));
}

/** The plan with `extra` appended to status.issues. */
function withIssues(plan: Plan, extra: NonNullable<PlanStatus['issues']>): Plan {
  if (extra.length === 0) return plan;
  return { ...plan, status: { ...plan.status, issues: [...(plan.status?.issues ?? []), ...extra] } };
}

/** The notes that belong to one application: those about its policies, and those about no policy at all. */
function notesOf(app: ApplicationInput, notes: readonly Issue[]): Issue[] {
  const own = new Set([`DeploymentPolicy/${app.deploymentPolicy.metadata.name}`, `DataflowPolicy/${app.dataflowPolicy?.metadata.name ?? ''}`]);
  return notes.filter((n) => n.object === undefined || !/^(DeploymentPolicy|DataflowPolicy)\//.test(n.object) || own.has(n.object));
}

/** The inputs of a run: every document of -f and --providers, validated together (cross checks see them all). */
function readAll(flags: OptimizeFlags, paths: readonly string[]): { objects: ValidObject[]; issues: Issue[] } {
  const read = readInputs([...paths, ...(flags.providers ?? [])], readStdin);
  const checked = validateDocuments(read.documents);
  return { objects: checked.objects, issues: [...read.issues, ...checked.issues] };
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
  // Outputs are checked before the work: a model is not built to find out that its file cannot be written.
  if (flags.exportLp !== undefined) {
    const why = checkWritableFile(flags.exportLp);
    if (why !== undefined) flagIssues.push({ severity: 'error', path: '--export-lp', message: why });
  }
  if (flagIssues.length > 0 || !limit.ok || gap === undefined || !isSolverName(flags.solver)) return fail(flagIssues);
  // One deadline for the whole command, counted from its start: the process start for the CLI (command-clock.ts).
  const deadlineMs = commandStartMs() + limit.value;
  // The solver's thread starts and loads its library while the inputs and the catalog are read.
  const solver = getSolver(flags.solver);
  solver.warmUp?.({});

  const paths = flags.filename ?? [bundledPath(DEFAULT_EXAMPLE)];
  const input = readAll(flags, paths);
  const sources = objectSources(input.objects);
  const inputErrors = input.issues.filter((i) => i.severity === 'error');
  if (inputErrors.length > 0) return fail(inputErrors);
  const sorted = sortInputs(input.objects);
  if (sorted.applications.length === 0) return fail([{ severity: 'error', file: paths.join(', '), path: '', message: 'no DeploymentPolicy found' }]);
  const cat = buildCatalog(sorted);
  if (!cat.catalog) return fail(locateIssues(cat.issues, sources));
  const catalog = cat.catalog;
  const inputNotes = input.issues.filter((i) => i.severity !== 'error');

  const plans: Plan[] = [];
  const stderrNotes: Issue[] = flags.output === 'table' ? [...inputNotes] : [];
  let exit = 0;
  const interrupt = interruptWatch();
  try {
    for (const app of sorted.applications) {
      const remainingSec = Math.max(0.001, (deadlineMs - performance.now()) / 1000);
      const outcome = await interrupt.race(
        optimize({
          deploymentPolicy: app.deploymentPolicy,
          ...(app.dataflowPolicy ? { dataflowPolicy: app.dataflowPolicy } : {}),
          catalog,
          solver,
          timeLimitSec: remainingSec,
          mipGap: gap,
          formulation: flags.formulation,
          ...(horizonHours !== undefined ? { horizonHours } : {}),
          now: () => performance.now(),
          onIncumbent: (plan) => interrupt.incumbent(plan),
        }),
      );
      if (outcome === 'interrupted') {
        const best = interrupt.best();
        if (best) {
          plans.push(best);
          if (flags.output === 'table') stderrNotes.push(...locateIssues(planWarnings(best), sources));
        } else console.error(`${app.key}: interrupted before any plan was found`);
        exit = EXIT_INTERRUPTED;
        break;
      }
      if ('model' in outcome && outcome.model && flags.exportLp) {
        const file = lpFileOf(flags.exportLp, app, sorted.applications.length > 1);
        try {
          writeFileSync(file, writeCplexLp(outcome.model));
          console.error(`wrote ${file}`);
        } catch (err) {
          // The plan is still printed: a side output that fails never costs the computed result.
          console.error(`--export-lp: cannot write ${file}: ${describeWriteError(err)}`);
          exit = 1;
        }
      }
      if (outcome.kind !== 'planned') {
        console.error(`${app.key}: ${outcome.kind === 'invalid' ? 'invalid policy' : outcome.kind === 'infeasible' ? 'infeasible' : 'no plan'}`);
        fail(locateIssues(outcome.issues, sources));
        exit = 1;
        continue;
      }
      const notes = locateIssues([...notesOf(app, inputNotes), ...outcome.notes], sources);
      if (flags.output === 'table') stderrNotes.push(...locateIssues(outcome.notes, sources));
      plans.push(withIssues(outcome.plan, planIssues(notes)));
    }
  } finally {
    interrupt.stop();
  }
  printPlans(plans, flags.output);
  for (const n of dedupe(stderrNotes)) console.error(formatIssue(n));
  return exit;
}

/** The Interrupted warning of a plan, as an issue to print. */
function planWarnings(plan: Plan): Issue[] {
  return (plan.status?.issues ?? [])
    .filter((i) => i.code === 'Interrupted')
    .map((i) => ({ severity: 'warning', object: i.object, path: i.path, message: i.message }));
}

function dedupe(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = formatIssue(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function printPlans(plans: readonly Plan[], output: OptimizeFlags['output']): void {
  if (output === 'table') for (const p of plans) console.log(renderPlanTable(p, { color: process.stdout.isTTY === true }));
  if (output === 'json' && plans.length > 0) console.log(JSON.stringify(plans.length === 1 ? plans[0] : plans, null, 2));
  if (output === 'yaml' && plans.length > 0) console.log(plans.map((p) => stringify(p, { lineWidth: 0 })).join('---\n'));
}

/** SIGINT during a solve: the race resolves `interrupted` and the best plan known so far is kept. */
interface InterruptWatch {
  race<T>(work: Promise<T>): Promise<T | 'interrupted'>;
  incumbent(plan: () => Plan): void;
  /** The incumbent, marked interrupted (status.issues), or undefined when none was found yet. */
  best(): Plan | undefined;
  stop(): void;
}

function interruptWatch(): InterruptWatch {
  let latest: (() => Plan) | undefined;
  let interruptedAt: number | undefined;
  let wake: (() => void) | undefined;
  const interrupted = new Promise<'interrupted'>((resolve) => {
    wake = () => resolve('interrupted');
  });
  const onSignal = (): void => {
    if (interruptedAt !== undefined) process.exit(EXIT_INTERRUPTED); // a second Ctrl-C: stop now
    interruptedAt = performance.now();
    wake?.();
  };
  process.on('SIGINT', onSignal);
  return {
    race: (work) => Promise.race([work, interrupted]),
    incumbent: (plan) => {
      latest = plan;
    },
    best: () => {
      if (!latest) return undefined;
      const plan = latest();
      const wallSec = ((interruptedAt ?? performance.now()) - commandStartMs()) / 1000;
      const solver = plan.status?.solver;
      const gap = solver?.gap === undefined ? 'unknown (no lower bound yet)' : `${(solver.gap * 100).toFixed(2)} %`;
      return withIssues(plan, [
        {
          severity: 'warning',
          code: 'Interrupted',
          object: `DeploymentPolicy/${plan.spec.policyRefs.deploymentPolicy}`,
          path: '',
          message: `interrupted (SIGINT) after ${wallSec.toFixed(1)} s: the best plan found so far (the heuristic's), not proven optimal; gap ${gap}`,
        },
      ]);
    },
    stop: () => {
      process.off('SIGINT', onSignal);
    },
  };
}
