/**
 * `skycluster optimize` end to end, across a process boundary: the README's main job (the bundled example on the
 * bundled catalog), YAML output that is a valid Plan, --export-lp, registered edge sites, and every bad flag or
 * infeasible input with the exact message and exit code 1, never a stack trace. The bad inputs and outputs run
 * the same command in this process (test/cli-in-process.ts: no Node start and module load per case); the
 * successful runs, the notes and commander's own refusal stay real processes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PlanSchema } from '../src/api/plan.js';
import { runCliInProcess } from './cli-in-process.js';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STACK = /^\s+at .+:\d+:\d+|node:internal|internal error/m;
let tmp = '';

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'optimize', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(r.stdout).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(STACK);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** `skycluster optimize ...args` in this process: the same output and exit code. */
const runHere = (args: string[]) => runCliInProcess(['optimize', ...args]);

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm install does it)`);
  tmp = mkdtempSync(join(tmpdir(), 'skycluster-opt-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('skycluster optimize', () => {
  it('runs the bundled example by default and prints a proven-optimal plan with totals and reasons', () => {
    const r = run([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Plan three-tier-web-plan \(revision 1\) for three-tier-web: Optimal — optimal; solver highs/m);
    expect(r.stdout).toMatch(/^Total [\d,.]+ USD = compute [\d,.]+ \+ cluster fees [\d,.]+ \(\d cluster\(s\)\) \+ transfer [\d,.]+$/m);
    expect(r.stdout).toContain('Why:');
    expect(r.stdout).toMatch(/^Prices: .*\(\d{4}-\d{2}-\d{2}\)/m);
  }, 120_000);

  it('-o yaml prints a Plan object that passes the Plan schema, and --export-lp writes the model', () => {
    const lp = join(tmp, 'model.lp');
    const r = run(['-f', 'policies/gpu-pipeline.yaml', '-o', 'yaml', '--export-lp', lp]);
    expect(r.code).toBe(0);
    const plan = PlanSchema.parse(parse(r.stdout));
    expect(plan.status?.solver?.status).toBe('Optimal');
    expect(plan.spec.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.spec.placements.every((p) => p.id === `${p.component}@${p.platform}/${p.region}/${p.zone}`)).toBe(true);
    expect(plan.spec.placements.length).toBeGreaterThan(0);
    const total = plan.spec.costs.computeUsd + plan.spec.costs.clusterFeesUsd + plan.spec.costs.transferUsd;
    expect(plan.spec.costs.totalUsd).toBeCloseTo(total, 4);
    const text = readFileSync(lp, 'utf8');
    expect(text).toMatch(/^Minimize/m);
    expect(text).toMatch(/^Subject To/m);
    expect(text).toMatch(/^End/m);
  }, 120_000);

  it('reads registered edge sites with --providers', () => {
    const r = run(['-f', 'policies/air-quality.yaml', '--providers', 'test/fixtures/air-quality/savi-sites.yaml', '-o', 'json']);
    expect(r.code).toBe(0);
    const plan = PlanSchema.parse(JSON.parse(r.stdout));
    expect(
      plan.spec.placements
        .filter((p) => p.component === 'collector-edge')
        .map((p) => p.region)
        .sort(),
    ).toEqual(['SCINET', 'VAUGHAN', 'toronto']);
  }, 120_000);

  it.each([
    // a time limit that is not a duration
    [['--time-limit', 'soon'], '--time-limit: expected a duration like 15ms, 2s or 730h, got "soon"'],
    // a gap that is not a fraction or percentage
    [['--gap', '5 percent'], '--gap: expected a gap like 0.1% or 0.001, got "5 percent"'],
    // a zero horizon
    [['--horizon', '0h'], '--horizon: must be positive'],
    // a file that does not exist
    [['-f', 'no/such.yaml'], 'no/such.yaml: cannot read: no such file or directory'],
    // SkyCluster's air-quality app without its edge sites registered
    [
      ['-f', 'policies/air-quality.yaml'],
      'policies/air-quality.yaml document 2 (DeploymentPolicy/pipeline-testcase2): spec.deploymentPolicies[0]: collector-edge: no candidate location: no registered location matches locationConstraint.permitted (platform baremetal or platform openstack)',
    ],
    // an InstanceType whose ProviderProfile is missing
    [
      ['-f', 'policies/three-tier-web.yaml', '--providers', 'test/fixtures/skycluster/instancetype-savi-scinet.yaml'],
      'test/fixtures/skycluster/instancetype-savi-scinet.yaml document 1 (InstanceType/savi-scinet-default-instance-types): spec.providerRef: no ProviderProfile named "savi-scinet-default" was given (known: none)',
    ],
  ])(
    'rejects %j with a clear message and exit code 1',
    async (args, line) => {
      const r = await runHere(args);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')).toContain(line);
    },
    120_000,
  );

  it.each([
    // issue 10: outputs are checked before the work, with the reason, exit 1 (never an internal error)
    [['--export-lp', '/proc/x.lp'], '--export-lp: cannot write /proc/x.lp: no such file or directory'],
    [['--export-lp', '/nonexistent-dir/m.lp'], '--export-lp: cannot write /nonexistent-dir/m.lp: directory /nonexistent-dir does not exist'],
    [['--export-lp', '.'], '--export-lp: cannot write .: is a directory'],
  ])('checks outputs before the work: %j', async (args, line) => {
    const r = await runHere(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toContain(line);
  });

  it('prints every note: on stderr for table output, in status.issues for -o json (issue 10)', () => {
    const args = ['-f', 'policies/air-quality.yaml', '--providers', 'test/fixtures/air-quality/savi-sites.yaml'];
    const note =
      'policies/air-quality.yaml document 2 (DeploymentPolicy/pipeline-testcase2): note: spec.deploymentPolicies[1].virtualServiceConstraint[0].anyOf[0].name: "ManagedKubernetes" is not a compute profile like 4vCPU-16GB; read as a service name that constrains no flavor';
    const table = run(args);
    expect(table.code).toBe(0);
    expect(table.stderr.split('\n')).toContain(note);
    const json = run([...args, '-o', 'json']);
    expect(json.code).toBe(0);
    const plan = PlanSchema.parse(JSON.parse(json.stdout));
    expect(plan.status?.issues).toContainEqual({
      severity: 'note',
      object: 'DeploymentPolicy/pipeline-testcase2',
      path: 'spec.deploymentPolicies[1].virtualServiceConstraint[0].anyOf[0].name',
      message:
        '"ManagedKubernetes" is not a compute profile like 4vCPU-16GB; read as a service name that constrains no flavor (policies/air-quality.yaml document 2)',
    });
  }, 120_000);

  it('run in a process older than its --time-limit, counts the limit from its own start (command-clock.ts)', async () => {
    // The process has lived past the limit before the command starts: counted from the process start, the limit
    // would be spent before the first candidate is built.
    while (performance.now() < 2500) await new Promise((r) => setTimeout(r, 50));
    const r = await runHere(['-f', 'policies/three-tier-web.yaml', '--time-limit', '2s']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Plan three-tier-web-plan \(revision 1\) for three-tier-web: Optimal/);
  });

  it('rejects an unknown solver name before doing any work', () => {
    const r = run(['--solver', 'cplex']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: option '--solver <name>' argument 'cplex' is invalid. Allowed choices are highs, glpk, lpsolve.");
  });
});
