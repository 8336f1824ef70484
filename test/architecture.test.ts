/**
 * The repository's shape is checked like its behaviour: the import rule of the architecture
 * (.dependency-cruiser.cjs) and the formatter (prettier, .prettierrc.json) run here, so CI fails on either.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string): string => path.join(ROOT, 'node_modules', '.bin', name);

describe('architecture', () => {
  it('the core never imports the CLI, controllers, benchmarks or tests (dependency-cruiser)', () => {
    const run = spawnSync(
      bin('depcruise'),
      ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'src', 'optimizer', 'controllers', 'providers', 'benchmarks', 'test'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.stdout + run.stderr).not.toMatch(/error /);
    expect(run.status).toBe(0);
  });

  it('every TypeScript source is formatted (prettier --check)', () => {
    const run = spawnSync(bin('prettier'), ['--check', '--log-level', 'warn', '**/*.{ts,mjs}'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
