/**
 * Runs one solver job in a fresh worker thread with a hard wall-clock kill (large models; small and medium
 * ones go to the warm worker of warm-worker.ts, which shares {@link RunCollector} and the entry file).
 *
 * Why a worker: all three libraries solve synchronously and would block the event loop; GLPK's `tmlim`
 * and javascript-lp-solver's `timeout` are soft (checked between nodes only), and HiGHS' wasm memory is
 * only reliably returned by dropping the whole instance. A fresh worker per solve gives a fresh wasm
 * instance (no leak can accumulate) and `worker.terminate()` stops even a busy wasm loop within milliseconds.
 *
 * Worker entry: solver-worker.mjs, plain JavaScript beside this file, resolved from this module's URL.
 * tsc does not copy .mjs files, so when running from dist/ (dist/optimizer/solvers/worker-runner.js) the
 * file is looked up at the same place in dist first and then in the source tree
 * (../../../optimizer/solvers/solver-worker.mjs). A packaged build that ships dist/ only must copy the
 * file next to the compiled module (e.g. `cp optimizer/solvers/solver-worker.mjs dist/optimizer/solvers/`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { WorkerDone, WorkerJob, WorkerMessage } from './worker-protocol.js';

const WORKER_FILE = 'solver-worker.mjs';

/** setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days): cap the hard timer there. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Candidate locations of the worker entry, in the order they are tried. */
export function workerCandidates(): URL[] {
  return [new URL(`./${WORKER_FILE}`, import.meta.url), new URL(`../../../optimizer/solvers/${WORKER_FILE}`, import.meta.url)];
}

/** The worker entry file, or null when it cannot be found (see the module comment). */
export function resolveWorkerFile(): string | null {
  for (const url of workerCandidates()) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  return null;
}

/** Default grace period: 20 % of the limit, at least 5 s and at most 60 s. */
export function defaultGraceSec(timeLimitSec: number): number {
  return Math.min(60, Math.max(5, 0.2 * timeLimitSec));
}

/** Everything observed during one worker run. */
export interface WorkerRun {
  /** The worker's final report, or null when it was killed or failed first. */
  readonly done: WorkerDone | null;
  /** The worker's own failure report or a worker-level error (crash, out of memory), or null. */
  readonly failure: { readonly message: string; readonly code: string | null } | null;
  /** Last incumbent streamed before the end (HiGHS only), or null. */
  readonly incumbent: { readonly objective: number; readonly values: Float64Array } | null;
  /** Best bound streamed so far (the greatest one: bounds only improve), or null. */
  readonly bound: number | null;
  /** True when the hard timer terminated the worker. */
  readonly killed: boolean;
  /** Wall-clock seconds from spawning the worker to its exit. */
  readonly wallSec: number;
  /** Last lines the worker wrote to stderr (diagnostics for crashes). */
  readonly stderrTail: string;
}

/**
 * What the messages of one job say, accumulated (shared by the fresh and the warm worker): the final report,
 * a failure, the last streamed incumbent and the best streamed bound.
 */
export class RunCollector {
  private done: WorkerDone | null = null;
  private failure: WorkerRun['failure'] = null;
  private incumbent: WorkerRun['incumbent'] = null;
  private bound: number | null = null;
  private stderrTail = '';

  /** Takes one worker message; returns true when it ends the job ('done' or 'failed'). */
  onMessage(msg: WorkerMessage): boolean {
    switch (msg.kind) {
      case 'incumbent':
        this.incumbent = { objective: msg.objective, values: msg.values };
        this.noteBound(msg.bound);
        return false;
      case 'progress':
        this.noteBound(msg.bound);
        return false;
      case 'done':
        this.done = msg.done;
        return true;
      case 'failed':
        this.failure = { message: msg.message, code: msg.code };
        return true;
    }
  }

  /** Records a worker-level error (uncaught exception, out of memory) unless the worker reported one itself. */
  onError(error: Error & { code?: unknown }): void {
    this.failure ??= { message: error.message, code: typeof error.code === 'string' ? error.code : null };
  }

  /** Keeps the last 2,000 characters the worker wrote to stderr. */
  onStderr(chunk: string): void {
    this.stderrTail = (this.stderrTail + chunk).slice(-2000);
  }

  /** The run as seen so far. */
  result(killed: boolean, wallSec: number): WorkerRun {
    const { done, failure, incumbent, bound } = this;
    return { done, failure, incumbent, bound, killed, wallSec, stderrTail: this.stderrTail.trim() };
  }

  private noteBound(b: number | null): void {
    if (b !== null && Number.isFinite(b)) this.bound = this.bound === null ? b : Math.max(this.bound, b);
  }
}

/**
 * Node options for a solver worker: the parent's, minus `--input-type` (meant for `node -e` input; a worker
 * started with it fails to load its entry file).
 */
export function workerExecArgv(): string[] {
  return process.execArgv.filter((a) => !a.startsWith('--input-type'));
}

/**
 * Starts a solver worker with {@link workerExecArgv}. Node refuses per-process options in a worker's execArgv
 * (e.g. `node --max-semi-space-size=64`: ERR_WORKER_INVALID_EXEC_ARGV); the worker then starts with none of the
 * parent's options rather than failing the solve (the solver worker needs no loader or flag to run).
 */
export function startSolverWorker(file: string, options: Omit<WorkerOptions, 'execArgv'>): Worker {
  try {
    return new Worker(file, { ...options, execArgv: workerExecArgv() });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(file, { ...options, execArgv: [] });
  }
}

/** The hard timer's delay for a limit in seconds (clamped to what setTimeout accepts). */
export function hardTimerMs(hardLimitSec: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, hardLimitSec * 1000));
}

/** The run reported when the worker entry file cannot be found. */
export function missingWorkerRun(): WorkerRun {
  const where = workerCandidates()
    .map((u) => fileURLToPath(u))
    .join(' or ');
  return {
    done: null,
    failure: { message: `solver worker script not found (looked for ${where})`, code: 'ENOENT' },
    incumbent: null,
    bound: null,
    killed: false,
    wallSec: 0,
    stderrTail: '',
  };
}

/**
 * Spawns a fresh worker for `job`, collects its messages, and terminates it after `hardLimitSec` seconds.
 * Never rejects: every failure is reported in the returned {@link WorkerRun}.
 */
export function runSolverWorker(job: WorkerJob, hardLimitSec: number, transferList: ArrayBuffer[] = [], onPosted?: () => void): Promise<WorkerRun> {
  const started = performance.now();
  const file = resolveWorkerFile();
  if (file === null) return Promise.resolve(missingWorkerRun());
  return new Promise((resolve) => {
    const run = new RunCollector();
    let killed = false;
    let worker: Worker;
    try {
      worker = startSolverWorker(file, { workerData: job, transferList, stdout: true, stderr: true });
    } catch (error) {
      run.onError(error instanceof Error ? error : new Error(String(error)));
      resolve(run.result(false, 0));
      return;
    }
    worker.stdout.resume(); // discard: no backend is expected to print
    worker.stderr.setEncoding('utf8');
    worker.stderr.on('data', (chunk: string) => run.onStderr(chunk));
    let settled = false;
    // Resolves as soon as the outcome is known: tearing down a worker whose wasm heap has grown can take
    // a good fraction of a second, which the caller need not wait for.
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(run.result(killed, (performance.now() - started) / 1000));
    };
    worker.on('message', (msg: WorkerMessage) => {
      if (run.onMessage(msg)) finish();
    });
    // An uncaught error or out-of-memory: wait for 'exit' so that stderr has been collected.
    worker.on('error', (error: Error & { code?: unknown }) => run.onError(error));
    const timer = setTimeout(() => {
      killed = true;
      finish();
    }, hardTimerMs(hardLimitSec));
    worker.on('exit', finish);
    // The job travels in workerData: it is with the worker from its start.
    onPosted?.();
  });
}
