/**
 * The everyday dry run, end to end, in separate processes: `skycluster optimize` on the bundled examples
 * (three-tier-web; air-quality with its SAVI sites, the test fixture) and on the 10-component synthetic app,
 * plus `skycluster validate` of the bundled policies and `skycluster --help`. For each optimize case it reports
 * the median wall time of the CLI (process start to exit), the median of each phase (benchmarks/dry-run-phases.ts,
 * also one process per run), and native GLPK's time on the same exported LP when `glpsol` is installed.
 * `node dist/benchmarks/dry-run.js [--runs 7] [--out benchmarks/results/dry-run.json] [--keep-env]`
 *
 * The CLI runs print what a user sees: the default table output. They use a code cache of their own
 * (SKYCLUSTER_CODE_CACHE, src/cli/code-cache.ts), in a fresh directory: each case's first run, which compiles
 * everything and writes the cache, is reported on its own (`cliFirstRunSec`); the median is of the runs after it.
 *
 * NODE_EXTRA_CA_CERTS, which the machines here set for every process, makes Node read and parse that bundle of
 * certificates at start-up, before any of our code runs: measured 0.17–0.19 s on each start, where `node -e 0`
 * otherwise takes 0.03–0.05 s. The child processes run without it unless `--keep-env` is given; both start-up
 * times are measured and reported (`nodeStartSec`, `nodeStartWithEnvSec`), so the figures say which they are.
 *
 * The machines are virtual and share their host: the same build's figures vary by up to 2x with what the host
 * gives other guests, which the load average does not show. The share of CPU time stolen by the host while the
 * benchmark ran is reported (`hostStealPercent`, from /proc/stat; null elsewhere), with `node -e 0` as a second
 * witness of the machine's state.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { stringify } from 'yaml';
import { CLI_BUNDLE_ENTRY } from '../src/build/cli-bundle.js';
import { syntheticApp } from './synthetic-app.js';
import { writeResults } from './write-results.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const runs = Number(flag('--runs', '7'));
const keepEnv = args.includes('--keep-env');
const childEnv: NodeJS.ProcessEnv = { ...process.env };
if (!keepEnv) delete childEnv['NODE_EXTRA_CA_CERTS'];
const out = flag('--out', 'benchmarks/results/dry-run.json');
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cli = join(root, CLI_BUNDLE_ENTRY);
const phasesScript = join(here, 'dry-run-phases.js');
const work = mkdtempSync(join(tmpdir(), 'skycluster-dry-run-'));

// The CLI's own code cache, empty at the start.
childEnv['SKYCLUSTER_CODE_CACHE'] = join(work, 'code-cache');

const synthetic = syntheticApp({ components: 10, edges: 15 });
const syntheticFile = join(work, 'synthetic-10.yaml');
writeFileSync(syntheticFile, [synthetic.deploymentPolicy, synthetic.dataflowPolicy].map((o) => stringify(o)).join('---\n'));

interface Case {
  readonly name: string;
  readonly files: readonly string[];
  readonly providers: readonly string[];
}
const CASES: readonly Case[] = [
  { name: 'three-tier-web', files: [join(root, 'policies/three-tier-web.yaml')], providers: [] },
  { name: 'air-quality', files: [join(root, 'policies/air-quality.yaml')], providers: [join(root, 'test/fixtures/air-quality/savi-sites.yaml')] },
  { name: 'synthetic-10', files: [syntheticFile], providers: [] },
];

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Wall seconds of one process run; throws when it fails. */
function timedRun(command: string, argv: readonly string[], env: NodeJS.ProcessEnv = childEnv): { sec: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(command, argv, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  const sec = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed (${r.status ?? r.signal}): ${(r.stderr ?? '').slice(-500)}`);
  return { sec, stdout: r.stdout };
}

function hasGlpsol(): boolean {
  return spawnSync('glpsol', ['--version'], { encoding: 'utf8' }).status === 0;
}

const round = (x: number): number => Number(x.toFixed(3));
const glpsol = hasGlpsol();
const loadBefore = loadavg();
const cpuBefore = cpuTimes();
const rows: Record<string, unknown>[] = [];

for (const c of CASES) {
  const cliArgs = [cli, 'optimize', '-f', ...c.files, ...(c.providers.length > 0 ? ['--providers', ...c.providers] : [])];
  const firstRun = timedRun(process.execPath, cliArgs).sec;
  const walls = Array.from({ length: runs }, () => timedRun(process.execPath, cliArgs).sec);
  const lp = join(work, `${c.name}.lp`);
  const phaseArgs = [phasesScript, ...c.files, ...(c.providers.length > 0 ? ['--providers', ...c.providers] : [])];
  const phases = Array.from({ length: runs }, (_, i) => {
    const r = timedRun(process.execPath, i === 0 ? [...phaseArgs, '--export-lp', lp] : phaseArgs);
    const parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number | string>;
    return { ...parsed, processSec: r.sec } as Record<string, number | string>;
  });
  const med = (key: string): number => round(median(phases.map((p) => Number(p[key]))));
  const glpk = glpsol ? round(median(Array.from({ length: runs }, () => timedRun('glpsol', ['--lp', lp]).sec))) : null;
  const first: Record<string, number | string> = phases[0] ?? {};
  rows.push({
    case: c.name,
    variables: first['variables'],
    constraints: first['constraints'],
    nonzeros: first['nonzeros'],
    objective: first['objective'],
    status: first['status'],
    cliFirstRunSec: round(firstRun),
    cliWallSec: round(median(walls)),
    cliWallMinSec: round(Math.min(...walls)),
    importSec: med('importSec'),
    inputsSec: med('inputsSec'),
    catalogSec: med('catalogSec'),
    buildSec: med('buildSec'),
    solverSec: med('solverSec'),
    afterSolveSec: med('afterSolveSec'),
    renderSec: med('renderSec'),
    phasesProcessSec: med('processSec'),
    glpsolSec: glpk,
  });
}

const validateFirstRun = timedRun(process.execPath, [cli, 'validate']).sec;
const validateWalls = Array.from({ length: runs }, () => timedRun(process.execPath, [cli, 'validate']).sec);
const helpWalls = Array.from({ length: runs }, () => timedRun(process.execPath, [cli, '--help']).sec);
const nodeStartWalls = Array.from({ length: runs }, () => timedRun(process.execPath, ['-e', '0']).sec);
const nodeStartWithEnvWalls = Array.from({ length: runs }, () => timedRun(process.execPath, ['-e', '0'], process.env).sec);
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadAverage1mBefore: round(loadBefore[0] ?? 0),
  loadAverage1mAfter: round(loadavg()[0] ?? 0),
  hostStealPercent: stealPercent(cpuBefore, cpuTimes()),
  runs,
  nodeExtraCaCerts: process.env['NODE_EXTRA_CA_CERTS'] === undefined ? 'not set' : keepEnv ? 'kept' : 'removed for the child processes',
  nodeStartSec: round(median(nodeStartWalls)),
  nodeStartWithEnvSec: round(median(nodeStartWithEnvWalls)),
  glpsol: glpsol ? spawnSync('glpsol', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : 'not installed',
  validateFirstRunSec: round(validateFirstRun),
  validateWallSec: round(median(validateWalls)),
  helpWallSec: round(median(helpWalls)),
  rows,
};
// A results file that cannot be written is reported; the figures are printed all the same.
const wrote = writeResults(out, result);

const table = new Table({
  head: ['case', 'vars', 'rows', 'CLI first s', 'CLI wall s', 'import', 'inputs', 'catalog', 'build', 'solver', 'after', 'render', 'glpsol s'],
});
for (const r of rows) {
  table.push(
    [
      'case',
      'variables',
      'constraints',
      'cliFirstRunSec',
      'cliWallSec',
      'importSec',
      'inputsSec',
      'catalogSec',
      'buildSec',
      'solverSec',
      'afterSolveSec',
      'renderSec',
      'glpsolSec',
    ].map((k) => String(r[k] ?? '–')),
  );
}
console.log(table.toString());
console.log(
  `validate ${result.validateWallSec} s (first ${result.validateFirstRunSec} s), --help ${result.helpWallSec} s, node -e 0 ${result.nodeStartSec} s (${result.nodeStartWithEnvSec} s with this shell's environment; NODE_EXTRA_CA_CERTS ${result.nodeExtraCaCerts}) (medians of ${runs}); load average ${result.loadAverage1mBefore} → ${result.loadAverage1mAfter} on ${result.cpus} cores; ${result.hostStealPercent === null ? 'host steal time unknown' : `${result.hostStealPercent} % of CPU time stolen by the host`}; ${wrote}`,
);

/** The system's CPU time counters (Linux /proc/stat, in clock ticks): all of them, and the time stolen by the host. */
function cpuTimes(): { total: number; steal: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((v) => !Number.isFinite(v))) return null;
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] as number };
  } catch {
    return null;
  }
}

/**
 * The share of CPU time the hypervisor gave to other guests while the benchmark ran: on a shared virtual machine the
 * same run takes up to twice as long when it is high, which no load average shows. Null where it cannot be read.
 */
function stealPercent(before: ReturnType<typeof cpuTimes>, after: ReturnType<typeof cpuTimes>): number | null {
  if (before === null || after === null || after.total <= before.total) return null;
  return round((100 * (after.steal - before.steal)) / (after.total - before.total));
}
