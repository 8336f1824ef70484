import { describe, expect, it } from 'vitest';
import { conditionsEqual, findCondition, isConditionTrue, setCondition, type Condition } from './conditions.js';

type T = 'Ready' | 'Valid';
type R = 'Solved' | 'Invalid' | 'Pending';
const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:05:00Z';

describe('setCondition', () => {
  const ready: Condition<T, R> = {
    type: 'Ready',
    status: 'False',
    reason: 'Pending',
    message: 'waiting',
    observedGeneration: 1,
    lastTransitionTime: T0,
  };

  it('appends a new type with now as lastTransitionTime', () => {
    const out = setCondition<T, R>([], { type: 'Valid', status: 'True', reason: 'Solved', message: 'ok', observedGeneration: 2 }, T1);
    expect(out).toEqual([{ type: 'Valid', status: 'True', reason: 'Solved', message: 'ok', observedGeneration: 2, lastTransitionTime: T1 }]);
  });

  it('keeps lastTransitionTime when the status is unchanged, even if reason, message and generation change', () => {
    const out = setCondition<T, R>([ready], { type: 'Ready', status: 'False', reason: 'Invalid', message: 'bad', observedGeneration: 3 }, T1);
    expect(out[0]).toEqual({ type: 'Ready', status: 'False', reason: 'Invalid', message: 'bad', observedGeneration: 3, lastTransitionTime: T0 });
  });

  it('moves lastTransitionTime when the status changes, and does not mutate its input', () => {
    const input = [ready];
    const out = setCondition<T, R>(input, { type: 'Ready', status: 'True', reason: 'Solved', message: '', observedGeneration: 1 }, T1);
    expect(out[0]?.lastTransitionTime).toBe(T1);
    expect(input[0]).toBe(ready);
    expect(ready.status).toBe('False');
  });

  it('replaces in place and keeps the order of other types', () => {
    const valid: Condition<T, R> = { ...ready, type: 'Valid', status: 'True' };
    const out = setCondition<T, R>([ready, valid], { type: 'Ready', status: 'True', reason: 'Solved', message: '' }, T1);
    expect(out.map((c) => c.type)).toEqual(['Ready', 'Valid']);
    expect(out[1]).toBe(valid);
  });
});

describe('condition queries', () => {
  const list: Condition<T, R>[] = [{ type: 'Ready', status: 'True', reason: 'Solved', message: '', observedGeneration: 4, lastTransitionTime: T0 }];
  it.each([
    [undefined, true], // any generation
    [4, true], // computed for the current generation
    [5, false], // stale: computed for an older generation
  ])('isConditionTrue(Ready, generation %s) is %s', (gen, expected) => {
    expect(isConditionTrue(list, 'Ready', gen)).toBe(expected);
  });
  it('findCondition and a missing type', () => {
    expect(findCondition(list, 'Ready')?.reason).toBe('Solved');
    expect(findCondition(list, 'Valid')).toBeUndefined();
    expect(isConditionTrue(list, 'Valid')).toBe(false);
  });
  it('conditionsEqual ignores order and sees any field change', () => {
    const a = setCondition<T, R>(list, { type: 'Valid', status: 'True', reason: 'Solved', message: '' }, T1);
    expect(conditionsEqual(a, [...a].reverse())).toBe(true);
    expect(conditionsEqual(a, setCondition(a, { type: 'Valid', status: 'True', reason: 'Solved', message: 'x' }, T1))).toBe(false);
    expect(conditionsEqual(a, list)).toBe(false);
  });
});
