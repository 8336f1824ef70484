import { describe, expect, it } from 'vitest';
import { PlanSchema, type Plan } from '../../src/api/plan.js';
import { fitPlanToBudget } from './size-budget.js';

function plan(explanations: number, placements = 1): Plan {
  return PlanSchema.parse({
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Plan',
    metadata: { name: 'big-plan', namespace: 'default' },
    spec: {
      application: 'big',
      policyRefs: { deploymentPolicy: 'big' },
      executionEnvironment: 'Kubernetes',
      horizonHours: 730,
      currency: 'USD',
      inputHash: 'c'.repeat(64),
      revision: 1,
      approval: { approved: false },
      placements: Array.from({ length: placements }, (_, i) => ({
        id: `c${i}@aws/us-east-1/use1-az1`,
        component: `c${i}`,
        platform: 'aws',
        region: 'us-east-1',
        zone: 'use1-az1',
        siteKind: 'cloud',
        flavor: 'm5.large',
        nameLabel: '2vCPU-8GB',
        nodes: 1,
        spot: false,
        vcpusPerNode: 2,
        ramGiBPerNode: 8,
        gpusPerNode: 0,
        priceUsdHr: 0.096,
        requiredGroups: [],
        computeUsd: 70.08,
        clusterFeeShareUsd: 0,
      })),
      transfers: [],
      clusters: [],
      costs: { computeUsd: 1, clusterFeesUsd: 0, transferUsd: 0, totalUsd: 1 },
      catalogSources: [],
    },
    status: {
      explanations: Array.from({ length: explanations }, (_, i) => ({
        component: `c${i}`,
        message: `c${i} is cheapest here `.repeat(5),
        binding: [],
      })),
    },
  });
}

describe('fitPlanToBudget', () => {
  it('leaves a plan that fits untouched', () => {
    const p = plan(10);
    const fitted = fitPlanToBudget(p, 'ConfigMap/big-plan-explanations', 1_000_000);
    expect(fitted.plan).toBe(p);
    expect(fitted.overflow).toEqual([]);
    expect(fitted.fits).toBe(true);
  });

  it('moves the explanations out of an oversized plan, says where, and keeps the spec whole', () => {
    const p = plan(500);
    const budget = JSON.stringify(p).length - 1000;
    const fitted = fitPlanToBudget(p, 'ConfigMap/big-plan-explanations', budget);
    expect(fitted.fits).toBe(true);
    expect(fitted.overflow).toHaveLength(500);
    expect(fitted.plan.spec).toBe(p.spec);
    expect(fitted.plan.status?.explanations).toBeUndefined();
    expect(fitted.plan.status?.issues?.[0]?.message).toMatch(
      /^500 explanation\(s\) moved to ConfigMap\/big-plan-explanations: the Plan would take \d+ bytes/,
    );
    expect(fitted.bytes).toBeLessThanOrEqual(budget);
    expect(PlanSchema.safeParse(fitted.plan).success).toBe(true);
  });

  it('reports a plan whose spec alone is over the budget as not fitting', () => {
    const fitted = fitPlanToBudget(plan(5, 200), 'ConfigMap/x', 10_000);
    expect(fitted.fits).toBe(false);
    expect(fitted.bytes).toBeGreaterThan(10_000);
  });
});
