/**
 * The short-run commands' code cache (src/cli/code-cache.ts), in real CLI processes (dist/cli/main.js): made by a
 * first successful run, accepted by the next (V8 checks its flags, so this fails if the wasm tier's flags are not
 * set back: optimizer/solvers/wasm-tier-flags.ts), and never the reason a command fails or prints otherwise.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheDir } from '../src/cli/code-cache.js';
import { CLI, ROOT } from './cli-path.js';

function run(args: string[], cache: string): { code: number | null; stdout: string; stderr: string; said: string } {
  const env = { ...process.env, SKYCLUSTER_CODE_CACHE: cache, SKYCLUSTER_CODE_CACHE_DEBUG: '1' };
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  const said = /^code cache: .*$/m.exec(r.stderr)?.[0] ?? '';
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, said };
}

/** A plan's text without the solver's seconds. */
const untimed = (s: string): string => s.replace(/\d+\.\d+ s;/g, 's;');

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'skycluster-code-cache-'));

describe('the code cache of the short-run commands', () => {
  it('is written by a first optimize, accepted by the next, and the plan is the same', () => {
    const dir = freshDir();
    const first = run(['optimize', '-f', 'policies/three-tier-web.yaml'], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.said).toMatch(/: none, written$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.v8cache'))).toHaveLength(1);
    const second = run(['optimize', '-f', 'policies/three-tier-web.yaml'], dir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.said).toMatch(/: accepted$/);
    expect(untimed(second.stdout)).toBe(untimed(first.stdout));
    // validate has its own file: the functions of one command are not the other's.
    expect(run(['validate'], dir).said).toMatch(/-validate-.*: none, written$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.v8cache'))).toHaveLength(2);
  });

  it('is rejected when damaged, the command runs as without it, and a good one replaces it', () => {
    const dir = freshDir();
    const clean = run(['validate'], dir);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file ?? ''), Buffer.from('not V8 cached data at all'));
    const damaged = run(['validate'], dir);
    expect(damaged.said).toMatch(/: rejected, written$/);
    expect(damaged.code).toBe(0);
    expect(damaged.stdout).toBe(clean.stdout);
    expect(run(['validate'], dir).said).toMatch(/: accepted$/);
  });

  it("replaces the same command's files of older builds, and no other file", () => {
    const dir = freshDir();
    run(['validate'], dir);
    const [current] = readdirSync(dir);
    const older = (current ?? '').replace(/-[0-9a-f]{20}\.v8cache$/, '-00000000000000000000.v8cache');
    const otherNode = (current ?? '').replace(process.version, 'v0.0.0');
    expect(older).not.toBe(current);
    expect(otherNode).not.toBe(current);
    for (const f of [older, otherNode, 'unrelated.txt']) writeFileSync(join(dir, f), 'x');
    rmSync(join(dir, current ?? ''));
    expect(run(['validate'], dir).said).toMatch(/: none, written$/);
    expect(readdirSync(dir).sort()).toEqual([current, otherNode, 'unrelated.txt'].sort());
  });

  it('is not written by a failed run, nor when off, nor where it cannot be, and never fails the command', () => {
    const dir = freshDir();
    const failed = run(['validate', '-f', 'no-such-file.yaml'], dir);
    expect(failed.code).toBe(1);
    expect(failed.said).toMatch(/: none, not written \(exit code 1\)$/);
    expect(readdirSync(dir)).toEqual([]);
    const off = run(['validate'], 'off');
    expect(off.code).toBe(0);
    expect(off.said).toBe('code cache: off: off');
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const blocked = run(['validate'], join(blocker, 'cache'));
    expect(blocked.code).toBe(0);
    expect(blocked.said).toMatch(/: none, not written \(.+\)$/);
  });

  it("lives in the user's cache directory unless told otherwise", () => {
    expect(codeCacheDir({ HOME: '/home/u', XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'skycluster', 'code-cache'));
    expect(codeCacheDir({ SKYCLUSTER_CODE_CACHE: '/c' })).toBe('/c');
    expect(codeCacheDir({ SKYCLUSTER_CODE_CACHE: 'off' })).toBeNull();
    expect(codeCacheDir({ XDG_CACHE_HOME: '' })).toMatch(/\.cache[\\/]skycluster[\\/]code-cache$/);
  });
});
