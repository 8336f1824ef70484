/**
 * Vitest global setup: compiles and bundles the sources before any test runs, so the CLI tests (which spawn
 * the bundle dist/cli/main.js in a child process, test/cli-path.ts) always run what the current sources build,
 * never a stale dist/.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default function setup(): void {
  // For iterating on one pure test file while the tree is mid-change elsewhere; CI never sets it.
  if (process.env['SKYCLUSTER_TEST_SKIP_BUILD'] === '1') return;
  const run = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run build failed before the tests:\n${run.stdout}\n${run.stderr}`);
}
