import { describe, expect, it } from 'vitest';
import { operationOf } from './apply.js';

describe('operationOf', () => {
  const obj = (rv: string) => ({ metadata: { resourceVersion: rv } });
  it.each([
    [undefined, obj('5'), 201, 'created'], // did not exist
    [undefined, obj('5'), 200, 'created'], // created between our read and the apply
    [obj('4'), obj('5'), 200, 'updated'], // the apply changed it
    [obj('5'), obj('5'), 200, 'unchanged'], // no-op apply keeps the resourceVersion
  ] as const)('%#', (before, after, status, expected) => {
    expect(operationOf(before, after, status)).toBe(expected);
  });
});
