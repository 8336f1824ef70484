import { describe, expect, it } from 'vitest';
import { apiVersionOf, BUILTIN, objectKey, parseObjectKey, resourcePath } from './resource.js';

describe('resource paths and keys', () => {
  const dp = { group: 'policy.skycluster.io', version: 'v1alpha1', kind: 'DeploymentPolicy', plural: 'deploymentpolicies', namespaced: true };
  it.each([
    // ref, location, path
    [dp, {}, '/apis/policy.skycluster.io/v1alpha1/deploymentpolicies'], // all namespaces
    [dp, { namespace: 'ns' }, '/apis/policy.skycluster.io/v1alpha1/namespaces/ns/deploymentpolicies'],
    [dp, { namespace: 'ns', name: 'a', subresource: 'status' }, '/apis/policy.skycluster.io/v1alpha1/namespaces/ns/deploymentpolicies/a/status'],
    [BUILTIN.configMap, { namespace: 'ns', name: 'c' }, '/api/v1/namespaces/ns/configmaps/c'], // core group
    [BUILTIN.namespace, { namespace: 'ignored', name: 'n' }, '/api/v1/namespaces/n'], // cluster-scoped
    [BUILTIN.crd, { subresource: 'status' }, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions'], // no name: no subresource
  ])('%#: %s', (ref, at, expected) => {
    expect(resourcePath(ref, at)).toBe(expected);
  });
  it('apiVersionOf, objectKey and parseObjectKey', () => {
    expect(apiVersionOf(BUILTIN.lease)).toBe('coordination.k8s.io/v1');
    expect(apiVersionOf(BUILTIN.event)).toBe('v1');
    expect(objectKey({ namespace: 'a', name: 'b' })).toBe('a/b');
    expect(objectKey({ name: 'cluster-wide' })).toBe('cluster-wide');
    expect(parseObjectKey('a/b')).toEqual({ namespace: 'a', name: 'b' });
    expect(parseObjectKey('cluster-wide')).toEqual({ namespace: undefined, name: 'cluster-wide' });
  });
});
