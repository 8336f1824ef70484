/** atlasConditions and atlasStatus on plain values: which reason wins, and when Ready becomes True. */
import { describe, expect, it } from 'vitest';
import { atlasConditions, atlasStatus, type StatusFacts } from './atlas-status.js';

const base: StatusFacts = {
  generation: 3,
  desired: [{ name: 'a', hash: 'h', siteKind: 'cloud', dependsOn: [], peers: [] }],
  stacks: [{ name: 'a', phase: 'Ready', appliedHash: 'h' }],
  deleting: false,
  waiting: [],
  missingSecrets: [],
  running: [],
  settled: true,
};

describe('atlasConditions', () => {
  it('Ready=True only when every stack is Ready at its current hash and the pass settled', () => {
    expect(atlasConditions(base).ready).toEqual({
      type: 'Ready',
      status: 'True',
      reason: 'Provisioned',
      message: '1 stack(s) ready',
      observedGeneration: 3,
    });
    expect(atlasConditions({ ...base, settled: false }).ready.reason).toBe('InProgress');
    expect(atlasConditions({ ...base, stacks: [{ name: 'a', phase: 'Ready', appliedHash: 'old' }] }).ready.status).toBe('False');
    expect(atlasConditions({ ...base, stacks: [...base.stacks, { name: 'gone', phase: 'Ready' }] }).ready.status).toBe('False');
  });

  it('in progress names what runs and what waits', () => {
    const c = atlasConditions({
      ...base,
      stacks: [{ name: 'a', phase: 'Updating' }],
      running: ['a'],
      waiting: [{ stack: 'b', reason: 'waiting for a' }],
    });
    expect(c.provisioning).toMatchObject({ status: 'True', reason: 'InProgress', message: 'running: a; waiting: b (waiting for a)' });
  });

  it('a failed stack gives PulumiError with its redacted error; a missing Secret gives CredentialsMissing naming it', () => {
    const failed = atlasConditions({ ...base, stacks: [{ name: 'a', phase: 'Failed', lastError: 'boom [redacted]' }] });
    expect(failed.ready).toMatchObject({ status: 'False', reason: 'PulumiError', message: 'stack a: boom [redacted]' });
    expect(failed.provisioning).toMatchObject({ status: 'False', reason: 'PulumiError' });
    const missing = atlasConditions({
      ...base,
      stacks: [{ name: 'a', phase: 'Pending' }],
      missingSecrets: [{ stack: 'a', message: 'cluster a: Secret s not found' }],
    });
    expect(missing.ready).toMatchObject({ reason: 'CredentialsMissing', message: 'cluster a: Secret s not found' });
  });

  it('invalid spec, engine unavailable and deletion have their own reasons', () => {
    expect(atlasConditions({ ...base, invalid: 'spec.links[0].to: x' }).ready).toMatchObject({
      reason: 'InvalidSpec',
      message: 'invalid spec: spec.links[0].to: x',
    });
    expect(atlasConditions({ ...base, engineUnavailable: 'no Secret' }).ready).toMatchObject({ reason: 'EngineUnavailable', message: 'no Secret' });
    expect(atlasConditions({ ...base, deleting: true }).ready).toMatchObject({
      status: 'False',
      reason: 'Deleting',
      message: 'destroying 1 stack(s)',
    });
    expect(atlasConditions({ ...base, deleting: true }).provisioning).toMatchObject({ status: 'True', reason: 'Deleting' });
  });
});

describe('atlasStatus', () => {
  it('sorts stacks, keeps lastTransitionTime while a status holds, and records the generation', () => {
    const facts: StatusFacts = {
      ...base,
      desired: [],
      stacks: [
        { name: 'b', phase: 'Pending' },
        { name: 'a', phase: 'Pending' },
      ],
      settled: false,
    };
    const s1 = atlasStatus(undefined, facts, '2026-12-02T10:00:00Z');
    expect(s1.stacks?.map((s) => s.name)).toEqual(['a', 'b']);
    expect(s1.observedGeneration).toBe(3);
    const s2 = atlasStatus(s1, { ...facts, running: ['a'] }, '2026-12-02T11:00:00Z');
    expect(s2.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2026-12-02T10:00:00Z');
  });
});
