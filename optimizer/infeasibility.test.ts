/**
 * Every way the optimizer rejects input, with the exact lines a user sees: no candidate (permitted, residency,
 * no fitting flavor), an unsatisfiable required group, and model-level conflicts found by the deletion filter
 * (latency against required locations, budget, quota, spread).
 */
import { describe, expect, it } from 'vitest';
import type { DataflowPolicy, DeploymentPolicy } from '../src/api/policy.js';
import { formatIssue } from '../src/validate/issue.js';
import { optimize } from './optimize.js';
import { getSolver } from './solvers/index.js';
import { dataflowPolicy, deploymentPolicy, policyItem, threeSites } from './testing/small-sites.js';

const catalog = threeSites;
const item = policyItem;
const dp = deploymentPolicy;
const df = dataflowPolicy;

async function lines(deployment: DeploymentPolicy, dataflow?: DataflowPolicy): Promise<{ kind: string; lines: string[] }> {
  const out = await optimize({
    deploymentPolicy: deployment,
    ...(dataflow ? { dataflowPolicy: dataflow } : {}),
    catalog,
    solver: getSolver('highs'),
    timeLimitSec: 20,
    mipGap: 1e-6,
    now: () => performance.now(),
  });
  return { kind: out.kind, lines: out.kind === 'planned' ? [] : out.issues.map(formatIssue) };
}

const CONFLICT = '(DeploymentPolicy/app): no placement satisfies these';
const C0 = 'DeploymentPolicy/app spec.deploymentPolicies[0]';

describe('infeasible input is explained, never a solver error', () => {
  it.each([
    // permitted selects nothing that exists
    [
      'permitted',
      [item('a', { locationConstraint: { permitted: [{ platform: 'azure' }] } })],
      '(DeploymentPolicy/app): spec.deploymentPolicies[0]: a: no candidate location: no registered location matches locationConstraint.permitted (platform azure)',
      [`${CONFLICT} 1 constraint(s) together; relax one of them:`, `  - a: permitted platform azure (${C0}.locationConstraint.permitted)`],
    ],
    // residency excludes every permitted site
    [
      'residency',
      [item('a', { residency: { countries: ['JP'] } })],
      '(DeploymentPolicy/app): spec.deploymentPolicies[0]: a: no candidate location: 3 permitted site(s), none in the residency (JP)',
      [`${CONFLICT} 1 constraint(s) together; relax one of them:`, `  - a: residency in JP (${C0}.residency.countries)`],
    ],
    // no flavor is big enough for one replica
    [
      'flavor',
      [item('a', { resources: { cpu: '16', memory: '8Gi' } })],
      '(DeploymentPolicy/app): spec.deploymentPolicies[0]: a: no candidate location: 3 permitted site(s), none offers a flavor that fits (1 replica(s) of 16 CPU / 8 GiB)',
      // The requests are the workload, not a policy line to relax: no advice is offered.
      [],
    ],
    // a required region that is not registered
    [
      'required unknown',
      [item('a', { locationConstraint: { required: [{ anyOf: [{ region: 'toronto' }] }] } })],
      '(DeploymentPolicy/app): spec.deploymentPolicies[0].locationConstraint.required[0]: a: required region toronto matches no registered location',
      [`${CONFLICT} 1 constraint(s) together; relax one of them:`, `  - a: required region toronto (${C0}.locationConstraint.required[0])`],
    ],
    // a required region that exists but offers no fitting flavor
    [
      'required no flavor',
      [
        item('a', {
          virtualServiceConstraint: [{ anyOf: [{ name: '8vCPU-32GB' }] }],
          locationConstraint: { required: [{ anyOf: [{ region: 'west' }] }] },
        }),
      ],
      '(DeploymentPolicy/app): spec.deploymentPolicies[0].locationConstraint.required[0]: a: required region west matches registered locations, but none of them offers a flavor that fits (8vCPU-32GB)',
      // Only east has the 8-vCPU flavor and its quota is 4 vCPUs: relaxing the required region alone is not enough.
      [
        `${CONFLICT} 2 constraint(s) together; relaxing the unmarked one makes the app feasible:`,
        `  - a: compute profile 8vCPU-32GB (${C0}.virtualServiceConstraint[0])`,
        `  - a: required region west (${C0}.locationConstraint.required[0]) (not enough alone: another conflict remains)`,
      ],
    ],
    // data residency in Germany against a required US region: the residency line is named, not "permitted" (issue 10)
    [
      'residency against required',
      [item('a', { residency: { countries: ['DE'] }, locationConstraint: { required: [{ anyOf: [{ region: 'east' }] }] } })],
      '(DeploymentPolicy/app): spec.deploymentPolicies[0].locationConstraint.required[0]: a: required region east conflicts with residency countries DE (spec.deploymentPolicies[0].residency.countries): every matching location is outside it (aws/east in US, north-america)',
      [
        `${CONFLICT} 2 constraint(s) together; relax one of them:`,
        `  - a: residency in DE (${C0}.residency.countries)`,
        `  - a: required region east (${C0}.locationConstraint.required[0])`,
      ],
    ],
    // permitted platform against a required region of another platform
    [
      'permitted against required',
      [item('a', { locationConstraint: { permitted: [{ platform: 'gcp' }], required: [{ anyOf: [{ region: 'west' }] }] } })],
      '(DeploymentPolicy/app): spec.deploymentPolicies[0].locationConstraint.required[0]: a: required region west conflicts with locationConstraint.permitted (platform gcp; spec.deploymentPolicies[0].locationConstraint.permitted): no location matches both',
      [
        `${CONFLICT} 2 constraint(s) together; relax one of them:`,
        `  - a: permitted platform gcp (${C0}.locationConstraint.permitted)`,
        `  - a: required region west (${C0}.locationConstraint.required[0])`,
      ],
    ],
  ])('before solving: %s', async (_name, items, diagnosis, advice) => {
    const r = await lines(dp(items));
    expect(r.kind).toBe('infeasible');
    // The diagnosis of the component, then the policy lines checked to fix the app.
    expect(r.lines).toEqual([diagnosis, ...advice]);
  });

  // b may not add a second placement near a (maxLocations 1), so that line is part of the conflict too.
  it('latency bound against two required regions: the deletion filter names all four lines', async () => {
    const r = await lines(
      dp([
        item('a', { locationConstraint: { required: [{ anyOf: [{ region: 'west' }] }] }, maxLocations: 1 }),
        item('b', { locationConstraint: { required: [{ anyOf: [{ region: 'eu' }] }] }, maxLocations: 1 }),
      ]),
      df([{ from: { name: 'a' }, to: { name: 'b' }, latency: '50ms', totalDataTransfer: '1GB' }]),
    );
    expect(r.kind).toBe('infeasible');
    expect(r.lines).toEqual([
      `${CONFLICT} 4 constraint(s) together; relax one of them:`,
      '  - a: required region west (DeploymentPolicy/app spec.deploymentPolicies[0].locationConstraint.required[0])',
      '  - b: at most 1 location(s) (DeploymentPolicy/app spec.deploymentPolicies[1].maxLocations)',
      '  - b: required region eu (DeploymentPolicy/app spec.deploymentPolicies[1].locationConstraint.required[0])',
      '  - a → b: latency 50ms (DataflowPolicy/app spec.dataDependencies[0].latency)',
    ]);
  }, 60_000);

  it('budget below the cheapest plan', async () => {
    const r = await lines(dp([item('a')], { budget: '1' }));
    expect(r.lines).toEqual([`${CONFLICT} 1 constraint(s) together; relax one of them:`, '  - budget of 1 USD (DeploymentPolicy/app spec.budget)']);
  }, 60_000);

  it('quota shared by components that must share a site', async () => {
    const inEast = { locationConstraint: { permitted: [{ region: 'east' }] }, resources: { cpu: '1', memory: '1Gi' }, replicas: 2 };
    const r = await lines(dp([item('a', inEast), item('b', inEast)]));
    // Both permitted lists belong to the conflict: relaxing either lets that component leave east.
    expect(r.lines).toEqual([
      `${CONFLICT} 3 constraint(s) together; relax one of them:`,
      '  - a: permitted region east (DeploymentPolicy/app spec.deploymentPolicies[0].locationConstraint.permitted)',
      '  - b: permitted region east (DeploymentPolicy/app spec.deploymentPolicies[1].locationConstraint.permitted)',
      '  - aws/east: quota of 4 vCPUs (ProviderProfile spec.quotas.vcpus)',
    ]);
  }, 60_000);

  it('spread wider than the permitted regions', async () => {
    const r = await lines(dp([item('a', { spread: { minProviders: 2 }, locationConstraint: { permitted: [{ platform: 'aws' }] } })]));
    // The permitted filter is half of the conflict (gcp/eu exists): it used to be left out of the set.
    expect(r.lines).toEqual([
      `${CONFLICT} 2 constraint(s) together; relax one of them:`,
      '  - a: permitted platform aws (DeploymentPolicy/app spec.deploymentPolicies[0].locationConstraint.permitted)',
      '  - a: spread over at least 2 providers (DeploymentPolicy/app spec.deploymentPolicies[0].spread.minProviders)',
    ]);
  }, 60_000);

  it('an edge to a component the DeploymentPolicy does not define is invalid input', async () => {
    const r = await lines(dp([item('a')]), df([{ from: { name: 'a' }, to: { name: 'ghost' }, totalDataTransfer: '1GB' }]));
    expect(r.kind).toBe('invalid');
    expect(r.lines).toEqual(['(DataflowPolicy/app): spec.dataDependencies[0].to.name: component "ghost" is not in DeploymentPolicy/app']);
  });
});
