/**
 * Exponential backoff with jitter, as a pure function of the attempt number and a random draw. Watches use it
 * to reconnect, leader election to retry, the rate limiter (rate-limiter.ts) for per-item requeues.
 */

/** Shape of a backoff: base * factor^attempt, capped at max, plus up to jitter * delay at random. */
export interface BackoffPolicy {
  /** Delay of the first retry (attempt 0), ms. */
  readonly baseMs: number;
  /** Upper bound of the delay before jitter, ms. */
  readonly maxMs: number;
  /** @default 2 */
  readonly factor?: number;
  /** Fraction of the delay added at random, 0..1, so that many clients do not retry in lockstep. @default 0 */
  readonly jitter?: number;
}

/** The reconnect policy of informers: 0.5 s doubling to 30 s, +20 % jitter. */
export const WATCH_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 };

/**
 * Delay before retry number `attempt` (0-based).
 * @param random a draw in [0, 1); Math.random in production, a constant in tests
 * @returns milliseconds, within [d, d * (1 + jitter)] where d = min(maxMs, baseMs * factor^attempt)
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const factor = policy.factor ?? 2;
  const exp = Math.min(policy.maxMs, policy.baseMs * Math.pow(factor, Math.max(0, attempt)));
  const d = Number.isFinite(exp) ? exp : policy.maxMs;
  return d + d * (policy.jitter ?? 0) * random();
}
