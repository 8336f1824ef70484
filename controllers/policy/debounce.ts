/**
 * Debouncing bursts of changes (pure, clock injected): a solve starts only once the inputs of a policy have
 * stayed the same for the quiet time. Every new input hash restarts the wait (trailing debounce), but never
 * for longer than `maxWaitMs` after the first change of a burst, so a policy that keeps changing is still
 * planned. The reconciler asks `decide` each pass and requeues itself after `afterMs` when told to wait.
 */

/** What to do with an input hash now. */
export type DebounceDecision = { readonly kind: 'solve' } | { readonly kind: 'wait'; readonly afterMs: number };

interface Pending {
  readonly hash: string;
  readonly lastChangeMs: number;
  readonly firstChangeMs: number;
}

/** Per-key debounce state of one controller. */
export class Debouncer {
  private readonly pending = new Map<string, Pending>();

  /**
   * @param maxWaitFactor the longest wait, in quiet times, after the first change of a burst @default 10
   */
  constructor(private readonly maxWaitFactor = 10) {}

  /** Whether to solve `hash` for `key` at `nowMs` with a quiet time of `quietMs`. */
  decide(key: string, hash: string, nowMs: number, quietMs: number): DebounceDecision {
    if (quietMs <= 0) return { kind: 'solve' };
    const before = this.pending.get(key);
    const p: Pending = before && before.hash === hash ? before : { hash, lastChangeMs: nowMs, firstChangeMs: before?.firstChangeMs ?? nowMs };
    this.pending.set(key, p);
    const left = Math.min(p.lastChangeMs + quietMs - nowMs, p.firstChangeMs + quietMs * this.maxWaitFactor - nowMs);
    return left <= 0 ? { kind: 'solve' } : { kind: 'wait', afterMs: left };
  }

  /** Forgets a key (after its solve, or when the policy is gone). */
  clear(key: string): void {
    this.pending.delete(key);
  }
}
