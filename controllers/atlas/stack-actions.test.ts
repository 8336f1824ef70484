/** decideStackActions and stackHash on plain values: every rule of the stack decision. */
import { describe, expect, it } from 'vitest';
import type { StackStatus } from '../../src/api/atlas.js';
import { stacksOf } from '../../providers/pulumi/stacks.js';
import { decideStackActions, desiredStack, stackHash, type DecisionInput, type DesiredStack } from './stack-actions.js';

const d = (name: string, extra: Partial<DesiredStack> = {}): DesiredStack => ({
  name,
  hash: `h-${name}`,
  siteKind: 'cloud',
  dependsOn: [],
  peers: [],
  ...extra,
});
const ready = (name: string, extra: Partial<StackStatus> = {}): StackStatus => ({
  name,
  phase: 'Ready',
  appliedHash: `h-${name}`,
  peersSeen: [],
  ...extra,
});
const decide = (input: Partial<DecisionInput>) =>
  decideStackActions({ desired: [], observed: [], inFlight: new Set(), deleting: false, parallelism: 4, ...input });

describe('decideStackActions', () => {
  it('new stacks: initiators run first, the acceptor waits for them', () => {
    const r = decide({ desired: [d('a', { peers: ['b'] }), d('b', { dependsOn: ['a'], peers: ['a'] }), d('c')] });
    expect(r.actions).toEqual([
      { kind: 'up', stack: 'a', resume: false, peersSeen: [] },
      { kind: 'up', stack: 'c', resume: false, peersSeen: [] },
    ]);
    expect(r.waiting).toEqual([{ stack: 'b', reason: 'waiting for a' }]);
  });

  it('a peer Ready since a stack last ran gives it one more up; then nothing', () => {
    const desired = [d('a', { peers: ['b'] }), d('b', { dependsOn: ['a'], peers: ['a'] })];
    const r = decide({ desired, observed: [ready('a'), ready('b', { peersSeen: ['a'] })] });
    expect(r.actions).toEqual([{ kind: 'up', stack: 'a', resume: false, peersSeen: ['b'] }]);
    expect(decide({ desired, observed: [ready('a', { peersSeen: ['b'] }), ready('b', { peersSeen: ['a'] })] })).toEqual({ actions: [], waiting: [] });
  });

  it('a changed hash or a Failed stack runs again; a failed initiator does not block its acceptor', () => {
    const desired = [d('a'), d('b', { dependsOn: ['a'] })];
    const r = decide({ desired, observed: [{ name: 'a', phase: 'Failed', lastError: 'x' }, ready('b', { appliedHash: 'old' })] });
    expect(r.actions.map((a) => a.stack)).toEqual(['a', 'b']);
  });

  it('a stack found Updating or Destroying with no operation of this process is resumed; one in flight is waited for', () => {
    const desired = [d('a'), d('b')];
    const observed: StackStatus[] = [
      { name: 'a', phase: 'Updating' },
      { name: 'b', phase: 'Updating' },
    ];
    const r = decide({ desired, observed, inFlight: new Set(['b']) });
    expect(r.actions).toEqual([{ kind: 'up', stack: 'a', resume: true, peersSeen: [] }]);
    expect(r.waiting).toEqual([{ stack: 'b', reason: 'operation in progress' }]);
  });

  it('a stack removed from the spec is destroyed after the stacks that linked to it ran without it; one that never ran is forgotten', () => {
    const desired = [d('a')];
    const linked = decide({ desired, observed: [ready('a', { appliedHash: 'old', peersSeen: ['z'] }), ready('z'), { name: 'p', phase: 'Pending' }] });
    expect(linked.actions).toEqual([
      { kind: 'up', stack: 'a', resume: false, peersSeen: [] },
      { kind: 'forget', stack: 'p' },
    ]);
    expect(linked.waiting).toEqual([{ stack: 'z', reason: 'waiting for a to drop the link' }]);
    const after = decide({ desired, observed: [ready('a'), ready('z')] });
    expect(after.actions).toEqual([{ kind: 'destroy', stack: 'z', resume: false }]);
  });

  it('deleting: dependents are destroyed before the stacks they depend on; pending entries are forgotten', () => {
    const desired = [d('a'), d('b', { dependsOn: ['a'] }), d('c')];
    const observed = [ready('a'), ready('b'), { name: 'c', phase: 'Pending' as const }];
    const r = decide({ desired, observed, deleting: true });
    expect(r.actions).toEqual([
      { kind: 'forget', stack: 'c' },
      { kind: 'destroy', stack: 'b', resume: false },
    ]);
    expect(r.waiting).toEqual([{ stack: 'a', reason: 'waiting for b to be destroyed' }]);
    expect(decide({ desired, observed: [{ name: 'a', phase: 'Destroying' }], deleting: true }).actions).toEqual([
      { kind: 'destroy', stack: 'a', resume: true },
    ]);
  });

  it('the parallelism bound counts operations in flight; skipped stacks are left alone; on-prem sites never run', () => {
    const desired = [d('a'), d('b'), d('c'), d('d'), d('o', { siteKind: 'onprem' })];
    const r = decide({ desired, inFlight: new Set(['d']), parallelism: 2, skip: new Set(['c']) });
    expect(r.actions.map((a) => a.stack)).toEqual(['a']);
    expect(r.waiting).toEqual([
      { stack: 'd', reason: 'operation in progress' },
      { stack: 'b', reason: 'parallelism bound 2' },
    ]);
  });
});

describe('stackHash and desiredStack', () => {
  const atlas = {
    spec: {
      planRef: { name: 'p' },
      application: 'app',
      executionEnvironment: 'Kubernetes' as const,
      clusters: ['x', 'y'].map((name) => ({ name, platform: 'aws', region: 'r', siteKind: 'cloud' as const, nodePools: [], instances: [] })),
      links: [{ from: 'x', to: 'y', transport: 'peering' as const, components: [] }],
    },
  };
  it('is stable for equal definitions and changes with the definition; acceptors depend on initiators', () => {
    const [x, y] = stacksOf(atlas as Parameters<typeof stacksOf>[0]);
    if (!x || !y) throw new Error('two stacks expected');
    expect(stackHash(x, 'app', 'Kubernetes')).toBe(stackHash({ ...x, cluster: { ...x.cluster } }, 'app', 'Kubernetes'));
    expect(stackHash(x, 'app', 'Kubernetes')).not.toBe(stackHash({ ...x, cluster: { ...x.cluster, region: 'r2' } }, 'app', 'Kubernetes'));
    expect(stackHash(x, 'app', 'Kubernetes')).not.toBe(stackHash(x, 'app', 'VirtualMachine'));
    expect(desiredStack(x, 'app', 'Kubernetes')).toMatchObject({ dependsOn: [], peers: ['y'] });
    expect(desiredStack(y, 'app', 'Kubernetes')).toMatchObject({ dependsOn: ['x'], peers: ['x'] });
  });
});
