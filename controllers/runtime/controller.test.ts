import { describe, expect, it } from 'vitest';
import { Controller, controllerOwnerKey, ownKey } from './controller.js';
import { silentLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { ItemExponentialRateLimiter } from './rate-limiter.js';
import { done, requeueAfter, terminal, transient, type ReconcileResult } from './reconciler.js';
import { ManualClock } from './testing/manual-clock.js';

const flush = () => new Promise<void>((r) => setImmediate(r));

/** A controller whose reconciler answers from a script per key and records each call. */
function scripted(script: Record<string, ReconcileResult[]>) {
  const clock = new ManualClock();
  const calls: string[] = [];
  const metrics = createMetrics(false);
  const controller = new Controller({
    name: 'test',
    log: silentLogger(),
    metrics,
    reconciler: {
      async reconcile(key) {
        calls.push(key);
        const next = script[key]?.shift();
        if (!next) throw new Error(`no scripted result left for ${key}`);
        return next;
      },
    },
    queue: { clock, rateLimiter: new ItemExponentialRateLimiter({ baseMs: 100, maxMs: 10_000 }) },
  });
  return { clock, calls, controller, metrics };
}

describe('Controller', () => {
  it('retries a transient error with per-key exponential backoff until done', async () => {
    const { clock, calls, controller, metrics } = scripted({ 'ns/a': [transient('409'), transient('409'), done] });
    controller.enqueue('ns/a');
    controller.start();
    await flush();
    expect(calls).toEqual(['ns/a']);
    clock.advance(99);
    await flush();
    expect(calls).toHaveLength(1); // first retry waits 100 ms
    clock.advance(1);
    await flush();
    expect(calls).toHaveLength(2);
    clock.advance(199);
    await flush();
    expect(calls).toHaveLength(2); // second retry waits 200 ms
    clock.advance(1);
    await flush();
    expect(calls).toHaveLength(3);
    expect(controller.lastResult('ns/a')).toEqual(done);
    clock.advance(100_000);
    await flush();
    expect(calls).toHaveLength(3); // done: nothing more
    expect(await metrics.registry.getSingleMetricAsString('controller_runtime_reconcile_total')).toMatch(/result="transient_error"} 2/);
    await controller.stop();
  });

  it('does not retry a terminal error; a new event for the key reconciles it again', async () => {
    const { clock, calls, controller } = scripted({ 'ns/bad': [terminal('InvalidSpec', 'spec.replicas: must be >= 0'), done] });
    controller.enqueue('ns/bad');
    controller.start();
    await flush();
    clock.advance(3_600_000);
    await flush();
    expect(calls).toEqual(['ns/bad']);
    controller.enqueue('ns/bad');
    await flush();
    expect(calls).toEqual(['ns/bad', 'ns/bad']);
    await controller.stop();
  });

  it('requeueAfter comes back after the delay, and a thrown error counts as transient', async () => {
    const { clock, calls, controller } = scripted({ 'ns/w': [requeueAfter(5000), done] });
    controller.enqueue('ns/w');
    controller.enqueue('ns/missing');
    controller.start();
    await flush();
    expect(calls).toEqual(['ns/w', 'ns/missing']);
    expect(controller.lastResult('ns/missing')).toMatchObject({ kind: 'transient', message: 'no scripted result left for ns/missing' });
    clock.advance(4999);
    await flush();
    expect(calls.filter((k) => k === 'ns/w')).toHaveLength(1);
    clock.advance(1);
    await flush();
    expect(calls.filter((k) => k === 'ns/w')).toHaveLength(2);
    await controller.stop();
  });

  it('coalesces a burst of events for one key into one reconcile', async () => {
    const { calls, controller } = scripted({ 'ns/a': [done] });
    for (let i = 0; i < 10; i++) controller.enqueue('ns/a');
    controller.start();
    await flush();
    expect(calls).toEqual(['ns/a']);
    await controller.stop();
  });
});

describe('key mappers', () => {
  it('ownKey and controllerOwnerKey', () => {
    expect(ownKey({ metadata: { namespace: 'n', name: 'x' } })).toEqual(['n/x']);
    const toPlan = controllerOwnerKey('Plan');
    const owned = {
      metadata: {
        namespace: 'n',
        name: 'atlas-1',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Other', name: 'o', uid: '1', controller: false },
          { apiVersion: 'core.skycluster.io/v1alpha1', kind: 'Plan', name: 'p', uid: '2', controller: true },
        ],
      },
    };
    expect(toPlan(owned, { type: 'added', key: 'n/atlas-1', object: owned })).toEqual(['n/p']);
    expect(toPlan({ metadata: { name: 'x' } }, { type: 'added', key: 'x', object: {} })).toEqual([]);
  });
});
