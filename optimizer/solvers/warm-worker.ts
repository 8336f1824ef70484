/**
 * A solver worker kept alive between solves (a warm worker) for small and medium models.
 *
 * Why: starting a worker thread, instantiating HiGHS' 3.5 MB wasm module in it and running its first solve on
 * cold code costs far more than solving a placement model of a few thousand variables (docs/optimizer.md,
 * "Where the time goes"). A warm worker keeps the library instances loaded (solver-worker.mjs, persistent
 * mode), so the second and later solves of a process (conflict search, tests, benchmarks) skip all of it.
 *
 * Guarantees kept from the fresh-worker path (worker-runner.ts):
 * - a hard timer terminates the worker at the job's hard limit (the solve call is synchronous and blocks the
 *   worker's thread, so terminating it is the only way to stop it); the next job starts a new worker;
 * - a worker that failed, crashed or ended without a final report is not reused either;
 * - jobs never overlap: a job that arrives while a real job runs goes to a fresh worker instead of waiting.
 * The worker is unref'd: an idle warm worker never keeps the process alive (a running job's hard timer does),
 * so a CLI run exits as soon as its work is done; {@link WarmWorker.dispose} terminates it explicitly.
 */
import type { Worker } from 'node:worker_threads';
import type { PersistentWorkerData, WorkerJob, WorkerJobMessage, WorkerMessage } from './worker-protocol.js';
import type { WorkerRun } from './worker-runner.js';
import { hardTimerMs, missingWorkerRun, resolveWorkerFile, RunCollector, runSolverWorker, startSolverWorker } from './worker-runner.js';

interface ActiveJob {
  readonly worker: Worker;
  readonly run: RunCollector;
  readonly finish: (killed: boolean) => void;
}

/** One persistent solver worker (see the module comment). */
export class WarmWorker {
  private worker: Worker | null = null;
  private active: ActiveJob | null = null;
  private pendingWarmUp: Promise<WorkerRun> | null = null;
  private spawnCount = 0;
  private jobCount = 0;
  /** Jobs the current worker thread ran (0: started but cold). */
  private jobsOnWorker = 0;

  /** Worker threads started so far (a kill or a failure makes the next job start a new one). */
  get spawns(): number {
    return this.spawnCount;
  }

  /** Jobs this warm worker ran (jobs handed to a fresh worker because it was busy are not counted). */
  get jobs(): number {
    return this.jobCount;
  }

  /** True when a worker thread is alive (idle or running a job). */
  get alive(): boolean {
    return this.worker !== null;
  }

  /**
   * Runs `job` on the warm worker with a hard kill at `hardLimitSec`. If another real job is running, `job`
   * runs on a fresh worker instead (same guarantees, no waiting); a warm-up in progress is waited for.
   * Never rejects.
   */
  async run(job: WorkerJob, hardLimitSec: number, transfer: ArrayBuffer[] = [], onPosted?: () => void): Promise<WorkerRun> {
    if (this.pendingWarmUp !== null) {
      // The warm-up holds no reference on the event loop; a job waiting for it must (else the process may exit).
      const keepAlive = setInterval(() => undefined, 60_000);
      try {
        await this.pendingWarmUp;
      } finally {
        clearInterval(keepAlive);
      }
    }
    if (this.active !== null) return runSolverWorker(job, hardLimitSec, transfer, onPosted);
    return this.runNow(job, hardLimitSec, transfer, false, onPosted);
  }

  /**
   * Starts the worker now and runs `job` (a small solve that loads the library) without keeping the process
   * alive for it; a real job sent meanwhile waits for it. Does nothing when a worker is already alive.
   */
  warmUp(job: WorkerJob, hardLimitSec: number): void {
    if (this.active !== null || this.pendingWarmUp !== null || (this.worker !== null && this.jobsOnWorker > 0)) return;
    const pending = this.runNow(job, hardLimitSec, [], true);
    this.pendingWarmUp = pending;
    void pending.then(() => {
      if (this.pendingWarmUp === pending) this.pendingWarmUp = null;
    });
  }

  /**
   * Starts the worker thread now, if none is alive, and has it import `preload` (module specifiers) while the
   * caller does other work; no job runs and the process is not kept alive for it.
   */
  start(preload: readonly string[] = []): void {
    if (this.worker !== null) return;
    const file = resolveWorkerFile();
    if (file === null) return;
    try {
      this.spawn(file, preload);
    } catch {
      // The first job reports whatever keeps the worker from starting.
    }
  }

  /** Terminates the worker (a job in progress ends as killed); the next job starts a new one. */
  async dispose(): Promise<void> {
    this.active?.finish(true);
    const w = this.worker;
    this.worker = null;
    if (w !== null) await w.terminate();
  }

  private spawn(file: string, preload: readonly string[] = []): Worker {
    const data: PersistentWorkerData = { persistent: true, preload };
    // No piped stdout/stderr: piped worker streams keep the process alive even when the worker is unref'd.
    // The persistent worker silences the console itself (solver-worker.mjs), so nothing reaches the
    // process's own output; crash diagnostics come from the 'error' event instead of a stderr tail.
    const w = startSolverWorker(file, { workerData: data });
    this.spawnCount++;
    // Events of a worker that has been discarded (killed, failed) must not reach the next job.
    const current = (): ActiveJob | null => (this.active !== null && this.active.worker === w ? this.active : null);
    w.on('message', (msg: WorkerMessage) => {
      const job = current();
      if (job !== null && job.run.onMessage(msg)) job.finish(false);
    });
    w.on('error', (error: Error & { code?: unknown }) => current()?.run.onError(error));
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
      current()?.finish(false);
    });
    // After the listeners: adding a 'message' listener refs the worker's port again.
    w.unref();
    this.worker = w;
    this.jobsOnWorker = 0;
    return w;
  }

  private runNow(job: WorkerJob, hardLimitSec: number, transfer: ArrayBuffer[], warmUp: boolean, onPosted?: () => void): Promise<WorkerRun> {
    const started = performance.now();
    const file = resolveWorkerFile();
    if (file === null) return Promise.resolve(missingWorkerRun());
    return new Promise((resolve) => {
      const run = new RunCollector();
      let worker: Worker;
      try {
        worker = this.worker ?? this.spawn(file);
      } catch (error) {
        run.onError(error instanceof Error ? error : new Error(String(error)));
        resolve(run.result(false, 0));
        return;
      }
      this.jobCount++;
      this.jobsOnWorker++;
      let settled = false;
      const finish = (killed: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.active?.worker === worker) this.active = null;
        const result = run.result(killed, (performance.now() - started) / 1000);
        // Killed mid-solve, failed, or gone: its library instance is not trusted with another job.
        if (killed || result.done === null) this.discard(worker);
        resolve(result);
      };
      this.active = { worker, run, finish };
      const timer = setTimeout(() => finish(true), hardTimerMs(hardLimitSec));
      // A warm-up must not keep a process alive that has nothing else left to do.
      if (warmUp) timer.unref();
      const message: WorkerJobMessage = { kind: 'job', job };
      try {
        worker.postMessage(message, transfer);
      } catch (error) {
        run.onError(error instanceof Error ? error : new Error(String(error)));
        finish(false);
        return;
      }
      onPosted?.();
    });
  }

  private discard(w: Worker): void {
    if (this.worker === w) this.worker = null;
    void w.terminate();
  }
}

let shared: WarmWorker | null = null;

/**
 * The process's warm worker, created on first use. One per process on purpose: what it saves (the loaded
 * library instance and its warmed-up code) is a per-process resource, shared by every backend instance.
 */
export function sharedWarmWorker(): WarmWorker {
  shared ??= new WarmWorker();
  return shared;
}

/** Terminates the process's warm worker, if any (tests, long-running hosts that want the memory back). */
export async function disposeSharedWarmWorker(): Promise<void> {
  await shared?.dispose();
}
