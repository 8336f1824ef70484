/**
 * SkyCluster's air-quality application (its policies unchanged) on the bundled catalog plus its three SAVI
 * edge sites registered as on-prem providers: every latency bound holds in the plan; without the VAUGHAN
 * site the report names the policy line that cannot be met.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registrationFromObjects } from '../src/catalog/from-profiles.js';
import { sortInputs } from '../src/cli/inputs.js';
import { parseDocuments } from '../src/validate/documents.js';
import { formatIssue } from '../src/validate/issue.js';
import { validateDocuments } from '../src/validate/validate-documents.js';
import { evaluatePlan } from '../optimizer/evaluate/index.js';
import { optimize } from '../optimizer/optimize.js';
import { getSolver } from '../optimizer/solvers/index.js';
import { extendCatalog, loadBundledCatalog } from '../providers/catalog/load-catalog.js';

function load(...files: string[]) {
  const docs = files.flatMap((f) => parseDocuments(readFileSync(f, 'utf8'), f).documents);
  const checked = validateDocuments(docs);
  expect(checked.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return sortInputs(checked.objects);
}

async function plan(providersFile: string) {
  const inputs = load('policies/air-quality.yaml', providersFile);
  const reg = registrationFromObjects(inputs.profiles, inputs.instanceTypes);
  expect(reg.issues).toEqual([]);
  const catalog = extendCatalog(loadBundledCatalog(), reg.sites, reg.offerings, reg.egressTiers, reg.latencies);
  const app = inputs.applications[0];
  if (!app) throw new Error('no application');
  const outcome = await optimize({
    deploymentPolicy: app.deploymentPolicy,
    ...(app.dataflowPolicy ? { dataflowPolicy: app.dataflowPolicy } : {}),
    catalog,
    solver: getSolver('highs'),
    timeLimitSec: 60,
    mipGap: 1e-6,
    now: () => performance.now(),
  });
  return { outcome, catalog, app };
}

describe('SkyCluster air-quality', () => {
  it('optimizes unchanged with the three SAVI sites, and every latency bound holds', async () => {
    const { outcome, catalog, app } = await plan('test/fixtures/air-quality/savi-sites.yaml');
    expect(outcome.kind).toBe('planned');
    if (outcome.kind !== 'planned') return;
    const spec = outcome.plan.spec;
    expect(outcome.plan.status?.solver?.status).toBe('Optimal');
    // collector-edge runs once in each required edge site.
    const edgeSites = spec.placements
      .filter((p) => p.component === 'collector-edge')
      .map((p) => p.region)
      .sort();
    expect(edgeSites).toEqual(['SCINET', 'VAUGHAN', 'toronto']);
    for (const t of spec.transfers) {
      if (t.latencyBoundMs !== undefined) expect(t.rttMs, `${t.from} → ${t.to} ${t.fromSite} → ${t.toSite}`).toBeLessThanOrEqual(t.latencyBoundMs);
    }
    const ev = evaluatePlan({
      deploymentPolicy: app.deploymentPolicy,
      ...(app.dataflowPolicy ? { dataflowPolicy: app.dataflowPolicy } : {}),
      placements: spec.placements,
      catalog,
      horizonHours: spec.horizonHours,
    });
    expect(ev.violations).toEqual([]);
    expect(ev.costs.totalUsd).toBeCloseTo(spec.costs.totalUsd, 3);
    expect(outcome.plan.status?.explanations?.length).toBe(spec.placements.length);
  }, 120_000);

  it('names the missing VAUGHAN site when it is not registered', async () => {
    const { outcome } = await plan('test/fixtures/air-quality/savi-sites-without-vaughan.yaml');
    expect(outcome.kind).toBe('infeasible');
    if (outcome.kind !== 'infeasible') return;
    expect(outcome.issues.map(formatIssue)).toEqual([
      '(DeploymentPolicy/pipeline-testcase2): spec.deploymentPolicies[0].locationConstraint.required[2]: collector-edge: required region VAUGHAN matches no registered location',
      // The conflict search's advice, checked: without that group the app has a plan.
      '(DeploymentPolicy/pipeline-testcase2): no placement satisfies these 1 constraint(s) together; relax one of them:',
      '  - collector-edge: required region VAUGHAN (DeploymentPolicy/pipeline-testcase2 spec.deploymentPolicies[0].locationConstraint.required[2])',
    ]);
  }, 60_000);
});
