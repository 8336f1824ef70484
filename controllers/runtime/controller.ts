/**
 * A controller: a work queue of keys fed by informer events, and workers that run one reconciler over them.
 * Events only produce keys (level-triggered); the reconciler reads the state itself. Results go to the queue
 * (queueActionFor), the metrics and the log. Workers run only while `run` is active: the manager starts them
 * when this replica leads.
 */
import type { Logger } from 'pino';
import type { Informer, ObjectEvent } from './informer.js';
import type { KubeObject } from './kube-object.js';
import type { OperatorMetrics } from './metrics.js';
import { queueActionFor, resultLabel, transient, type ReconcileResult, type Reconciler } from './reconciler.js';
import { objectKey } from './resource.js';
import { WorkQueue, type WorkQueueOptions } from './work-queue.js';

/** Maps an object event to the keys to reconcile (the object itself, its owner, the objects that use it...). */
export type KeyMapper<T extends KubeObject> = (object: T, event: ObjectEvent<T>) => readonly string[];

/** Maps an object to its own key. */
export function ownKey<T extends KubeObject>(object: T): string[] {
  return [objectKey(object.metadata ?? {})];
}

/** Maps an object to the key of its controlling owner of `ownerKind` (same namespace). */
export function controllerOwnerKey<T extends KubeObject>(ownerKind: string): KeyMapper<T> {
  return (object) => {
    const meta = object.metadata ?? {};
    const owner = meta.ownerReferences?.find((r) => r.controller && r.kind === ownerKind);
    return owner ? [objectKey({ namespace: meta.namespace, name: owner.name })] : [];
  };
}

/** Options of a Controller. */
export interface ControllerOptions {
  readonly name: string;
  readonly reconciler: Reconciler;
  readonly log: Logger;
  readonly metrics?: OperatorMetrics;
  /** Parallel workers (different keys only). @default 1 */
  readonly workers?: number;
  /** How long in-flight reconciles may finish after stop before their signal aborts, ms. @default 10_000 */
  readonly shutdownGraceMs?: number;
  readonly queue?: Omit<WorkQueueOptions, 'onDepth'>;
}

/** One reconciler, its queue and its workers. */
export class Controller {
  readonly name: string;
  private queue: WorkQueue;
  private readonly unsubscribe: Array<() => void> = [];
  private abort = new AbortController();
  private running: Promise<void> | undefined;
  /** Results by key, kept for tests and the status of `controller run` (bounded by the number of keys). */
  private readonly lastResults = new Map<string, ReconcileResult>();
  private reconciles = 0;
  private readonly reconcilesByKey = new Map<string, number>();
  /** Keys of everything the watched informers hold, to refill the queue when the controller restarts. */
  private readonly seeds: Array<() => readonly string[]> = [];

  constructor(private readonly opts: ControllerOptions) {
    this.name = opts.name;
    this.queue = this.newQueue();
  }

  private newQueue(): WorkQueue {
    const gauge = this.opts.metrics?.queueDepth.labels(this.opts.name);
    return new WorkQueue({ ...this.opts.queue, onDepth: (d) => gauge?.set(d) });
  }

  /** Enqueues the keys `map` gives for every add, update and delete of `informer` (and everything cached now). */
  watch<T extends KubeObject>(informer: Informer<T>, map: KeyMapper<T> = ownKey): this {
    this.seeds.push(() => informer.list().flatMap((object) => map(object, { type: 'added', key: objectKey(object.metadata ?? {}), object })));
    this.unsubscribe.push(
      informer.onObject((e) => {
        for (const key of map(e.object, e)) this.queue.add(key);
      }),
    );
    return this;
  }

  /** Enqueues a key by hand (another controller's decision, a timer). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Number of reconcile passes run so far, in all or for one key. */
  reconcileCount(key?: string): number {
    return key === undefined ? this.reconciles : (this.reconcilesByKey.get(key) ?? 0);
  }

  /** The last result for `key`. */
  lastResult(key: string): ReconcileResult | undefined {
    return this.lastResults.get(key);
  }

  /**
   * Runs the workers until stop(). Keys that arrived before the first start wait in the queue. When started
   * again after stop (leadership regained) a fresh queue gets the key of every object the watched informers hold.
   */
  start(): void {
    if (this.running) return;
    if (this.queue.isShuttingDown()) {
      this.queue = this.newQueue();
      for (const seed of this.seeds) for (const key of seed()) this.queue.add(key);
    }
    this.abort = new AbortController();
    const workers = Array.from({ length: this.opts.workers ?? 1 }, () => this.worker());
    this.running = Promise.all(workers).then(() => undefined);
  }

  /** Stops taking keys, lets in-flight reconciles finish for the grace period, then aborts their signal. */
  async stop(): Promise<void> {
    if (!this.running) return;
    const grace = setTimeout(() => this.abort.abort(), this.opts.shutdownGraceMs ?? 10_000);
    await this.queue.shutDownWithDrain();
    await this.running;
    clearTimeout(grace);
    this.abort.abort();
    this.running = undefined;
  }

  /** Detaches from the informers. */
  dispose(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.processKey(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async processKey(key: string): Promise<void> {
    const log = this.opts.log.child({ controller: this.name, key });
    const started = performance.now();
    let result: ReconcileResult;
    try {
      result = await this.opts.reconciler.reconcile(key, { signal: this.abort.signal, log });
    } catch (err) {
      result = transient(err instanceof Error ? err.message : String(err), err);
    }
    const seconds = (performance.now() - started) / 1000;
    this.reconciles++;
    this.reconcilesByKey.set(key, (this.reconcilesByKey.get(key) ?? 0) + 1);
    this.lastResults.set(key, result);
    const m = this.opts.metrics;
    m?.reconcileTotal.labels(this.name, resultLabel(result)).inc();
    m?.reconcileSeconds.labels(this.name).observe(seconds);
    const action = queueActionFor(result);
    switch (action.action) {
      case 'forget':
        this.queue.forget(key);
        if (result.kind === 'terminal') {
          m?.reconcileErrors.labels(this.name, 'terminal').inc();
          log.warn({ reason: result.reason, err: result.message, seconds }, 'reconcile failed terminally; waiting for a change');
        } else log.debug({ seconds }, 'reconciled');
        break;
      case 'requeueAfter':
        this.queue.forget(key);
        this.queue.addAfter(key, action.afterMs);
        log.debug({ seconds, afterMs: action.afterMs }, 'reconciled; requeue after');
        break;
      case 'rateLimited': {
        const delayMs = this.queue.addRateLimited(key);
        m?.reconcileErrors.labels(this.name, 'transient').inc();
        m?.queueRetries.labels(this.name).inc();
        log.info(
          { err: result.kind === 'transient' ? result.message : '', delayMs, retries: this.queue.numRequeues(key), seconds },
          'reconcile failed; retrying',
        );
        break;
      }
    }
  }
}
