/**
 * Runs `skycluster ...args` inside the test process: the same command table and lazy commands as
 * src/cli/main.ts, with console and process.stdout/stderr captured, process.env overlaid and process.exitCode
 * read and restored. For tests whose claim is what a command prints and which exit code it sets; a spawned CLI
 * costs a Node start and a fresh load of every module and of the catalog (about 1 s of CPU each), this costs
 * the command's own work. What only a real process shows (the exit status the shell sees, nothing printed as a
 * stack trace by Node itself, stdin and pipes) stays with the spawned runs of each command family.
 *
 * The captures are process-wide, so calls made at once (Promise.all) run one after another, in call order.
 */
import { Command } from 'commander';
import { expect } from 'vitest';
import { startCommandClock } from '../src/cli/command-clock.js';
import { COMMANDS } from '../src/cli/command-table.js';
import { lazyCommand } from '../src/cli/lazy-command.js';

const STACK = /^\s+at .+:\d+:\d+|node:internal|internal error/m;

/** What one CLI run printed and returned. */
export interface InProcessRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs the CLI in this process with `env` overlaid on process.env (an empty string value is kept as ''). */
export function runCliInProcess(args: readonly string[], env: Record<string, string> = {}): Promise<InProcessRun> {
  const run = queue.then(() => runNow(args, env));
  queue = run.catch(() => undefined);
  return run;
}

async function runNow(args: readonly string[], env: Record<string, string>): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const line = (parts: unknown[]): string => `${parts.map((p) => (typeof p === 'string' ? p : String(p))).join(' ')}\n`;
  const saved = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    out: process.stdout.write,
    err: process.stderr.write,
    exitCode: process.exitCode,
    env: Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]])),
  };
  const writer =
    (sink: (s: string) => void) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    };
  console.log = console.info = (...p: unknown[]) => void (stdout += line(p));
  console.warn = console.error = (...p: unknown[]) => void (stderr += line(p));
  process.stdout.write = writer((s) => (stdout += s)) as typeof process.stdout.write;
  process.stderr.write = writer((s) => (stderr += s)) as typeof process.stderr.write;
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
  process.exitCode = undefined;
  // A command's --time-limit counts from its own start, not from this long-lived process's.
  startCommandClock();
  let code: number | null;
  try {
    const program = new Command('skycluster').description('optimization-driven multi-cloud placement engine').showHelpAfterError();
    for (const spec of COMMANDS) program.addCommand(lazyCommand(spec));
    try {
      await program.parseAsync(['node', 'skycluster', ...args]);
    } catch (err) {
      // As main.ts: a thrown error is an internal error, exit 2.
      stderr += `skycluster: internal error: ${(err as Error).message}\n`;
      process.exitCode = 2;
    }
    const c = process.exitCode as number | string | undefined;
    code = c === undefined ? 0 : Number(c);
  } finally {
    console.log = saved.log;
    console.info = saved.info;
    console.warn = saved.warn;
    console.error = saved.error;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exitCode = saved.exitCode;
    for (const [k, v] of Object.entries(saved.env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  expect(stdout).not.toMatch(STACK);
  expect(stderr).not.toMatch(STACK);
  return { code, stdout, stderr };
}
