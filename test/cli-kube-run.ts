/**
 * Shared by the test/cli-kube-*.test.ts files: runs the built CLI (the bundle, test/cli-path.ts) in a child process
 * with a kubeconfig file of a test API server, and checks that nothing it prints is a stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CLI, ROOT } from './cli-path.js';
import type { KubeTestEnv } from './kube/kube-test-env.js';

export { CLI, ROOT };
const STACK = /^\s+at .+:\d+:\d+|node:internal|internal error/m;

/** What one CLI run printed and returned. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Kubeconfig files of a test server in a temp dir: admin, restricted (no permissions) and an unreachable one. */
export interface Kubeconfigs {
  readonly dir: string;
  readonly admin: string;
  readonly restricted: string;
  readonly unreachable: string;
}

/** Writes the kubeconfig files. */
export function writeKubeconfigs(kube: KubeTestEnv, prefix: string): Kubeconfigs {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return {
    dir,
    admin: file('admin.kubeconfig', kube.kubeconfig(kube.info.adminToken)),
    restricted: file('restricted.kubeconfig', kube.kubeconfig(kube.info.users['restricted']?.token ?? '')),
    unreachable: file('dead.kubeconfig', kube.kubeconfig(kube.info.adminToken).replace(kube.info.server, 'https://127.0.0.1:1')),
  };
}

/** Runs `skycluster ...args` with HOME in `home` and no KUBECONFIG from the environment. */
export function runCli(args: readonly string[], home: string, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, HOME: home, KUBECONFIG: '' },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    if (stdin !== undefined) child.stdin?.end(stdin);
    child.on('close', (code) => {
      expect(stdout).not.toMatch(STACK);
      expect(stderr).not.toMatch(STACK);
      resolve({ code, stdout, stderr });
    });
  });
}
