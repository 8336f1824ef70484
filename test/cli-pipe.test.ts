/** A reader that closes the pipe early (`skycluster … | head -1`) must not turn into a stack trace. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('skycluster writing into a closed pipe', () => {
  it('optimize | head -1 prints the first line and no EPIPE trace', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" optimize -o yaml | head -1`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('apiVersion: core.skycluster.io/v1alpha1\n');
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at .*node:internal/);
    expect(r.status).toBe(0);
  }, 60_000);
});
