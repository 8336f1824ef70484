import { describe, expect, it } from 'vitest';
import { Debouncer } from './debounce.js';

describe('Debouncer', () => {
  it('waits the quiet time after the first sight of a hash, then solves', () => {
    const d = new Debouncer();
    expect(d.decide('ns/a', 'h1', 0, 1000)).toEqual({ kind: 'wait', afterMs: 1000 });
    expect(d.decide('ns/a', 'h1', 400, 1000)).toEqual({ kind: 'wait', afterMs: 600 });
    expect(d.decide('ns/a', 'h1', 1000, 1000)).toEqual({ kind: 'solve' });
  });

  it('a burst of changes restarts the wait each time and gives one solve of the last hash', () => {
    const d = new Debouncer();
    const hashes = ['h1', 'h2', 'h3', 'h4'];
    hashes.forEach((h, i) => expect(d.decide('k', h, i * 300, 1000)).toEqual({ kind: 'wait', afterMs: 1000 }));
    expect(d.decide('k', 'h4', 1500, 1000)).toEqual({ kind: 'wait', afterMs: 400 });
    expect(d.decide('k', 'h4', 1900, 1000)).toEqual({ kind: 'solve' });
  });

  it('a policy that never stops changing is solved after maxWaitFactor quiet times', () => {
    const d = new Debouncer(3);
    for (let t = 0; t < 3000; t += 500) expect(d.decide('k', `h${t}`, t, 1000).kind).toBe('wait');
    expect(d.decide('k', 'h3000', 3000, 1000)).toEqual({ kind: 'solve' });
  });

  it('keys are independent; clear forgets; quiet time 0 solves at once', () => {
    const d = new Debouncer();
    d.decide('a', 'h', 0, 1000);
    expect(d.decide('b', 'h', 900, 1000)).toEqual({ kind: 'wait', afterMs: 1000 });
    d.clear('a');
    expect(d.decide('a', 'h', 950, 1000)).toEqual({ kind: 'wait', afterMs: 1000 });
    expect(d.decide('c', 'h', 0, 0)).toEqual({ kind: 'solve' });
  });
});
