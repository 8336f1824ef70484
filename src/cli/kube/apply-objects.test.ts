/** What `skycluster apply` sends, on plain values: namespaces (kubectl rules), server fields stripped, kinds refused. */
import { describe, expect, it } from 'vitest';
import type { ValidObject } from '../../validate/validate-object.js';
import { applyIntents } from './apply-objects.js';

const valid = (kind: string, value: Record<string, unknown>, object: unknown = value): ValidObject => ({
  source: { file: 'in.yaml', document: 1, value },
  kind,
  name: 'x',
  object,
});
const dp = (meta: Record<string, unknown> = {}) =>
  valid('DeploymentPolicy', {
    apiVersion: 'policy.skycluster.io/v1alpha1',
    kind: 'DeploymentPolicy',
    metadata: { name: 'x', ...meta },
    spec: { a: 1 },
  });

describe('applyIntents', () => {
  it('policies take -n or the context namespace; providers without a namespace go to skycluster-system; applied providers first', () => {
    const pp = valid('ProviderProfile', { apiVersion: 'core.skycluster.io/v1alpha1', kind: 'ProviderProfile', metadata: { name: 'x' }, spec: {} });
    const r = applyIntents([dp(), pp], { namespace: 'apps', fromFlag: false });
    expect(r.issues).toEqual([]);
    expect(r.intents.map((i) => [i.ref.kind, i.object.metadata?.namespace])).toEqual([
      ['ProviderProfile', 'skycluster-system'],
      ['DeploymentPolicy', 'apps'],
    ]);
    expect(applyIntents([pp], { namespace: 'lab', fromFlag: true }).intents[0]?.object.metadata?.namespace).toBe('lab');
  });

  it('server-owned metadata and status of an export are not sent back', () => {
    const r = applyIntents([dp({ uid: 'u', resourceVersion: '7', managedFields: [], creationTimestamp: 't', labels: { a: 'b' } })], {
      namespace: 'apps',
      fromFlag: false,
    });
    expect(r.intents[0]?.object.metadata).toEqual({ name: 'x', labels: { a: 'b' }, namespace: 'apps' });
  });

  it('a bare SkyCluster profile spec (no apiVersion/kind) is sent as the validator wrapped it', () => {
    const wrapped = { apiVersion: 'core.skycluster.io/v1alpha1', kind: 'ProviderProfile', metadata: { name: 'x' }, spec: { platform: 'aws' } };
    const r = applyIntents([valid('ProviderProfile', { platform: 'aws' }, wrapped)], { namespace: 'apps', fromFlag: false });
    expect(r.intents[0]?.object).toEqual({ ...wrapped, metadata: { name: 'x', namespace: 'skycluster-system' } });
  });

  it.each([
    [
      'a namespace other than -n',
      dp({ namespace: 'shop' }),
      'metadata.namespace',
      'the object\'s namespace "shop" does not match --namespace "apps"',
    ],
    [
      'an Atlas',
      valid('Atlas', { apiVersion: 'core.skycluster.io/v1alpha1', kind: 'Atlas', metadata: { name: 'x' } }),
      'kind',
      'skycluster apply takes ProviderProfile, InstanceType, DataflowPolicy, DeploymentPolicy; Atlas objects are written by the operator',
    ],
    [
      'a Skyhook',
      valid('Skyhook', { apiVersion: 'skyhook.nvidia.com/v1alpha1', kind: 'Skyhook', metadata: { name: 'x' } }),
      'kind',
      'skycluster apply takes ProviderProfile, InstanceType, DataflowPolicy, DeploymentPolicy; Skyhook objects are applied with kubectl',
    ],
  ] as const)('%s is refused, naming file, object and field', (_what, v, path, message) => {
    const r = applyIntents([v], { namespace: 'apps', fromFlag: true });
    expect(r.intents).toEqual([]);
    expect(r.issues).toEqual([{ severity: 'error', file: 'in.yaml', document: 1, object: `${v.kind}/x`, path, message }]);
  });
});
