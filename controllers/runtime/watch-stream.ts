/**
 * One watch request: streams the API server's newline-delimited watch events until the server closes the
 * stream, the connection drops, or the caller stops it. The informer (informer.ts) decides what to do next.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
 */
import { createInterface } from 'node:readline';
import { failure, type KubeClient } from './kube-client.js';
import type { KubeObject, KubeStatus } from './kube-object.js';
import { resourcePath, type ResourceRef } from './resource.js';

/** A watch event as the API server sends it. ERROR carries a metav1.Status (410 Expired after compaction). */
export type RawWatchEvent =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; readonly object: KubeObject }
  | { readonly type: 'ERROR'; readonly object: KubeStatus };

/** The watch events handed to the caller (ERROR ends the watch instead). */
export type ObjectWatchEvent = Exclude<RawWatchEvent, { type: 'ERROR' }>;

/** Why a watch ended. */
export type WatchEnd =
  /** The server closed the stream normally (timeoutSeconds elapsed): resume from the last resourceVersion. */
  | { readonly kind: 'closed' }
  /** The caller stopped it. */
  | { readonly kind: 'stopped' }
  /** The server refused the watch or sent an ERROR event (status 410: the resourceVersion is too old). */
  | { readonly kind: 'error'; readonly status: number; readonly reason: string; readonly message: string; readonly retryAfterSeconds?: number }
  /** The connection failed or was cut mid-stream. */
  | { readonly kind: 'dropped'; readonly message: string };

/** Parameters of one watch request. */
export interface WatchOptions {
  readonly namespace?: string | undefined;
  readonly resourceVersion?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  /** Server-side stream lifetime; the server closes the stream after it. */
  readonly timeoutSeconds?: number | undefined;
  /** @default true */
  readonly allowWatchBookmarks?: boolean | undefined;
}

/** A running watch. */
export interface WatchHandle {
  /** Resolves once, when the watch ends, with the reason. */
  readonly done: Promise<WatchEnd>;
  /** Ends the watch (done resolves with 'stopped'). */
  stop(): void;
}

/** Opens a watch on `ref` and calls onEvent for each event, in order. */
export function openWatch(client: KubeClient, ref: ResourceRef, opts: WatchOptions, onEvent: (e: ObjectWatchEvent) => void): WatchHandle {
  const abort = new AbortController();
  let stopped = false;
  const done = (async (): Promise<WatchEnd> => {
    const res = await client.stream('GET', resourcePath(ref, { namespace: opts.namespace }), {
      signal: abort.signal,
      query: {
        watch: true,
        resourceVersion: opts.resourceVersion,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        timeoutSeconds: opts.timeoutSeconds,
        allowWatchBookmarks: opts.allowWatchBookmarks ?? true,
      },
    });
    if (!('body' in res)) return stopped ? { kind: 'stopped' } : { kind: 'dropped', message: res.message };
    if (res.status !== 200) {
      const chunks: Buffer[] = [];
      try {
        for await (const c of res.body) chunks.push(c as Buffer);
      } catch {
        // The body of a refused watch is only used for its message.
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const f = failure(res.status, res.headers, body, text);
      return {
        kind: 'error',
        status: f.status,
        reason: f.reason,
        message: f.message,
        ...(f.retryAfterSeconds !== undefined ? { retryAfterSeconds: f.retryAfterSeconds } : {}),
      };
    }
    return new Promise<WatchEnd>((resolve) => {
      let ended = false;
      const end = (e: WatchEnd): void => {
        if (ended) return;
        ended = true;
        lines.close();
        res.body.destroy();
        resolve(stopped ? { kind: 'stopped' } : e);
      };
      const lines = createInterface({ input: res.body, crlfDelay: Infinity });
      lines.on('line', (line) => {
        if (ended || line.trim() === '') return;
        let event: RawWatchEvent;
        try {
          event = JSON.parse(line) as RawWatchEvent;
        } catch {
          end({ kind: 'dropped', message: 'unparseable watch event' });
          return;
        }
        if (event.type === 'ERROR') {
          const st = event.object;
          end({ kind: 'error', status: st.code ?? 500, reason: st.reason ?? 'Unknown', message: st.message ?? '' });
          return;
        }
        onEvent(event);
      });
      // `aborted` / `error`: the connection was cut; `end` without either: the server closed the stream.
      res.body.on('aborted', () => end({ kind: 'dropped', message: 'connection aborted' }));
      res.body.on('error', (err) => end({ kind: 'dropped', message: err.message }));
      res.body.on('end', () => end({ kind: 'closed' }));
      res.body.on('close', () => end(res.body.complete ? { kind: 'closed' } : { kind: 'dropped', message: 'connection closed' }));
    });
  })();
  return {
    done,
    stop() {
      stopped = true;
      abort.abort();
    },
  };
}
