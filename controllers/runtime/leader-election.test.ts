import { describe, expect, it } from 'vitest';
import { decideLease, leaseSpecFor, microTime, type LeaseSpec } from './leader-election.js';

const NOW = 1_000_000;

describe('decideLease', () => {
  const held: LeaseSpec = { holderIdentity: 'other', leaseDurationSeconds: 15, renewTime: '2026-01-01T00:00:00.000000Z' };
  it.each([
    // lease, observed at, expected decision
    ['no Lease yet', undefined, NOW, { action: 'create' }],
    ['we hold it', { ...held, holderIdentity: 'me' }, NOW, { action: 'renew' }],
    ['released (empty holder)', { ...held, holderIdentity: '' }, NOW, { action: 'acquire', why: 'released' }],
    ['held, renewed just now', held, NOW, { action: 'wait', holder: 'other', expiresInMs: 15_000 }],
    ['held, not renewed for 14.9 s', held, NOW - 14_900, { action: 'wait', holder: 'other', expiresInMs: 100 }],
    ['held, not renewed for 15 s: expired', held, NOW - 15_000, { action: 'acquire', why: 'expired' }],
    ['no duration on record: 15 s default', { holderIdentity: 'other' }, NOW - 16_000, { action: 'acquire', why: 'expired' }],
  ] as const)('%s', (_what, lease, observedAt, expected) => {
    expect(decideLease(lease, 'me', NOW, observedAt)).toEqual(expected);
  });
});

describe('leaseSpecFor', () => {
  const now = new Date('2026-03-04T05:06:07.089Z');
  it('create starts at zero transitions', () => {
    expect(leaseSpecFor({ action: 'create' }, undefined, 'me', now, 15)).toEqual({
      holderIdentity: 'me',
      leaseDurationSeconds: 15,
      acquireTime: '2026-03-04T05:06:07.089000Z',
      renewTime: '2026-03-04T05:06:07.089000Z',
      leaseTransitions: 0,
    });
  });
  it('acquire counts a transition and resets acquireTime', () => {
    const old: LeaseSpec = { holderIdentity: 'other', leaseTransitions: 3, acquireTime: 'x', renewTime: 'y', leaseDurationSeconds: 15 };
    expect(leaseSpecFor({ action: 'acquire', why: 'expired' }, old, 'me', now, 10)).toMatchObject({
      holderIdentity: 'me',
      leaseTransitions: 4,
      acquireTime: '2026-03-04T05:06:07.089000Z',
      leaseDurationSeconds: 10,
    });
  });
  it('renew keeps acquireTime and transitions, moves renewTime', () => {
    const old: LeaseSpec = { holderIdentity: 'me', leaseTransitions: 2, acquireTime: 'a', renewTime: 'r', leaseDurationSeconds: 15 };
    expect(leaseSpecFor({ action: 'renew' }, old, 'me', now, 15)).toEqual({ ...old, renewTime: '2026-03-04T05:06:07.089000Z' });
  });
  it('microTime has exactly six fractional digits (metav1.MicroTime)', () => {
    expect(microTime(new Date(0))).toBe('1970-01-01T00:00:00.000000Z');
  });
});
