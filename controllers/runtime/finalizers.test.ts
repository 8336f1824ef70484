import { describe, expect, it } from 'vitest';
import { hasFinalizer, withFinalizer, withoutFinalizer } from './finalizers.js';

describe('finalizer lists', () => {
  it('adds once, removes, keeps the others in order', () => {
    expect(withFinalizer(['a'], 'b')).toEqual(['a', 'b']);
    expect(withFinalizer(['a', 'b'], 'b')).toEqual(['a', 'b']);
    expect(withFinalizer(undefined, 'b')).toEqual(['b']);
    expect(withoutFinalizer(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
    expect(hasFinalizer({ metadata: { finalizers: ['x'] } }, 'x')).toBe(true);
    expect(hasFinalizer({}, 'x')).toBe(false);
  });
});
