/**
 * The real operator process for fault and RBAC tests: spawns `node dist/cli/main.js controller run ...`
 * (the built CLI bundle, as a pod would run it) against a test API server, collects its JSON log lines, finds its
 * metrics port from the "caches synced" line, scrapes /metrics, and stops it by SIGTERM or SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI } from '../cli-path.js';
import { kubeconfigYaml } from '../kube/kube-client-helpers.js';
import type { KubeServerInfo } from '../kube/kube-server.js';

/** The built CLI (test/cli-path.ts). */
export { CLI };

/** One parsed log line of the operator (pino JSON). */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A running operator process. */
export interface OperatorProcess {
  readonly identity: string;
  readonly child: ChildProcess;
  /** Every JSON log line so far (stdout). */
  readonly logs: LogLine[];
  /** Non-JSON output (stderr and stray stdout lines). */
  readonly text: string[];
  /** Resolves with the metrics port once the caches synced. */
  readonly ready: Promise<number>;
  /** Resolves with the exit code (or signal name) once the process ended. */
  readonly exited: Promise<number | string>;
  /** The text of /metrics. */
  metrics(): Promise<string>;
  /** Sends a signal; resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

/** Writes a kubeconfig for `server` (a proxy URL may replace the server's) and `token` into a temp file. */
export function writeKubeconfig(info: KubeServerInfo, token: string, server = info.server): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skycluster-op-'));
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, kubeconfigYaml({ ...info, server }, token));
  return file;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/**
 * Starts `skycluster controller run` with `args` (after `--kubeconfig`, `--metrics-port 0` and
 * `--metrics-bind-address 127.0.0.1`), POD_NAME = identity.
 */
export function spawnOperator(kubeconfig: string, identity: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): OperatorProcess {
  const child = spawn(
    process.execPath,
    [CLI, 'controller', 'run', `--kubeconfig=${kubeconfig}`, '--metrics-port=0', '--metrics-bind-address=127.0.0.1', ...args],
    { env: { ...process.env, ...env, POD_NAME: identity, KUBECONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  live.add(child);
  const logs: LogLine[] = [];
  const text: string[] = [];
  let onReady: (port: number) => void = () => {};
  let onFail: (err: Error) => void = () => {};
  const ready = new Promise<number>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  ready.catch(() => {});
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const parsed = JSON.parse(line) as LogLine;
        logs.push(parsed);
        if (parsed.msg === 'caches synced' && typeof parsed['port'] === 'number') onReady(parsed['port']);
      } catch {
        text.push(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => text.push(chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      onFail(new Error(`operator ${identity} exited (${code ?? signal}) before it was ready: ${text.join('').slice(-2000)}`));
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  let port: number | undefined;
  void ready.then((p) => (port = p));
  return {
    identity,
    child,
    logs,
    text,
    ready,
    exited,
    async metrics() {
      const p = port ?? (await ready);
      return (await fetch(`http://127.0.0.1:${p}/metrics`)).text();
    },
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits for the operator to be ready; after `ms`, fails with its warnings and errors (what kept it from syncing). */
export async function readyWithin(p: OperatorProcess, ms = 20_000): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const worst = p.logs.filter((l) => (l.level ?? 0) >= 40).slice(-10);
      reject(new Error(`operator ${p.identity} not ready after ${ms} ms; last warnings: ${JSON.stringify(worst)} ${p.text.join('').slice(-1000)}`));
    }, ms);
  });
  try {
    return await Promise.race([p.ready, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The value of one sample in a Prometheus text exposition (`name{labels}`), 0 when absent. */
export function sample(metricsText: string, nameWithLabels: string): number {
  for (const line of metricsText.split('\n')) {
    if (line.startsWith(`${nameWithLabels} `)) return Number(line.slice(nameWithLabels.length + 1));
  }
  return 0;
}

/** The sum of every sample of `name` whose labels contain all of `labels` (e.g. `controller="policy"`). */
export function sampleSum(metricsText: string, name: string, ...labels: string[]): number {
  let sum = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.indexOf('} ');
    const lbl = line.slice(name.length + 1, close);
    if (labels.every((l) => lbl.includes(l))) sum += Number(line.slice(close + 2));
  }
  return sum;
}

/** Log lines that report a refused request (403), as the runtime logs them. */
export function forbiddenLines(logs: readonly LogLine[]): LogLine[] {
  return logs.filter((l) => l['status'] === 403 || /forbidden/i.test(JSON.stringify(l)));
}
