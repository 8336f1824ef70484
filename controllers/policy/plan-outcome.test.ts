import { describe, expect, it } from 'vitest';
import type { Placement, Plan } from '../../src/api/plan.js';
import { AUTO_APPROVER, monthlyCostUsd, policyStatusFor, revisePlan, solvedPlanStatus } from './plan-outcome.js';
import { planningSettings } from './planning-settings.js';

const placement = (component: string, region: string, nodes = 1): Placement => ({
  id: `${component}@lab/${region}/default`,
  component,
  platform: 'lab',
  region,
  zone: 'default',
  siteKind: 'onprem',
  flavor: 'std',
  nameLabel: '2vCPU-4GB',
  nodes,
  spot: false,
  vcpusPerNode: 2,
  ramGiBPerNode: 4,
  gpusPerNode: 0,
  priceUsdHr: 0.1,
  requiredGroups: [],
  computeUsd: 73 * nodes,
  clusterFeeShareUsd: 0,
});

function plan(hash: string, totalUsd: number, placements: Placement[], extra: Partial<Plan['spec']> = {}): Plan {
  return {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Plan',
    metadata: { name: 'app-plan', namespace: 'ns', labels: { 'skycluster.io/app-id': 'app' } },
    spec: {
      application: 'app',
      policyRefs: { deploymentPolicy: 'app' },
      executionEnvironment: 'Kubernetes',
      horizonHours: 730,
      currency: 'USD',
      inputHash: hash.repeat(64),
      revision: 1,
      approval: { approved: false },
      placements,
      transfers: [],
      clusters: [],
      costs: { computeUsd: totalUsd, clusterFeesUsd: 0, transferUsd: 0, totalUsd },
      catalogSources: [],
      ...extra,
    },
    status: { solver: { name: 'highs', status: 'Optimal', provenOptimal: true, gap: 0, wallSec: 0.1, timeLimitSec: 10, mipGap: 0 } },
  };
}

const settings = (planning: Record<string, unknown> = {}) => planningSettings({ deploymentPolicies: [{ componentRef: { name: 'a' } }], planning });

describe('revisePlan', () => {
  const approvedOld = plan('a', 146, [placement('api', 'east')], { revision: 3 });
  approvedOld.spec.approval = { approved: true, approvedBy: 'me', inputHash: approvedOld.spec.inputHash, revision: 3 };

  it('a move: next revision, approval cleared, diff with the cost delta', () => {
    const r = revisePlan(approvedOld, plan('b', 100, [placement('api', 'west')]), settings());
    expect(r.plan.spec.revision).toBe(4);
    expect(r.plan.spec.approval).toEqual({ approved: false });
    expect(r.diff).toEqual({ fromRevision: 3, fromInputHash: 'a'.repeat(64), moved: ['api'], added: [], removed: [], costDeltaUsd: -46 });
    expect(r.autoApproved).toBe(false);
  });

  it('same placements: same revision, the approval re-bound to the new inputs', () => {
    const r = revisePlan(approvedOld, plan('b', 150, [placement('api', 'east')]), settings());
    expect(r.plan.spec.revision).toBe(3);
    expect(r.plan.spec.approval).toEqual({ approved: true, approvedBy: 'me', inputHash: 'b'.repeat(64), revision: 3 });
  });

  it.each([
    // autoApprove with no bound approves any new revision
    [{ autoApprove: true }, 10, true],
    // below the bound: approved; above: left for a user
    [{ autoApprove: true, autoApproveMaxCostDeltaUsd: 20 }, 10, true],
    [{ autoApprove: true, autoApproveMaxCostDeltaUsd: 5 }, 10, false],
    // a saving always passes a non-negative bound
    [{ autoApprove: true, autoApproveMaxCostDeltaUsd: 0 }, -30, true],
    // without autoApprove nothing is approved
    [{}, -30, false],
  ])('autoApprove %o with a cost delta of %d → %s', (planning, delta, approved) => {
    const r = revisePlan(approvedOld, plan('b', 146 + delta, [placement('api', 'west')]), settings(planning));
    expect(r.autoApproved).toBe(approved);
    expect(r.plan.spec.approval).toEqual(
      approved ? { approved: true, approvedBy: AUTO_APPROVER, inputHash: 'b'.repeat(64), revision: 4 } : { approved: false },
    );
  });

  it('the first plan counts its whole total against the bound', () => {
    expect(
      revisePlan(undefined, plan('b', 100, [placement('api', 'east')]), settings({ autoApprove: true, autoApproveMaxCostDeltaUsd: 99 })).autoApproved,
    ).toBe(false);
    expect(
      revisePlan(undefined, plan('b', 100, [placement('api', 'east')]), settings({ autoApprove: true, autoApproveMaxCostDeltaUsd: 100 }))
        .autoApproved,
    ).toBe(true);
  });
});

describe('statuses', () => {
  it('monthly cost: recurring cost per 730 h, the one-time migration left out', () => {
    const p = plan('a', 250, [], {
      horizonHours: 1460,
      costs: { computeUsd: 200, clusterFeesUsd: 0, transferUsd: 0, migrationUsd: 50, totalUsd: 250 },
    });
    expect(monthlyCostUsd(p.spec)).toBe(100);
  });

  it('the Plan status keeps the approval gate’s Approved condition and replaces the old diff', () => {
    const solved = plan('b', 100, [placement('api', 'east')]);
    const approvedCond = {
      type: 'Approved' as const,
      status: 'False' as const,
      reason: 'AwaitingApproval' as const,
      message: 'm',
      lastTransitionTime: 't0',
    };
    const r = revisePlan(undefined, solved, settings());
    const s = solvedPlanStatus(
      { conditions: [approvedCond], diff: { fromRevision: 1, fromInputHash: 'x', moved: ['a'], added: [], removed: [], costDeltaUsd: 1 } },
      solved,
      r,
      2,
      't1',
    );
    expect(s.conditions).toEqual([
      approvedCond,
      {
        type: 'Ready',
        status: 'True',
        reason: 'Solved',
        message: 'revision 1: 100.00 USD/month, Optimal',
        observedGeneration: 2,
        lastTransitionTime: 't1',
      },
    ]);
    expect(s.diff).toBeUndefined();
    expect(s).toMatchObject({ phase: 'AwaitingApproval', monthlyCostUsd: 100, observedGeneration: 2 });
  });

  it('policy status: an unchanged verdict keeps lastTransitionTime', () => {
    const verdict = {
      kind: 'invalid' as const,
      issues: [{ severity: 'error' as const, object: 'DeploymentPolicy/a', path: 'spec.x', message: 'bad' }],
    };
    const first = policyStatusFor(undefined, verdict, 1, 't1');
    expect(first).toEqual({
      observedGeneration: 1,
      phase: 'Invalid',
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'InvalidSpec',
          message: '(DeploymentPolicy/a): spec.x: bad',
          observedGeneration: 1,
          lastTransitionTime: 't1',
        },
      ],
    });
    expect(policyStatusFor(first, verdict, 1, 't2')).toEqual(first);
  });
});
