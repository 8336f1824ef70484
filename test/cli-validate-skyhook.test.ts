/**
 * `skycluster validate -f` on Skyhook files, end to end: Skyhook's own examples pass, a file the operator
 * refuses exits 1 with its verdicts, a file it admits but fails on later exits 0 with warnings (1 under
 * --strict), and a dependency cycle is named with its path.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'skyhook');
const dir = mkdtempSync(join(tmpdir(), 'skyhook-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, [CLI, 'validate', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, lines: r.stdout.split('\n').filter((l) => l !== '') };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('skycluster validate on Skyhook objects', () => {
  // One run per file: two of the examples share the name demo, which one run rightly reports as a clash.
  it.each([
    'example-simple-scr.yaml',
    'example-depends-on-skyhook.yaml',
    'example-runtime-required-skyhook.yaml',
    'example-interrupt-wait-for-pod-scr.yaml',
  ])("accepts Skyhook's example %s unchanged", (name) => {
    const r = run('-f', join(FIXTURES, name));
    expect(r.lines).toEqual([`1 object(s) read from ${join(FIXTURES, name)}; 0 error(s)`]);
    expect(r.code).toBe(0);
  });

  it('refuses what the operator refuses, naming each field', () => {
    const p = file(
      'bad.yaml',
      [
        'apiVersion: skyhook.nvidia.com/v1alpha1',
        'kind: Skyhook',
        'metadata: {name: bad}',
        'spec:',
        '  nodeSelectors: {matchLabels: {pool: gpu}}',
        '  packages:',
        '    driver:',
        '      version: "2024/07/06"',
        '      image: nvcr.io/driver',
        '',
      ].join('\n'),
    );
    const r = run('-f', p);
    expect(r.lines).toEqual([
      `${p} document 1 (Skyhook/bad): spec.packages.driver.version: version "2024/07/06" is not a version the operator accepts: semver like 1.2.3 (also v1.2.3, 1.2, 1, 1.2.3-rc.1)`,
      `0 object(s) read from ${p}; 1 error(s)`,
    ]);
    expect(r.code).toBe(1);
  });

  it('warns about a dependency cycle with its path; --strict makes it an error', () => {
    const p = file(
      'cycle.yaml',
      [
        'apiVersion: skyhook.nvidia.com/v1alpha1',
        'kind: Skyhook',
        'metadata: {name: cycle}',
        'spec:',
        '  nodeSelectors: {matchLabels: {pool: gpu}}',
        '  packages:',
        '    aa: {version: "1.0.0", image: i, dependsOn: {bb: "1.0.0"}}',
        '    bb: {version: "1.0.0", image: i, dependsOn: {aa: "1.0.0"}}',
        '',
      ].join('\n'),
    );
    const message = `${p} document 1 (Skyhook/cycle): warning: spec.packages.aa.dependsOn: dependency cycle: aa → bb → aa; the operator admits it, and these packages never become ready to apply`;
    const lax = run('-f', p);
    expect(lax.lines).toEqual([message, `1 object(s) read from ${p}; 0 error(s), 1 warning(s)`]);
    expect(lax.code).toBe(0);
    const strict = run('--strict', '-f', p);
    expect(strict.lines).toEqual([message.replace('warning: ', ''), `0 object(s) read from ${p}; 1 error(s)`]);
    expect(strict.code).toBe(1);
  });
});
