/**
 * The work queue of a controller, with client-go workqueue semantics: a key added while it waits is queued
 * once (dedupe), a key added while a worker holds it is queued again only after `done` (one in flight per key),
 * failures requeue through a rate limiter (per-item exponential backoff), and `addAfter` delays a key
 * (RequeueAfter). Keys only, never events: the reconciler reads the current state itself.
 * @see https://pkg.go.dev/k8s.io/client-go/util/workqueue
 */
import { systemClock, type CancelTimer, type Clock } from './clock.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

/** Options of a WorkQueue. */
export interface WorkQueueOptions {
  /** @default defaultControllerRateLimiter() */
  readonly rateLimiter?: RateLimiter;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Called with the number of waiting keys whenever it changes (queue-depth metric). */
  readonly onDepth?: (depth: number) => void;
}

/** A deduplicating, per-key serialised, delaying, rate-limited queue of string keys. */
export class WorkQueue {
  private readonly queue: string[] = [];
  /** Keys that need processing (waiting in `queue`, or re-added while processing). */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  /** Pending delayed adds: key → due time and the timer's cancel. */
  private readonly delayed = new Map<string, { due: number; cancel: CancelTimer }>();
  private readonly waiters: Array<(key: string | undefined) => void> = [];
  private readonly drainWaiters: Array<() => void> = [];
  private shuttingDown = false;
  private readonly rateLimiter: RateLimiter;
  private readonly clock: Clock;

  constructor(private readonly opts: WorkQueueOptions = {}) {
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter();
    this.clock = opts.clock ?? systemClock;
  }

  /** Marks `key` as needing work. No-op when it is already waiting or after shutDown. */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.take(key, waiter);
      return;
    }
    this.queue.push(key);
    this.opts.onDepth?.(this.queue.length);
  }

  /** Adds `key` after `ms`; an earlier pending delayed add of the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const due = this.clock.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.due <= due) return;
    pending?.cancel();
    const cancel = this.clock.setTimer(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { due, cancel });
  }

  /** Requeues `key` after its rate-limited backoff (a transient failure). */
  addRateLimited(key: string): number {
    const delay = this.rateLimiter.when(key, this.clock.now());
    this.addAfter(key, delay);
    return delay;
  }

  /** Clears the failure history of `key` (after a success, a terminal error, or a RequeueAfter). */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  /** Consecutive failures of `key` on record. */
  numRequeues(key: string): number {
    return this.rateLimiter.retries(key);
  }

  /**
   * Waits for the next key and marks it in flight; resolves undefined once the queue shuts down.
   * Every key obtained must be passed to `done`.
   */
  get(): Promise<string | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) {
      this.opts.onDepth?.(this.queue.length);
      return new Promise((resolve) => this.take(key, resolve));
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Ends processing of `key`; if it was added meanwhile it is queued again now. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      this.add(key);
    }
    if (this.processing.size === 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  /** Number of keys waiting (not in flight, not delayed). */
  len(): number {
    return this.queue.length;
  }

  /** Number of keys in flight. */
  inFlight(): number {
    return this.processing.size;
  }

  /** Whether `key` is waiting, in flight or delayed. */
  has(key: string): boolean {
    return this.dirty.has(key) || this.processing.has(key) || this.delayed.has(key);
  }

  /** Stops accepting keys, cancels delayed adds and releases waiting workers (their get() gives undefined). */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { cancel } of this.delayed.values()) cancel();
    this.delayed.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  /** shutDown, then wait until every in-flight key is done. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  /** Whether shutDown has been called. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  private take(key: string, resolve: (key: string) => void): void {
    this.dirty.delete(key);
    this.processing.add(key);
    resolve(key);
  }
}
