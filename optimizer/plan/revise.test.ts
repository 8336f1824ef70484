import { describe, expect, it } from 'vitest';
import { PlanSchema, isApproved, type Placement, type Plan } from '../../src/api/plan.js';
import { placementId } from '../../src/util/names.js';
import { diffPlans, reviseAgainst } from './revise.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function placement(component: string, zone: string, flavor = 'm5.large', nodes = 1): Placement {
  return {
    id: placementId(component, 'aws', 'us-east-1', zone),
    component,
    platform: 'aws',
    region: 'us-east-1',
    zone,
    siteKind: 'cloud',
    flavor,
    nameLabel: '2vCPU-8GB',
    nodes,
    spot: false,
    vcpusPerNode: 2,
    ramGiBPerNode: 8,
    gpusPerNode: 0,
    priceUsdHr: 0.096,
    requiredGroups: [],
    computeUsd: 70,
    clusterFeeShareUsd: 36.5,
  };
}

function plan(placements: Placement[], totalUsd: number, inputHash = HASH_A, over: Partial<Plan['spec']> = {}): Plan {
  return PlanSchema.parse({
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Plan',
    metadata: { name: 'shop-plan', namespace: 'default' },
    spec: {
      application: 'shop',
      policyRefs: { deploymentPolicy: 'shop' },
      executionEnvironment: 'Kubernetes',
      horizonHours: 730,
      currency: 'USD',
      inputHash,
      revision: 1,
      approval: { approved: false },
      placements,
      transfers: [],
      clusters: [],
      costs: { computeUsd: totalUsd, clusterFeesUsd: 0, transferUsd: 0, totalUsd },
      catalogSources: [],
      ...over,
    },
  });
}

describe('diffPlans', () => {
  it('names moved, added and removed components and the cost delta', () => {
    const a = plan([placement('web', 'use1-az1'), placement('db', 'use1-az1'), placement('old', 'use1-az1')], 300);
    const b = plan([placement('web', 'use1-az2'), placement('db', 'use1-az1'), placement('new', 'use1-az1')], 250.5);
    expect(diffPlans(a, b)).toEqual({ moved: ['web'], added: ['new'], removed: ['old'], costDeltaUsd: -49.5, samePlacements: false });
  });

  it('counts a change of flavor or node count as a move, and a price change alone as none', () => {
    const a = plan([placement('web', 'use1-az1')], 100);
    expect(diffPlans(a, plan([placement('web', 'use1-az1', 'm5.xlarge')], 100)).moved).toEqual(['web']);
    expect(diffPlans(a, plan([placement('web', 'use1-az1', 'm5.large', 2)], 100)).moved).toEqual(['web']);
    expect(diffPlans(a, plan([placement('web', 'use1-az1')], 90)).samePlacements).toBe(true);
  });
});

describe('reviseAgainst', () => {
  const approvedA = (): Plan =>
    plan([placement('web', 'use1-az1')], 100, HASH_A, { approval: { approved: true, approvedBy: 'ana', inputHash: HASH_A, revision: 1 } });

  it('keeps revision and approval when a re-solve lands on the same placements (re-bound to the new hash)', () => {
    const { plan: next, diff } = reviseAgainst(approvedA(), plan([placement('web', 'use1-az1')], 95, HASH_B));
    expect(diff?.samePlacements).toBe(true);
    expect(next.spec.revision).toBe(1);
    expect(next.spec.approval).toEqual({ approved: true, approvedBy: 'ana', inputHash: HASH_B, revision: 1 });
    expect(isApproved(next)).toBe(true);
  });

  it('moves to the next revision and clears the approval when a placement changes', () => {
    const { plan: next, diff } = reviseAgainst(approvedA(), plan([placement('web', 'use1-az2')], 90, HASH_B));
    expect(diff?.moved).toEqual(['web']);
    expect(next.spec.revision).toBe(2);
    expect(next.spec.approval).toEqual({ approved: false });
    expect(isApproved(next)).toBe(false);
  });

  it('does not revive an approval that was already void (given for another hash)', () => {
    const stale = plan([placement('web', 'use1-az1')], 100, HASH_A, { approval: { approved: true, inputHash: HASH_B, revision: 1 } });
    expect(isApproved(stale)).toBe(false);
    const { plan: next } = reviseAgainst(stale, plan([placement('web', 'use1-az1')], 100, HASH_B));
    expect(next.spec.approval).toEqual({ approved: false });
  });

  it('returns the new plan unchanged when there is no previous one', () => {
    const fresh = plan([placement('web', 'use1-az1')], 100);
    expect(reviseAgainst(undefined, fresh)).toEqual({ plan: fresh });
  });
});
