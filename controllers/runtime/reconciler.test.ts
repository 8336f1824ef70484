import { describe, expect, it } from 'vitest';
import { done, queueActionFor, requeueAfter, terminal, transient } from './reconciler.js';

describe('queueActionFor', () => {
  it.each([
    [done, { action: 'forget' }],
    [terminal('InvalidSpec', 'spec.x: bad'), { action: 'forget' }], // never requeued
    [requeueAfter(1500), { action: 'requeueAfter', afterMs: 1500 }],
    [transient('409'), { action: 'rateLimited' }],
  ])('%#', (result, action) => {
    expect(queueActionFor(result)).toEqual(action);
  });
});
