/**
 * `skycluster validate` end to end, across a process boundary: spawns the built CLI (dist/cli/main.js)
 * and checks exit codes, the exact lines on stdout, and that no stack trace ever reaches the user.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'skycluster');

const SERVED =
  'policy.skycluster.io/v1alpha1 DeploymentPolicy, policy.skycluster.io/v1alpha1 DataflowPolicy, ' +
  'core.skycluster.io/v1alpha1 ProviderProfile, core.skycluster.io/v1alpha1 InstanceType, core.skycluster.io/v1alpha1 DeviceNode, ' +
  'core.skycluster.io/v1alpha1 Plan, core.skycluster.io/v1alpha1 Atlas, core.skycluster.io/v1alpha1 Harbor';

/** Lines that look like a JavaScript stack trace or an uncaught error. */
const STACK = /^\s+at .+(:\d+:\d+\)?|\(node:internal)|^\w*Error: |node:internal|internal error/m;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

function run(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [CLI, 'validate', ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter((l) => l !== '') };
}

/** Every run is checked for stack traces, on both streams. */
function expectNoStackTrace(r: Run): void {
  expect(r.stdout).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(STACK);
}

const BAD_POLICY = `apiVersion: policy.skycluster.io/v1alpha1
kind: DataflowPolicy
metadata:
  name: bad
spec:
  dataDependencies:
    - from: {name: a}
      to: {name: b}
      latency: 15 parsecs
`;
const BAD_LINE =
  'bad.yaml document 1 (DataflowPolicy/bad): spec.dataDependencies[0].latency: expected a duration like 15ms, 2s or 730h, got string "15 parsecs"';

let tmp = '';

beforeAll(() => {
  // `npm install` builds dist/ (prepare runs `npm run build`); build it here when it is missing.
  if (!existsSync(CLI)) {
    // Other folders may have transient type errors; tsc still emits, so only the output file matters.
    spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
      cwd: ROOT,
      stdio: 'ignore',
      timeout: 300_000,
    });
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing and could not be built: run npm run build`);
  tmp = mkdtempSync(join(tmpdir(), 'skycluster-cli-'));
  writeFileSync(join(tmp, 'bad.yaml'), BAD_POLICY);
  writeFileSync(join(tmp, 'syntax.yaml'), 'apiVersion: v1\nkind: [\n');
  mkdirSync(join(tmp, 'empty'));
  mkdirSync(join(tmp, 'good'));
  writeFileSync(join(tmp, 'good', 'web.yaml'), readFileSync(join(ROOT, 'policies', 'three-tier-web.yaml')));
  writeFileSync(join(tmp, 'good', 'README.md'), 'not yaml: ignored in a directory');
}, 300_000);

afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

describe('skycluster validate (spawned CLI)', () => {
  it('exit 0 for the bundled policies folder', () => {
    const r = run(['-f', 'policies']);
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toBe('6 object(s) read from policies; 0 error(s)');
    expect(r.lines.filter((l) => !l.includes(': note: ')).slice(0, -1)).toEqual([]);
  });

  it('exit 0 with no -f: validates the bundled policies', () => {
    const r = run([]);
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toMatch(/^6 object\(s\) read from .*policies; 0 error\(s\)$/);
  });

  it('--quiet prints only errors (the ManagedKubernetes notes are hidden)', () => {
    const loud = run(['-f', 'policies/air-quality.yaml']);
    const quiet = run(['-q', '-f', 'policies/air-quality.yaml']);
    expect(loud.lines.filter((l) => l.includes('note: '))).toHaveLength(6);
    expect(quiet.lines, JSON.stringify(quiet)).toEqual(['2 object(s) read from policies/air-quality.yaml; 0 error(s)']);
    expect(quiet.code).toBe(0);
  });

  it('exit 1 for a bad file, with the exact error line on stdout', () => {
    const r = run(['-f', 'bad.yaml'].map((a) => (a === 'bad.yaml' ? join(tmp, a) : a)));
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      `${join(tmp, 'bad.yaml')}${BAD_LINE.slice('bad.yaml'.length)}`,
      `0 object(s) read from ${join(tmp, 'bad.yaml')}; 1 error(s)`,
    ]);
  });

  it('exit 1 for a YAML syntax error, with its line number', () => {
    const file = join(tmp, 'syntax.yaml');
    const r = run(['-f', file]);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} document 1: YAML syntax error at line \\d+: `));
  });

  it('reads standard input with -f - (good: exit 0)', () => {
    const r = run(['-f', '-'], readFileSync(join(ROOT, 'policies', 'gpu-pipeline.yaml'), 'utf8'));
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(['2 object(s) read from -; 0 error(s)']);
  });

  it('reads standard input with -f - (bad: exit 1, the file is shown as -)', () => {
    const r = run(['-f', '-'], BAD_POLICY);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([`-${BAD_LINE.slice('bad.yaml'.length)}`, '0 object(s) read from -; 1 error(s)']);
  });

  it('empty standard input: nothing to validate, exit 0', () => {
    const r = run(['-f', '-'], '');
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(['0 object(s) read from -; 0 error(s)']);
  });

  it('a directory: reads its YAML files recursively, skips other files (exit 0)', () => {
    const dir = join(tmp, 'good');
    const r = run(['-f', dir]);
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([`2 object(s) read from ${dir}; 0 error(s)`]);
  });

  it("a directory with SkyCluster's references: the DeviceNode trailer is the one error (exit 1)", () => {
    const r = run(['-q', '-f', 'test/fixtures/skycluster']);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      `test/fixtures/skycluster/devicenode-savi-toronto-edge-gw.yaml document 2 (?/?): missing apiVersion and kind; expected one of: ${SERVED}`,
      '12 object(s) read from test/fixtures/skycluster; 1 error(s)',
    ]);
    expect(existsSync(FIXTURES)).toBe(true);
  });

  it('several -f: files, folders and stdin together, checked as one set (the same policies twice are an error)', () => {
    const r = run(
      ['-f', 'policies/three-tier-web.yaml', '-f', join(tmp, 'good'), '-f', '-'],
      readFileSync(join(ROOT, 'policies', 'gpu-pipeline.yaml'), 'utf8'),
    );
    expectNoStackTrace(r);
    // good/web.yaml is a copy of three-tier-web.yaml: its two objects are each defined twice
    expect(r.code).toBe(1);
    expect(r.lines).toContain(
      `${join(tmp, 'good', 'web.yaml')} document 1 (DeploymentPolicy/three-tier-web): metadata.name: DeploymentPolicy/three-tier-web is defined twice: here and in policies/three-tier-web.yaml document 1; one would replace the other (rename or remove one)`,
    );
    expect(r.lines.at(-1)).toBe(`6 object(s) read from policies/three-tier-web.yaml, ${join(tmp, 'good')}, -; 2 error(s)`);
  });

  it('a missing path: a clear message, exit 1, no stack trace', () => {
    const r = run(['-f', 'does-not-exist.yaml']);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(['does-not-exist.yaml: cannot read: no such file or directory', '0 object(s) read from does-not-exist.yaml; 1 error(s)']);
    expect(r.stderr).toBe('');
  });

  it('an empty directory: a clear message, exit 1', () => {
    const dir = join(tmp, 'empty');
    const r = run(['-f', dir]);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([`${dir}: directory holds no .yaml, .yml or .json file`, `0 object(s) read from ${dir}; 1 error(s)`]);
  });

  it('pathological input (20,000 nested brackets) is refused without a crash', () => {
    const r = run(['-f', '-'], `${'['.repeat(20_000)}${']'.repeat(20_000)}\n---\n${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      '- document 1: YAML nesting deeper than 100 levels (document starting at line 1); not read',
      '- document 2: YAML nesting deeper than 100 levels (document starting at line 2); not read',
      '0 object(s) read from -; 2 error(s)',
    ]);
  });

  it('-f /dev/zero stops at the byte limit at once: exit 1, no memory growth (issue 10)', () => {
    const r = run(['-f', '/dev/zero']);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(['/dev/zero: larger than the input limit of 32 MiB; not read', '0 object(s) read from /dev/zero; 1 error(s)']);
  });

  it('130,000 small documents: refused at the document limit, exit 1, no stack overflow (issue 10)', () => {
    const file = join(tmp, 'many.yaml');
    // null documents: no line each, so the limit's line is the one error
    writeFileSync(file, Array.from({ length: 130_000 }, () => '~').join('\n---\n'));
    const r = run(['-f', file, '-q']);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.lines).toContain(
      `${file} document 10001: more than 10000 documents in one run (the limit); this document and the rest of the file are not read`,
    );
  }, 60_000);

  it.each([
    // issue 10: bench checks its outputs and inputs before any work, exit 1 with the reason
    [['--out', '/proc/skycluster/out'], 'skycluster bench: --out: cannot write to /proc/skycluster/out: no such file or directory'],
    [
      ['--out', 'package.json'],
      `skycluster bench: --out: cannot write to ${join(ROOT, 'package.json')}: ${join(ROOT, 'package.json')} is a file, not a directory`,
    ],
    [['--suites-dir', '/nonexistent'], 'skycluster bench: --suites-dir: cannot read /nonexistent: no such file or directory'],
  ])('bench %j is refused before the work', (args, line) => {
    const r = spawnSync(process.execPath, [CLI, 'bench', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')).toContain(line);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('a usage error (-f without a path) is reported by the CLI, not as a stack trace', () => {
    const r = run(['-f']);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: option '-f, --filename <path...>' argument missing");
  });
});
