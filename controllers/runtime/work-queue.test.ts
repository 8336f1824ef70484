import { describe, expect, it } from 'vitest';
import { ItemExponentialRateLimiter } from './rate-limiter.js';
import { ManualClock } from './testing/manual-clock.js';
import { WorkQueue } from './work-queue.js';

function queue(clock = new ManualClock()) {
  const depths: number[] = [];
  const q = new WorkQueue({ clock, rateLimiter: new ItemExponentialRateLimiter({ baseMs: 10, maxMs: 1000 }), onDepth: (d) => depths.push(d) });
  return { q, clock, depths };
}

describe('WorkQueue', () => {
  it('deduplicates a key added while it waits, keeps FIFO order', async () => {
    const { q } = queue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
  });

  it('keeps one in flight per key: a re-add during processing is queued only after done', async () => {
    const { q } = queue();
    q.add('a');
    const key = await q.get();
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0); // not handed to a second worker while the first holds it
    expect(q.inFlight()).toBe(1);
    q.done(key!);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('hands a key to a waiting worker at once', async () => {
    const { q } = queue();
    const pending = q.get();
    q.add('x');
    expect(await pending).toBe('x');
    expect(q.inFlight()).toBe(1);
  });

  it('addAfter delays; an earlier pending delay wins; the key arrives once', () => {
    const { q, clock } = queue();
    q.addAfter('a', 100);
    q.addAfter('a', 500);
    q.addAfter('a', 50);
    clock.advance(49);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    clock.advance(1000);
    expect(q.len()).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('addRateLimited backs off exponentially per key; forget resets', () => {
    const { q, clock } = queue();
    expect([q.addRateLimited('a'), q.addRateLimited('a'), q.addRateLimited('a')]).toEqual([10, 20, 40]);
    expect(q.numRequeues('a')).toBe(3);
    clock.advance(10);
    expect(q.len()).toBe(1); // earliest delayed add fired; later ones were superseded
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
    expect(q.addRateLimited('b')).toBe(10);
  });

  it('reports depth changes', async () => {
    const { q, depths } = queue();
    q.add('a');
    q.add('b');
    await q.get();
    expect(depths).toEqual([1, 2, 1]);
  });

  it('shutDown releases waiting workers, drops delayed adds and ignores new keys; drain waits for in-flight', async () => {
    const { q, clock } = queue();
    q.add('a');
    const held = await q.get();
    const waiting = q.get();
    q.addAfter('b', 10);
    let drained = false;
    const drain = q.shutDownWithDrain().then(() => (drained = true));
    expect(await waiting).toBeUndefined();
    q.add('c');
    clock.advance(100);
    expect(q.len()).toBe(0);
    await Promise.resolve();
    expect(drained).toBe(false);
    q.done(held!);
    await drain;
    expect(drained).toBe(true);
    expect(await q.get()).toBeUndefined();
  });
});
