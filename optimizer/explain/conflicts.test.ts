/**
 * The conflict search names the policy lines that cannot hold together, filters applied before the model
 * included, and checks that relaxing what it names makes the app feasible.
 */
import { describe, expect, it } from 'vitest';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import { formatIssue } from '../../src/validate/issue.js';
import { optimize } from '../optimize.js';
import { getSolver } from '../solvers/index.js';
import { dataflowPolicy as df, deploymentPolicy as dp, policyItem as item, threeSites } from '../testing/small-sites.js';

async function lines(deployment: DeploymentPolicy, dataflow?: DataflowPolicy): Promise<{ kind: string; lines: string[] }> {
  const out = await optimize({
    deploymentPolicy: deployment,
    ...(dataflow ? { dataflowPolicy: dataflow } : {}),
    catalog: threeSites,
    solver: getSolver('highs'),
    timeLimitSec: 30,
    mipGap: 1e-6,
    now: () => performance.now(),
  });
  return { kind: out.kind, lines: out.kind === 'planned' ? [] : out.issues.map(formatIssue) };
}

const CONFLICT = '(DeploymentPolicy/app): no placement satisfies these';
const C = (i: number) => `DeploymentPolicy/app spec.deploymentPolicies[${i}]`;

describe('the conflict search relaxes exactly the line it names', () => {
  // v must be in west and in eu but may open one location; u (one location) sends to v. The transportation
  // form, chosen from the spec's maxLocations, kept v's bound in force when the search relaxed it, so u's
  // maxLocations was blamed (relaxing it, as advised, left the app infeasible).
  it("v's maxLocations, not u's, is part of the conflict", async () => {
    const r = await lines(
      dp([
        item('v', { maxLocations: 1, locationConstraint: { required: [{ anyOf: [{ region: 'west' }] }, { anyOf: [{ region: 'eu' }] }] } }),
        item('u', { maxLocations: 1 }),
      ]),
      df([{ from: { name: 'u' }, to: { name: 'v' }, totalDataTransfer: '10GB' }]),
    );
    expect(r.kind).toBe('infeasible');
    expect(r.lines).toEqual([
      `${CONFLICT} 3 constraint(s) together; relax one of them:`,
      `  - v: at most 1 location(s) (${C(0)}.maxLocations)`,
      `  - v: required region west (${C(0)}.locationConstraint.required[0])`,
      `  - v: required region eu (${C(0)}.locationConstraint.required[1])`,
    ]);
  }, 60_000);

  // b's residency keeps it in eu, a's permitted keeps it in west, 140 ms apart; relaxing any one of the three
  // lines makes the app feasible (a may join b in eu, b may join a in west, or the bound goes).
  it('residency and permitted filters take part in a latency conflict', async () => {
    const r = await lines(
      dp([item('a', { locationConstraint: { permitted: [{ region: 'west' }] } }), item('b', { residency: { countries: ['DE'] } })]),
      df([{ from: { name: 'a' }, to: { name: 'b' }, latency: '50ms', totalDataTransfer: '1GB' }]),
    );
    expect(r.lines).toEqual([
      `${CONFLICT} 3 constraint(s) together; relax one of them:`,
      `  - a: permitted region west (${C(0)}.locationConstraint.permitted)`,
      `  - b: residency in DE (${C(1)}.residency.countries)`,
      '  - a → b: latency 50ms (DataflowPolicy/app spec.dataDependencies[0].latency)',
    ]);
  }, 60_000);

  // Only east's 8-vCPU flavor matches the profile, and east's quota is 4 vCPUs.
  it('a compute profile takes part in a quota conflict', async () => {
    const r = await lines(dp([item('a', { virtualServiceConstraint: [{ anyOf: [{ name: '8vCPU-32GB' }] }] })]));
    expect(r.lines).toEqual([
      `${CONFLICT} 2 constraint(s) together; relax one of them:`,
      `  - a: compute profile 8vCPU-32GB (${C(0)}.virtualServiceConstraint[0])`,
      '  - aws/east: quota of 4 vCPUs (ProviderProfile spec.quotas.vcpus)',
    ]);
  }, 60_000);

  // Two independent conflicts: no single line fixes the app, so each is reported, with a checked pair.
  it('two separate conflicts are both reported, with a combination checked to fix them', async () => {
    const r = await lines(
      dp([
        item('a', { spread: { minProviders: 2 }, locationConstraint: { permitted: [{ platform: 'aws' }] } }),
        item('b', { maxLocations: 1, locationConstraint: { required: [{ anyOf: [{ region: 'west' }] }, { anyOf: [{ region: 'eu' }] }] } }),
      ]),
    );
    expect(r.lines).toEqual([
      '(DeploymentPolicy/app): no placement satisfies the policies: 2 separate conflicts; relaxing these 2 together makes the app feasible (checked): ' +
        `b: at most 1 location(s) (${C(1)}.maxLocations); a: permitted platform aws (${C(0)}.locationConstraint.permitted)`,
      '  conflict 1: these 3 constraint(s) cannot hold together:',
      `    - b: at most 1 location(s) (${C(1)}.maxLocations)`,
      `    - b: required region west (${C(1)}.locationConstraint.required[0])`,
      `    - b: required region eu (${C(1)}.locationConstraint.required[1])`,
      '  conflict 2: these 2 constraint(s) cannot hold together:',
      `    - a: permitted platform aws (${C(0)}.locationConstraint.permitted)`,
      `    - a: spread over at least 2 providers (${C(0)}.spread.minProviders)`,
    ]);
  }, 60_000);
});
