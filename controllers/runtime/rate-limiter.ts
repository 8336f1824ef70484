/**
 * Per-item requeue delays in the manner of controller-runtime's default controller rate limiter
 * (client-go workqueue.DefaultControllerRateLimiter): the larger of a per-item exponential backoff
 * (5 ms doubling to 1000 s) and an overall token bucket (10 per second, burst 100). Pure given a clock reading.
 * @see https://pkg.go.dev/k8s.io/client-go/util/workqueue#DefaultControllerRateLimiter
 */
import { backoffDelay, type BackoffPolicy } from './backoff.js';

/** Decides how long an item waits before its next retry. */
export interface RateLimiter {
  /** Records a failure of `key` at time `now` (ms) and returns the delay before it is retried, ms. */
  when(key: string, now: number): number;
  /** Forgets the failures of `key` (after a success). */
  forget(key: string): void;
  /** How many failures of `key` are on record. */
  retries(key: string): number;
}

/** Exponential backoff per item: the n-th consecutive failure waits base * 2^(n-1). */
export class ItemExponentialRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();
  /** @param policy @default 5 ms doubling to 1000 s, no jitter */
  constructor(private readonly policy: BackoffPolicy = { baseMs: 5, maxMs: 1_000_000 }) {}
  when(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return backoffDelay(n, this.policy, () => 0);
  }
  forget(key: string): void {
    this.failures.delete(key);
  }
  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}

/** A token bucket over all items: `qps` tokens per second, at most `burst` banked; each failure takes one. */
export class TokenBucketRateLimiter implements RateLimiter {
  private tokens: number;
  private last: number | undefined;
  /** @param qps @default 10 @param burst @default 100 */
  constructor(
    private readonly qps = 10,
    private readonly burst = 100,
  ) {
    this.tokens = burst;
  }
  when(_key: string, now: number): number {
    if (this.last !== undefined) this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000);
    this.last = now;
    // Reservations may drive the bucket negative: the item then waits until its token has refilled.
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }
  forget(): void {}
  retries(): number {
    return 0;
  }
}

/** The largest delay of several limiters. */
export class MaxOfRateLimiter implements RateLimiter {
  constructor(private readonly limiters: readonly RateLimiter[]) {}
  when(key: string, now: number): number {
    return Math.max(0, ...this.limiters.map((l) => l.when(key, now)));
  }
  forget(key: string): void {
    for (const l of this.limiters) l.forget(key);
  }
  retries(key: string): number {
    return Math.max(0, ...this.limiters.map((l) => l.retries(key)));
  }
}

/** controller-runtime's default: max(per-item 5 ms..1000 s exponential, 10 qps / burst 100 bucket). */
export function defaultControllerRateLimiter(): RateLimiter {
  return new MaxOfRateLimiter([new ItemExponentialRateLimiter(), new TokenBucketRateLimiter(10, 100)]);
}
