/** The approve/reject patch on plain values: bound to inputs, revision and resourceVersion; every refusal. */
import { describe, expect, it } from 'vitest';
import { approvalPatch } from './plan-approval.js';

const HASH = 'c'.repeat(64);
const plan = (approval: object, status: object = {}, placements: object[] = [{ id: 'a@aws/r/z' }]) => ({
  metadata: { name: 'shop-plan', namespace: 'apps', resourceVersion: '42' },
  spec: { inputHash: HASH, revision: 4, approval, placements },
  status,
});

describe('approvalPatch', () => {
  it('approve: a merge patch of spec.approval with the current inputs and revision, conditional on the resourceVersion', () => {
    expect(approvalPatch(plan({ approved: false }), true, 'ann')).toEqual({
      kind: 'patch',
      patch: { metadata: { resourceVersion: '42' }, spec: { approval: { approved: true, approvedBy: 'ann', inputHash: HASH, revision: 4 } } },
      message: 'Plan apps/shop-plan revision 4 (inputs cccccccccccc) approved by ann; the operator applies its Atlas and Harbor',
    });
  });

  it('reject an approved plan: approved false, bound the same way', () => {
    const r = approvalPatch(plan({ approved: true, inputHash: HASH, revision: 4 }), false, 'bob');
    expect(r.kind === 'patch' && r.patch['spec']).toEqual({ approval: { approved: false, approvedBy: 'bob', inputHash: HASH, revision: 4 } });
  });

  it.each([
    [
      'already approved',
      plan({ approved: true, approvedBy: 'ann', inputHash: HASH, revision: 4 }),
      true,
      'unchanged',
      'Plan apps/shop-plan revision 4 (inputs cccccccccccc) is already approved by ann; nothing changed',
    ],
    [
      'already rejected',
      plan({ approved: false, approvedBy: 'bob', inputHash: HASH, revision: 4 }),
      false,
      'unchanged',
      'Plan apps/shop-plan revision 4 (inputs cccccccccccc) is already rejected by bob; nothing changed',
    ],
    [
      'phase NoSolution',
      plan({ approved: false }, { phase: 'NoSolution' }),
      true,
      'refused',
      'Plan apps/shop-plan has no plan for its current inputs (phase NoSolution); nothing to approve',
    ],
    ['nothing placed', plan({ approved: false }, {}, []), true, 'refused', 'Plan apps/shop-plan places nothing; nothing to approve'],
    [
      'not an operator Plan',
      { metadata: { name: 'x', namespace: 'apps' }, spec: {} },
      true,
      'refused',
      'Plan apps/x has no spec.inputHash, spec.revision or spec.approval: not a Plan the operator wrote',
    ],
  ] as const)('%s', (_what, p, approve, kind, message) => {
    expect(approvalPatch(p, approve, 'ann')).toEqual({ kind, message });
  });

  it('an approval for an older revision does not count: approving again patches', () => {
    expect(approvalPatch(plan({ approved: true, inputHash: HASH, revision: 3 }), true, 'ann').kind).toBe('patch');
  });
});
