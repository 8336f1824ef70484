/**
 * An informer: a local cache of one resource type kept current by list + watch. It lists (paged), watches
 * from the list's resourceVersion with bookmarks, resumes from the last seen resourceVersion when the server
 * closes the stream, relists when the server answers 410 Gone (the version was compacted away), reconnects
 * with exponential backoff and jitter (honouring Retry-After) when a watch drops or is refused, and relists
 * periodically with jitter. Object changes and lifecycle events go to subscribers as typed values.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
 */
import { backoffDelay, WATCH_BACKOFF, type BackoffPolicy } from './backoff.js';
import { sleep, systemClock, type Clock } from './clock.js';
import type { KubeClient } from './kube-client.js';
import type { KubeObject } from './kube-object.js';
import { objectKey, type ResourceRef } from './resource.js';
import { openWatch, type WatchEnd, type WatchHandle } from './watch-stream.js';

/** A change of one cached object. `old` is the cached copy before the change. */
export type ObjectEvent<T extends KubeObject> =
  | { readonly type: 'added'; readonly key: string; readonly object: T }
  | { readonly type: 'updated'; readonly key: string; readonly object: T; readonly old: T }
  | { readonly type: 'deleted'; readonly key: string; readonly object: T };

/** What the informer itself is doing (for logs, metrics and tests). */
export type LifecycleEvent =
  | { readonly type: 'listed'; readonly count: number; readonly resourceVersion: string; readonly relist: boolean }
  | { readonly type: 'list-failed'; readonly status: number; readonly reason: string; readonly message: string }
  | { readonly type: 'watch-started'; readonly resourceVersion: string }
  | { readonly type: 'bookmark'; readonly resourceVersion: string }
  | { readonly type: 'watch-ended'; readonly end: WatchEnd }
  | { readonly type: 'gone'; readonly resourceVersion: string }
  | { readonly type: 'backoff'; readonly attempt: number; readonly delayMs: number }
  | { readonly type: 'stopped' };

/** Options of an Informer. */
export interface InformerOptions {
  /** Watch one namespace; all namespaces when absent. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Server-side lifetime of one watch request, s (the server closes it; we resume). @default 300 */
  readonly watchTimeoutSeconds?: number;
  /** Full relist period, ms, +/- 10 % jitter; 0 disables. @default 600_000 */
  readonly relistPeriodMs?: number;
  /** List page size. @default 500 */
  readonly pageSize?: number;
  /** @default WATCH_BACKOFF */
  readonly backoff?: BackoffPolicy;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: () => number;
}

/** A list + watch cache of one resource type. */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly store = new Map<string, T>();
  private readonly objectHandlers = new Set<(e: ObjectEvent<T>) => void>();
  private readonly lifecycleHandlers = new Set<(e: LifecycleEvent) => void>();
  private resourceVersion = '';
  private synced = false;
  private syncWaiters: Array<() => void> = [];
  private abort = new AbortController();
  private watch: WatchHandle | undefined;
  private loop: Promise<void> | undefined;
  private relistDue = false;
  private cancelRelistTimer: (() => void) | undefined;
  private readonly clock: Clock;
  private readonly random: () => number;

  /** @param ref the resource type @param opts see InformerOptions */
  constructor(
    private readonly client: KubeClient,
    readonly ref: ResourceRef,
    private readonly opts: InformerOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
  }

  /** Subscribes to object changes; returns the unsubscribe function. */
  onObject(handler: (e: ObjectEvent<T>) => void): () => void {
    this.objectHandlers.add(handler);
    return () => this.objectHandlers.delete(handler);
  }

  /** Subscribes to lifecycle events; returns the unsubscribe function. */
  onLifecycle(handler: (e: LifecycleEvent) => void): () => void {
    this.lifecycleHandlers.add(handler);
    return () => this.lifecycleHandlers.delete(handler);
  }

  /** Starts listing and watching (idempotent). Use waitForSync to wait for the first list. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves once the first list has filled the cache (or at once if it has). */
  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** Whether the first list has completed. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Stops the watch and the loop; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.watch?.stop();
    this.cancelRelistTimer?.();
    await this.loop;
  }

  /** The cached object of `key` (namespace/name). Shared with the cache: treat it as read-only. */
  get(key: string): T | undefined {
    return this.store.get(key);
  }

  /** All cached objects (shared with the cache: read-only). */
  list(): T[] {
    return [...this.store.values()];
  }

  /** The last resourceVersion seen (list, event or bookmark). */
  lastResourceVersion(): string {
    return this.resourceVersion;
  }

  private emit(e: LifecycleEvent): void {
    for (const h of this.lifecycleHandlers) h(e);
  }

  private emitObject(e: ObjectEvent<T>): void {
    for (const h of this.objectHandlers) h(e);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let attempt = 0;
    let needList = true;
    while (!signal.aborted) {
      if (needList || this.relistDue) {
        const listed = await this.relist(this.synced);
        if (signal.aborted) break;
        if (!listed.ok) {
          await this.backoff(attempt++, listed.retryAfterSeconds);
          continue;
        }
        needList = false;
        this.relistDue = false;
        this.scheduleRelist();
        attempt = 0;
      }
      let sawEvent = false;
      this.emit({ type: 'watch-started', resourceVersion: this.resourceVersion });
      this.watch = openWatch(
        this.client,
        this.ref,
        {
          namespace: this.opts.namespace,
          labelSelector: this.opts.labelSelector,
          fieldSelector: this.opts.fieldSelector,
          resourceVersion: this.resourceVersion,
          // Jittered like client-go's reflector, so that many informers do not reconnect at the same instant.
          timeoutSeconds: Math.round((this.opts.watchTimeoutSeconds ?? 300) * (1 + this.random())),
          allowWatchBookmarks: true,
        },
        (e) => {
          sawEvent = true;
          const rv = e.object.metadata?.resourceVersion;
          if (rv) this.resourceVersion = rv;
          if (e.type === 'BOOKMARK') this.emit({ type: 'bookmark', resourceVersion: this.resourceVersion });
          else this.applyEvent(e.type, e.object as T);
        },
      );
      const end = await this.watch.done;
      this.watch = undefined;
      this.emit({ type: 'watch-ended', end });
      if (signal.aborted) break;
      // A watch we stopped ourselves for the periodic relist: go round to the list.
      if (end.kind === 'stopped') continue;
      if (sawEvent) attempt = 0;
      if (end.kind === 'closed') continue;
      if (end.kind === 'error' && end.status === 410) {
        this.emit({ type: 'gone', resourceVersion: this.resourceVersion });
        needList = true;
        continue;
      }
      await this.backoff(attempt++, end.kind === 'error' ? end.retryAfterSeconds : undefined);
    }
    this.emit({ type: 'stopped' });
  }

  private async backoff(attempt: number, retryAfterSeconds: number | undefined): Promise<void> {
    const delayMs = Math.max(backoffDelay(attempt, this.opts.backoff ?? WATCH_BACKOFF, this.random), (retryAfterSeconds ?? 0) * 1000);
    this.emit({ type: 'backoff', attempt, delayMs });
    await sleep(this.clock, delayMs, this.abort.signal);
  }

  private scheduleRelist(): void {
    const period = this.opts.relistPeriodMs ?? 600_000;
    this.cancelRelistTimer?.();
    if (period <= 0) return;
    this.cancelRelistTimer = this.clock.setTimer(
      () => {
        this.relistDue = true;
        // End the current watch so the loop relists now; it resumes watching afterwards.
        this.watch?.stop();
        this.watch = undefined;
      },
      period * (0.9 + 0.2 * this.random()),
    );
  }

  private applyEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void {
    const key = objectKey(obj.metadata ?? {});
    const old = this.store.get(key);
    if (type === 'DELETED') {
      this.store.delete(key);
      this.emitObject({ type: 'deleted', key, object: obj });
    } else {
      this.store.set(key, obj);
      this.emitObject(old ? { type: 'updated', key, object: obj, old } : { type: 'added', key, object: obj });
    }
  }

  /** Lists all pages and replaces the cache, emitting the differences as object events. */
  private async relist(relist: boolean): Promise<{ ok: true } | { ok: false; retryAfterSeconds?: number }> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.client.list<T>(this.ref, this.opts.namespace, {
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        limit: this.opts.pageSize ?? 500,
        continue: cont,
      });
      if (!page.ok) {
        this.emit({ type: 'list-failed', status: page.status, reason: page.reason, message: page.message });
        return page.retryAfterSeconds !== undefined ? { ok: false, retryAfterSeconds: page.retryAfterSeconds } : { ok: false };
      }
      items.push(...page.body.items);
      rv = page.body.metadata?.resourceVersion ?? rv;
      cont = page.body.metadata?.continue || undefined;
    } while (cont);
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj.metadata ?? {});
      seen.add(key);
      const old = this.store.get(key);
      this.store.set(key, obj);
      if (!old) this.emitObject({ type: 'added', key, object: obj });
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emitObject({ type: 'updated', key, object: obj, old });
    }
    for (const [key, obj] of [...this.store]) {
      if (seen.has(key)) continue;
      this.store.delete(key);
      this.emitObject({ type: 'deleted', key, object: obj });
    }
    this.resourceVersion = rv;
    this.emit({ type: 'listed', count: items.length, resourceVersion: rv, relist });
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
    return { ok: true };
  }
}
