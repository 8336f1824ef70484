/**
 * Fractional GPUs, as the catalog sells them (Azure's NV12ads_A10_v5 carries a third of an A10: gpu_count
 * 0.333 in /work/shared/data/catalog/catalog_azure.csv; GCP shares GPUs in quarters): the model sizes nodes,
 * counts quotas and writes the plan with the fraction itself, and the independent evaluator agrees.
 */
import { describe, expect, it } from 'vitest';
import { PlanSchema } from '../src/api/plan.js';
import { formatIssue } from '../src/validate/issue.js';
import { evaluatePlan } from './evaluate/index.js';
import { optimize } from './optimize.js';
import { getSolver } from './solvers/index.js';
import { FakeCatalog } from './testing/fake-catalog.js';
import { deploymentPolicy, policyItem, testFlavor, testSite } from './testing/small-sites.js';

const eastus = testSite('azure', 'eastus', { quotas: { gpus: 1 } });
const catalog = new FakeCatalog({
  sites: [eastus],
  offerings: [
    testFlavor(eastus, 'Standard_D2s_v5', 2, 8, 0.096),
    testFlavor(eastus, 'Standard_NV12ads_A10_v5', 12, 110, 1.09, { gpuModel: 'A10', gpuCount: 0.333, nameLabel: '12vCPU-110GB' }),
  ],
  egressUsdPerGB: new Map(),
  rttMs: new Map(),
});

/** One component of `replicas` replicas, each asking for a third of an A10, one replica per node (90 GiB each). */
const policy = (replicas: number) =>
  deploymentPolicy([policyItem('render', { replicas, resources: { cpu: '2', memory: '90Gi', gpu: { count: 0.333, model: 'A10' } } })]);

async function run(replicas: number) {
  return optimize({
    deploymentPolicy: policy(replicas),
    catalog,
    solver: getSolver('highs'),
    timeLimitSec: 30,
    mipGap: 1e-6,
    now: () => performance.now(),
  });
}

describe('fractional GPUs', () => {
  it('three nodes of a third of a GPU fit a quota of one GPU; the plan keeps 0.333 per node', async () => {
    const out = await run(3);
    expect(out.kind).toBe('planned');
    if (out.kind !== 'planned') return;
    const [p] = out.plan.spec.placements;
    expect(out.plan.spec.placements.length).toBe(1);
    expect(p?.flavor).toBe('Standard_NV12ads_A10_v5');
    expect(p?.nodes).toBe(3);
    expect(p?.gpusPerNode).toBe(0.333);
    expect(PlanSchema.safeParse(out.plan).success).toBe(true);
    const ev = evaluatePlan({ deploymentPolicy: policy(3), placements: out.plan.spec.placements, catalog, horizonHours: out.plan.spec.horizonHours });
    expect(ev.violations).toEqual([]);
    expect(ev.costs.totalUsd).toBeCloseTo(out.plan.spec.costs.totalUsd, 6);
  });

  it('four nodes need 1.332 GPUs: the model reports the quota, and the evaluator flags such a plan', async () => {
    const out = await run(4);
    expect(out.kind).toBe('infeasible');
    expect(out.kind === 'infeasible' && out.issues.map(formatIssue)).toContain(
      '  - azure/eastus: quota of 1 GPUs (ProviderProfile spec.quotas.gpus)',
    );
    const three = await run(3);
    if (three.kind !== 'planned') throw new Error(three.kind);
    const placements = three.plan.spec.placements.map((p) => ({ ...p, nodes: 4 }));
    const ev = evaluatePlan({ deploymentPolicy: policy(4), placements, catalog, horizonHours: three.plan.spec.horizonHours });
    expect(ev.violations.map((v) => v.rule)).toContain('quota-gpus');
    expect(ev.violations.find((v) => v.rule === 'quota-gpus')?.message).toBe('site azure/eastus uses 1.332 GPUs, quota is 1');
  });
});
