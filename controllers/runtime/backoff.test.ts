import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';
import { ItemExponentialRateLimiter, MaxOfRateLimiter, TokenBucketRateLimiter, defaultControllerRateLimiter } from './rate-limiter.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 };
  it.each([
    // attempt, random draw, expected delay
    [0, 0, 100], // first retry waits the base
    [1, 0, 200], // doubles
    [3, 0, 800],
    [4, 0, 1000], // capped at maxMs
    [50, 0, 1000], // huge attempts stay capped (no Infinity)
    [1, 0.5, 250], // jitter adds random * jitter * delay
    [10, 0.999, 1499.5], // jitter may exceed max by at most jitter * max
  ])('attempt %i with draw %f waits %f ms', (attempt, draw, expected) => {
    expect(backoffDelay(attempt, policy, () => draw)).toBeCloseTo(expected, 6);
  });
});

describe('rate limiters', () => {
  it('per-item exponential: doubles per failure of one key, independent across keys, reset by forget', () => {
    const rl = new ItemExponentialRateLimiter({ baseMs: 5, maxMs: 1_000_000 });
    expect([rl.when('a'), rl.when('a'), rl.when('a'), rl.when('b')]).toEqual([5, 10, 20, 5]);
    expect(rl.retries('a')).toBe(3);
    rl.forget('a');
    expect(rl.retries('a')).toBe(0);
    expect(rl.when('a')).toBe(5);
  });

  it('token bucket: burst passes at once, then waits 1/qps per token, refills with time', () => {
    const rl = new TokenBucketRateLimiter(10, 3);
    const t = 1000;
    expect([rl.when('x', t), rl.when('x', t), rl.when('x', t)]).toEqual([0, 0, 0]);
    expect(rl.when('x', t)).toBeCloseTo(100, 6); // 4th token: one has to refill (0.1 s at 10 qps)
    expect(rl.when('x', t)).toBeCloseTo(200, 6);
    expect(rl.when('x', t + 1000)).toBe(0); // one second refills 10 tokens, capped at burst 3, minus the debt
  });

  it('default controller limiter is the max of both', () => {
    const rl = defaultControllerRateLimiter();
    const delays = Array.from({ length: 4 }, () => rl.when('k', 0));
    expect(delays).toEqual([5, 10, 20, 40]);
    const both = new MaxOfRateLimiter([new ItemExponentialRateLimiter({ baseMs: 1, maxMs: 10 }), new TokenBucketRateLimiter(1, 1)]);
    expect(both.when('a', 0)).toBe(1); // bucket has a token; item says 1 ms
    expect(both.when('b', 0)).toBe(1000); // bucket empty: one second at 1 qps dominates
  });
});
