/** The get tables on plain values: the columns a user reads, from what the controllers write. */
import { describe, expect, it } from 'vitest';
import { approvalOf, monthlyCostOf, renderGetTable } from './get-tables.js';

const NOW = Date.parse('2026-12-02T12:10:00Z');
const HASH = 'd'.repeat(64);
const plan = (approval: object, status: object = {}) => ({
  kind: 'Plan',
  metadata: { name: 'shop-plan', namespace: 'apps', creationTimestamp: '2026-12-02T12:00:00Z', labels: { 'skycluster.io/app-id': 'shop' } },
  spec: { application: 'shop', inputHash: HASH, revision: 3, horizonHours: 8760, costs: { totalUsd: 12000 }, approval },
  status,
});

describe('get tables', () => {
  it('plans: phase and ready from the status, monthly cost scaled to 730 h when the status has none, approval state', () => {
    const p = plan(
      { approved: true, inputHash: HASH, revision: 3 },
      { phase: 'Approved', conditions: [{ type: 'Ready', status: 'False', reason: 'NotProvenOptimal' }] },
    );
    expect(renderGetTable('plans', [p], NOW, false)).toBe(
      [
        'NAME        APP    PHASE      READY                      MONTHLY COST   REVISION   APPROVED   AGE',
        'shop-plan   shop   Approved   False (NotProvenOptimal)   $1,000.00      3          yes        10m',
      ].join('\n'),
    );
    expect(monthlyCostOf(plan({}, { monthlyCostUsd: 42 }))).toBe(42);
  });

  it.each([
    [{ approved: true, inputHash: HASH, revision: 3 }, 'yes'],
    [{ approved: true, inputHash: HASH, revision: 2 }, 'outdated'],
    [{ approved: false, approvedBy: 'bob', inputHash: HASH, revision: 3 }, 'rejected'],
    [{ approved: false }, 'no'],
  ])('approval %j → %s', (approval, shown) => {
    expect(approvalOf(plan(approval))).toBe(shown);
  });

  it('policies across namespaces: the DeploymentPolicy phase and monthly cost; none on a DataflowPolicy', () => {
    const meta = { name: 'shop', namespace: 'apps', creationTimestamp: '2026-12-01T12:10:00Z', labels: { 'skycluster.io/app-id': 'shop' } };
    const text = renderGetTable(
      'policies',
      [
        {
          kind: 'DeploymentPolicy',
          metadata: meta,
          status: { phase: 'Planned', monthlyCostUsd: 99.5, conditions: [{ type: 'Ready', status: 'True', reason: 'Planned' }] },
        },
        { kind: 'DataflowPolicy', metadata: meta },
      ],
      NOW,
      true,
    );
    expect(text.split('\n')).toEqual([
      'NAMESPACE   KIND               NAME   APP    PHASE     READY   MONTHLY COST   AGE',
      'apps        DeploymentPolicy   shop   shop   Planned   True    $99.50         24h',
      'apps        DataflowPolicy     shop   shop   -         -       -              24h',
    ]);
  });
});
