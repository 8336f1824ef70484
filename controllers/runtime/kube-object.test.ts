import { describe, expect, it } from 'vitest';
import { controllerReference } from './kube-object.js';

describe('controllerReference', () => {
  it('points at the owner as controller and blocks its deletion', () => {
    expect(controllerReference({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'u' } })).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'c',
      uid: 'u',
      controller: true,
      blockOwnerDeletion: true,
    });
    expect(() => controllerReference({ kind: 'ConfigMap', metadata: { name: 'c' } })).toThrow(/read from the API server/);
  });
});
