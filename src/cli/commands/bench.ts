/**
 * `skycluster bench [SUITE...]`: runs the placement strategies of benchmarks/bench/strategies.ts on the suites
 * of benchmarks/suites (and the `scaling` pseudo-suite: synthetic apps of growing size solved by each solver in
 * a child process), then writes report.md, report.json and SVG charts to --out. All I/O lives here (files,
 * progress, child processes); computing and rendering are pure (benchmarks/bench/).
 *
 * --out is checked (created, written to) before any suite runs; when the report still cannot be written at the
 * end, report.md goes to standard output and the exit code is 1, so a finished run is never lost. SIGTERM and
 * SIGINT kill the scaling child process before the command exits (143 / 130).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { parseDuration } from '../../api/units.js';
import { getSolver, isSolverName, SOLVER_NAMES } from '../../../optimizer/solvers/index.js';
import { loadBundledCatalog } from '../../../providers/catalog/load-catalog.js';
import { listSuites, loadSuite, suitePath } from '../../../benchmarks/bench/load-suite.js';
import { renderMarkdown } from '../../../benchmarks/bench/render-markdown.js';
import { renderCharts } from '../../../benchmarks/bench/render-svg.js';
import { catalogSummary, suiteReport, type BenchReport, type ScalingRun, type SuiteReport } from '../../../benchmarks/bench/report.js';
import { ROWS_PER_SUITE, runStrategies } from '../../../benchmarks/bench/strategies.js';
import { bundledPath } from '../bundled-paths.js';
import { describeWriteError, prepareOutputDir } from '../output-checks.js';

interface BenchFlags {
  solver: string;
  seed: string;
  out: string;
  timeLimit: string;
  sizes: string;
  scalingSolvers: string;
  suitesDir?: string;
}

/** Relative MIP gap of the suites' optimizer runs: tight, so that the comparison with baselines is exact. */
export const BENCH_MIP_GAP = 1e-6;
/** Largest synthetic app lpsolve (pure JS, no bound, toy models only) is given. */
export const LPSOLVE_MAX_COMPONENTS = 10;
/** Scaling solves never get more than this (keeps the default run within a few minutes on 2 cores). */
export const SCALING_MAX_LIMIT_SEC = 30;

export function benchCommand(): Command {
  return new Command('bench')
    .description('compare the optimizer with baseline placement strategies on the benchmark suites and write a report')
    .argument('[suite...]', 'suites to run (names in benchmarks/suites, or "scaling"; default: all suites and scaling)')
    .addOption(new Option('--solver <name>', 'MILP solver of the suites').choices([...SOLVER_NAMES]).default('highs'))
    .option('--seed <n>', 'seed of the synthetic scaling apps', '1')
    .option('--out <dir>', 'output directory', 'bench-out')
    .option('--time-limit <duration>', `solver time limit per solve (scaling runs: at most ${SCALING_MAX_LIMIT_SEC}s)`, '30s')
    .option('--sizes <list>', 'component counts of the scaling runs (edges: 2 per component)', '10,25,50,100')
    .option('--scaling-solvers <list>', 'solvers of the scaling runs', 'highs,glpk,lpsolve')
    .option('--suites-dir <dir>', 'directory of suite files (default: the bundled benchmarks/suites)')
    .action(async (suites: string[], flags: BenchFlags) => {
      process.exitCode = await runBench(suites, flags, process.argv.slice(2));
    });
}

interface Progress {
  start(total: number): void;
  tick(label: string): void;
  stop(): void;
}

function progress(): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'bench [{bar}] {value}/{total} {label}', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total) => bar.start(total, 0, { label: '' }),
      tick: (label) => bar.increment(1, { label }),
      stop: () => bar.stop(),
    };
  }
  let done = 0;
  let total = 0;
  return {
    start: (t) => {
      total = t;
    },
    tick: (label) => {
      done += 1;
      process.stderr.write(`bench ${done}/${total} ${label}\n`);
    },
    stop: () => {},
  };
}

async function runBench(requested: string[], flags: BenchFlags, argv: readonly string[]): Promise<number> {
  const err = (m: string): number => {
    console.error(`skycluster bench: ${m}`);
    return 1;
  };
  const limit = parseDuration(flags.timeLimit);
  if (!limit.ok || limit.value <= 0) return err(`--time-limit: ${limit.ok ? 'must be positive' : limit.message}`);
  const timeLimitSec = limit.value / 1000;
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) return err(`--seed: expected an integer, got ${JSON.stringify(flags.seed)}`);
  if (!isSolverName(flags.solver)) return err(`--solver: expected one of ${SOLVER_NAMES.join(', ')}`);
  const sizes = flags.sizes.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 2)) return err(`--sizes: expected integers ≥ 2 like 10,25,50`);
  const scalingSolvers = flags.scalingSolvers.split(',').map((s) => s.trim());
  const badSolver = scalingSolvers.find((s) => !isSolverName(s));
  if (badSolver !== undefined) return err(`--scaling-solvers: unknown solver ${badSolver}`);

  const dir = flags.suitesDir ?? bundledPath('benchmarks/suites');
  let available: string[];
  try {
    if (!statSync(dir).isDirectory()) return err(`--suites-dir: ${dir} is not a directory`);
    available = listSuites(dir);
  } catch (e) {
    return err(`--suites-dir: cannot read ${dir}: ${describeWriteError(e)}`);
  }
  const names = requested.length === 0 ? [...available, 'scaling'] : requested;
  const unknown = names.filter((n) => n !== 'scaling' && !available.includes(n));
  if (unknown.length > 0) return err(`unknown suite(s) ${unknown.join(', ')}; available: ${[...available, 'scaling'].join(', ')}`);
  const suiteNames = names.filter((n) => n !== 'scaling');
  const withScaling = names.includes('scaling');
  // The output directory is made and tried before minutes of work, not after.
  const out = resolve(flags.out);
  const outProblem = prepareOutputDir(out);
  if (outProblem !== undefined) return err(`--out: ${outProblem}`);
  // The scaling children die with this process: a signal kills the running one, then exits.
  process.once('SIGTERM', killChildAndExit);
  process.once('SIGINT', killChildAndExit);

  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const base = loadBundledCatalog();
  const scalingLimit = Math.min(SCALING_MAX_LIMIT_SEC, timeLimitSec);
  const plannedRuns = withScaling ? sizes.flatMap((n) => scalingSolvers.map((s) => ({ n, s }))) : [];
  const bar = progress();
  bar.start(suiteNames.length * ROWS_PER_SUITE + plannedRuns.length);

  const solver = getSolver(flags.solver);
  const suites: SuiteReport[] = [];
  try {
    for (const name of suiteNames) {
      const suite = loadSuite(suitePath(dir, name), base);
      const outcomes = await runStrategies(
        suite,
        { solver, timeLimitSec, mipGap: BENCH_MIP_GAP },
        () => performance.now(),
        (key) => bar.tick(`${name}: ${key}`),
      );
      suites.push(
        suiteReport(
          {
            name,
            description: suite.description,
            components: suite.deploymentPolicy.spec.deploymentPolicies.length,
            edges: suite.dataflowPolicy?.spec.dataDependencies.length ?? 0,
            registeredSites: suite.registeredSites,
          },
          outcomes,
        ),
      );
    }
  } catch (e) {
    bar.stop();
    return err((e as Error).message);
  }

  let scaling: BenchReport['scaling'];
  if (withScaling) {
    const runner = bundledPath('dist/benchmarks/bench/scaling-run.js');
    const runs: ScalingRun[] = [];
    for (const { n, s } of plannedRuns) {
      const edges = 2 * n;
      if (s === 'lpsolve' && n > LPSOLVE_MAX_COMPONENTS) {
        runs.push({ components: n, edges, solver: s, status: 'skipped', message: `lpsolve skipped above ${LPSOLVE_MAX_COMPONENTS} components` });
        bar.tick(`scaling ${n} ${s} (skipped)`);
        continue;
      }
      const started = performance.now();
      const child = await runChild(
        process.execPath,
        [runner, String(n), String(edges), s, String(scalingLimit), String(seed)],
        (scalingLimit + 60) * 1000,
      );
      const wallSec = (performance.now() - started) / 1000;
      const line = child.stdout?.trim().split('\n').pop() ?? '';
      let run: ScalingRun;
      try {
        if (child.error || child.status !== 0) throw new Error(child.error?.message ?? (child.stderr || `exit ${child.status}`));
        const j = JSON.parse(line) as ScalingRun & { wallSec: number };
        run = { ...j, components: n, edges, solver: s };
      } catch (e) {
        const killed = child.signal === 'SIGTERM' || (child.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
        run = { components: n, edges, solver: s, status: killed ? 'timeout' : 'error', wallSec, message: (e as Error).message.slice(0, 300) };
      }
      runs.push(run);
      bar.tick(`scaling ${n} ${s}: ${run.status}${run.solverStatus ? ` ${run.solverStatus}` : ''}`);
    }
    const notes = [
      `Sizes ${sizes.join(', ')} components with 2 edges per component (seed ${seed}); time limit ${scalingLimit} s per solve, MIP gap 0.01 %; each run in its own process (killed after the limit + 60 s).`,
      `lpsolve (javascript-lp-solver: pure JS, no bound) runs only up to ${LPSOLVE_MAX_COMPONENTS} components; larger runs are listed as skipped.`,
      'Not proven optimal = the solver stopped at the time limit with an incumbent (or the heuristic plan); the gap is against its best bound.',
    ];
    scaling = { runs, notes };
  }
  bar.stop();

  const report: BenchReport = {
    tool: 'skycluster bench',
    command: `skycluster ${argv.join(' ')}`.trim(),
    settings: { solver: flags.solver, seed, timeLimitSec, mipGap: BENCH_MIP_GAP, suites: names },
    catalog: catalogSummary(base.provenance),
    suites,
    ...(scaling ? { scaling } : {}),
    run: {
      startedAt,
      wallSec: Math.round((performance.now() - t0) / 100) / 10,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
  };
  const markdown = renderMarkdown(report);
  const charts = renderCharts(report);
  try {
    writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(out, 'report.md'), markdown);
    for (const [file, svg] of Object.entries(charts)) writeFileSync(join(out, file), svg);
  } catch (e) {
    // The run is done: its report goes to standard output rather than being lost.
    console.log(markdown);
    return err(`--out: cannot write the report to ${out}: ${describeWriteError(e)}; report.md printed above`);
  }
  console.log(`wrote ${join(out, 'report.md')}, report.json and ${Object.keys(charts).length} chart(s) in ${report.run.wallSec} s`);
  return 0;
}

/** What a finished child process left: its output, exit status and the signal that ended it. */
interface ChildRun {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
  error?: Error & { code?: string };
}

/** The running scaling child, killed with the parent on SIGTERM or SIGINT. */
let runningChild: ChildProcess | undefined;
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
function killChildAndExit(signal: NodeJS.Signals): void {
  runningChild?.kill('SIGKILL');
  process.exit(SIGNAL_EXIT[signal] ?? 1);
}

/** Runs one child asynchronously (so that signals reach this process), killed after `timeoutMs`. */
function runChild(command: string, args: readonly string[], timeoutMs: number): Promise<ChildRun> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    runningChild = child;
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const cap = 16 * 1024 * 1024;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < cap) stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < cap) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    const finish = (status: number | null, signal: NodeJS.Signals | null, error?: Error): void => {
      clearTimeout(timer);
      runningChild = undefined;
      const timeoutError = timedOut ? Object.assign(new Error(`timed out after ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' }) : undefined;
      const e = error ?? timeoutError;
      resolveRun({ stdout, stderr, status, signal, ...(e ? { error: e } : {}) });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (status, signal) => finish(status, signal));
  });
}
