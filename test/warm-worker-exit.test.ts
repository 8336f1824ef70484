/**
 * A process whose warm solver worker is still alive exits as soon as its own work is done (the worker is
 * unref'd): spawns node on the built solvers (dist/optimizer/solvers) and on the CLI, each with a time limit
 * far above what the run needs, and checks that they end on their own, quickly, with the right answer.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOLVERS = join(ROOT, 'dist', 'optimizer', 'solvers', 'index.js');

/** A 30-item knapsack, solved in the warm worker (the in-thread path is turned off). */
const SCRIPT = `
import { createHighsBackend } from ${JSON.stringify(SOLVERS)};
const n = 30;
const model = {
  name: 'exit_check',
  variables: Array.from({ length: n }, (_, j) => ({ name: 'x' + j, type: 'binary', lb: 0, ub: 1 })),
  objective: { vars: Array.from({ length: n }, (_, j) => j), coefs: Array.from({ length: n }, (_, j) => -(j % 7) - 1), constant: 0 },
  constraints: [{ name: 'cap', vars: Array.from({ length: n }, (_, j) => j), coefs: Array.from({ length: n }, (_, j) => (j % 5) + 1), lb: -Infinity, ub: 20 }],
};
const r = await createHighsBackend({ worker: 'warm', inThread: false }).solve(model, { timeLimitSec: 600, mipRelGap: 0 });
console.log(r.status, r.objective ?? r.message);
`;

describe('warm worker and process exit', () => {
  it('a library user exits at once after a warm-worker solve with a 600 s limit', () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 30_000 });
    const sec = (performance.now() - t) / 1000;
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^optimal -\d+$/);
    expect(sec).toBeLessThan(10);
  });

  it('the CLI exits after optimizing a medium example (warm worker) with a 10 min limit', () => {
    const args = [
      CLI,
      'optimize',
      '-f',
      'policies/air-quality.yaml',
      '--providers',
      'test/fixtures/air-quality/savi-sites.yaml',
      '--time-limit',
      '10m',
      '-o',
      'json',
    ];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { status: { solver: { status: string } } }).status.solver.status).toBe('Optimal');
  });
});
