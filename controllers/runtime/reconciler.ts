/**
 * The reconciler contract. A reconciler gets a key (namespace/name), never the event that caused it: it reads
 * the current state, computes the desired state, applies it and writes status once. It answers with one of
 * four results, each with its own channel (controller-runtime pkg/reconcile):
 * done; requeueAfter (waiting is not an error); transient (retried with per-item exponential backoff);
 * terminal (the spec is invalid: the reconciler has recorded a condition, and the key is not retried until
 * the object changes again). A reconciler that throws is treated as transient.
 * @see https://pkg.go.dev/sigs.k8s.io/controller-runtime/pkg/reconcile
 */
import type { Logger } from 'pino';

/** What one reconcile pass concluded. */
export type ReconcileResult =
  | { readonly kind: 'done' }
  | { readonly kind: 'requeueAfter'; readonly afterMs: number }
  | { readonly kind: 'transient'; readonly message: string; readonly cause?: unknown }
  | { readonly kind: 'terminal'; readonly reason: string; readonly message: string };

/** Everything is as desired. */
export const done: ReconcileResult = { kind: 'done' };

/** Look again after ms (polling an external process, a debounce window); resets the failure backoff. */
export function requeueAfter(afterMs: number): ReconcileResult {
  return { kind: 'requeueAfter', afterMs };
}

/** Something failed that may work later (network, 409, 5xx): retry with backoff. */
export function transient(message: string, cause?: unknown): ReconcileResult {
  return cause === undefined ? { kind: 'transient', message } : { kind: 'transient', message, cause };
}

/** The object cannot be reconciled as it is (invalid spec); not retried until it changes. */
export function terminal(reason: string, message: string): ReconcileResult {
  return { kind: 'terminal', reason, message };
}

/** What a reconcile pass gets besides its key. */
export interface ReconcileContext {
  /** Aborted when the controller shuts down past its grace period: abandon long work (a solve). */
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** One reconcile function per kind. */
export interface Reconciler {
  reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult>;
}

/** What the work queue does with a key after a reconcile. */
export type QueueAction =
  { readonly action: 'forget' } | { readonly action: 'requeueAfter'; readonly afterMs: number } | { readonly action: 'rateLimited' };

/** Maps a reconcile result to the queue action (pure). */
export function queueActionFor(result: ReconcileResult): QueueAction {
  switch (result.kind) {
    case 'done':
    case 'terminal':
      return { action: 'forget' };
    case 'requeueAfter':
      return { action: 'requeueAfter', afterMs: result.afterMs };
    case 'transient':
      return { action: 'rateLimited' };
  }
}

/** The metric/log label of a result. */
export function resultLabel(result: ReconcileResult): 'done' | 'requeue_after' | 'transient_error' | 'terminal_error' {
  return result.kind === 'done'
    ? 'done'
    : result.kind === 'requeueAfter'
      ? 'requeue_after'
      : result.kind === 'transient'
        ? 'transient_error'
        : 'terminal_error';
}
