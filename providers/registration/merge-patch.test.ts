import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch.js';

describe('mergePatch', () => {
  it('is undefined for equal objects', () => {
    expect(mergePatch({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } })).toBeUndefined();
  });

  it('carries changed and added keys, nulls removed ones, and recurses into objects', () => {
    expect(mergePatch({ spec: { enabled: true, quotas: { vcpus: 4 }, keep: 'x' } }, { spec: { enabled: false, keep: 'x', fee: 1 } })).toEqual({
      spec: { enabled: false, quotas: null, fee: 1 },
    });
  });

  it('replaces an array whole when any element changed', () => {
    const zones = [{ name: 'a', enabled: true }, { name: 'b' }];
    expect(mergePatch({ spec: { zones } }, { spec: { zones: [{ name: 'a', enabled: false }, { name: 'b' }] } })).toEqual({
      spec: { zones: [{ name: 'a', enabled: false }, { name: 'b' }] },
    });
  });

  it('an undefined member counts as absent on both sides', () => {
    expect(mergePatch({ a: 1, b: undefined }, { a: 1 })).toBeUndefined();
    expect(mergePatch({ a: 1 }, { a: 1, b: undefined })).toBeUndefined();
  });
});
