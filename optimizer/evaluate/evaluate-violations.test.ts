import { describe, expect, it } from 'vitest';
import type { DeploymentPolicyItem } from '../../src/api/policy.js';
import type { Placement } from '../../src/api/plan.js';
import { evaluatePlan } from './evaluate.js';
import { dataflowPolicy, deploymentPolicy, fakeCatalog, item, place } from './fixtures.js';
import { VIOLATION_RULES, type Evaluation, type Violation } from './types.js';

const USE1A = 'aws/us-east-1/us-east-1a';
const USE1B = 'aws/us-east-1/us-east-1b';
const EUW1A = 'aws/eu-west-1/eu-west-1a';
const LAB = 'baremetal/lab/lab-edge';

function run(
  items: DeploymentPolicyItem[],
  placements: Placement[],
  opts: { edges?: Parameters<typeof dataflowPolicy>[0]; budget?: string | number } = {},
): Evaluation {
  return evaluatePlan({
    deploymentPolicy: deploymentPolicy(items, opts.budget !== undefined ? { budget: opts.budget } : {}),
    ...(opts.edges ? { dataflowPolicy: dataflowPolicy(opts.edges) } : {}),
    placements,
    catalog: fakeCatalog,
    horizonHours: 100,
  });
}

const gpuItem = (gpu: { count: number; model?: string }) => item('g', { resources: { cpu: '1', memory: '1Gi', gpu } });
const replicas3 = item('a', { resources: { cpu: '1', memory: '1Gi' }, replicas: 3 });

/** Each case: a bad plan and one violation it must produce (exactly, message included). */
const CASES: { name: string; plan: () => Evaluation; expected: Violation }[] = [
  {
    name: 'unknown site',
    plan: () => run([item('a')], [place('a', 'azure/mars/z1', 'x')]),
    expected: { rule: 'unknown-site', component: 'a', message: 'a @ azure/mars/z1: the catalog has no site azure/mars' },
  },
  {
    name: 'unknown zone',
    plan: () => run([item('a')], [place('a', 'aws/us-east-1/us-east-1z', 'm5.large')]),
    expected: {
      rule: 'unknown-zone',
      component: 'a',
      message: 'a @ aws/us-east-1/us-east-1z: site aws/us-east-1 has no zone us-east-1z (zones: us-east-1a, us-east-1b)',
    },
  },
  {
    name: 'unknown flavor',
    plan: () => run([item('a')], [place('a', USE1A, 'm9.huge')]),
    expected: { rule: 'unknown-flavor', component: 'a', message: 'a @ aws/us-east-1/us-east-1a: site aws/us-east-1 offers no flavor m9.huge' },
  },
  {
    name: 'flavor not offered in the zone',
    plan: () => run([gpuItem({ count: 1 })], [place('g', USE1B, 'p3.2xlarge')]),
    expected: {
      rule: 'not-offered-in-zone',
      component: 'g',
      message: 'g @ aws/us-east-1/us-east-1b: flavor p3.2xlarge is offered only in zones us-east-1a',
    },
  },
  {
    name: 'not permitted',
    plan: () =>
      run([item('a', { locationConstraint: { permitted: [{ regionAlias: 'us-east' }, { platform: 'GCP' }] } })], [place('a', EUW1A, 'm5.large')]),
    expected: {
      rule: 'permitted',
      component: 'a',
      message:
        'a @ aws/eu-west-1/eu-west-1a: aws/eu-west-1/eu-west-1a matches none of the permitted locations {regionAlias: us-east}, {platform: GCP}',
    },
  },
  {
    name: 'required group unmet',
    plan: () =>
      run(
        [item('a', { locationConstraint: { required: [{ anyOf: [{ platform: 'aws' }] }, { anyOf: [{ type: 'edge' }, { name: 'lab' }] }] } })],
        [place('a', USE1A, 'm5.large')],
      ),
    expected: { rule: 'required', component: 'a', message: 'a: no placement matches required[1] (anyOf {type: edge}, {name: lab})' },
  },
  {
    name: 'residency by country',
    plan: () => run([item('a', { residency: { countries: ['US'] } })], [place('a', EUW1A, 'm5.large')]),
    expected: { rule: 'residency', component: 'a', message: 'a @ aws/eu-west-1/eu-west-1a: aws/eu-west-1 is in country IE, not one of US' },
  },
  {
    name: 'residency on a site without continent',
    plan: () => run([item('a', { residency: { continents: ['north-america'] } })], [place('a', LAB, 'small')]),
    expected: {
      rule: 'residency',
      component: 'a',
      message: 'a @ baremetal/lab/lab-edge: baremetal/lab is on continent (unknown), not one of north-america',
    },
  },
  {
    name: 'profile not satisfied',
    plan: () =>
      run(
        [item('a', { virtualServiceConstraint: [{ anyOf: [{ name: '8vCPU-*GB*' }, { kind: 'ComputeProfile', spec: { cpu: 4 } }] }] })],
        [place('a', USE1A, 'm5.large')],
      ),
    expected: {
      rule: 'profile',
      component: 'a',
      message:
        'a @ aws/us-east-1/us-east-1a: flavor m5.large (2vCPU-8GB) satisfies no alternative of virtualServiceConstraint[0]: 8vCPU-*GB* | ComputeProfile cpu 4',
    },
  },
  {
    name: 'replica does not fit the CPU',
    plan: () => run([item('a', { resources: { cpu: '4', memory: '1Gi' } })], [place('a', USE1A, 'm5.large')]),
    expected: {
      rule: 'profile',
      component: 'a',
      message: 'a @ aws/us-east-1/us-east-1a: flavor m5.large (2 vCPU, 8 GiB) cannot hold one replica (4 CPU, 1 GiB)',
    },
  },
  {
    name: 'wrong GPU model',
    plan: () => run([gpuItem({ count: 1, model: 'a100' })], [place('g', USE1A, 'p3.2xlarge')]),
    expected: {
      rule: 'profile',
      component: 'g',
      message: 'g @ aws/us-east-1/us-east-1a: flavor p3.2xlarge (8 vCPU, 61 GiB, 1 V100) cannot hold one replica (1 CPU, 1 GiB, 1 GPU a100)',
    },
  },
  {
    name: 'too few GPUs',
    plan: () => run([gpuItem({ count: 2 })], [place('g', USE1A, 'p3.2xlarge')]),
    expected: {
      rule: 'profile',
      component: 'g',
      message: 'g @ aws/us-east-1/us-east-1a: flavor p3.2xlarge (8 vCPU, 61 GiB, 1 V100) cannot hold one replica (1 CPU, 1 GiB, 2 GPU)',
    },
  },
  {
    name: 'unreadable profile',
    plan: () =>
      run([item('a', { virtualServiceConstraint: [{ anyOf: [{ kind: 'ComputeProfile', spec: 'cpu: [1' }] }] })], [place('a', USE1A, 'm5.large')]),
    expected: {
      rule: 'profile',
      component: 'a',
      message:
        'a @ aws/us-east-1/us-east-1a: flavor m5.large (2vCPU-8GB) satisfies no alternative of virtualServiceConstraint[0]: (no readable alternative)',
    },
  },
  {
    name: 'too few nodes',
    plan: () => run([replicas3], [place('a', USE1A, 'm5.large', 2)]),
    expected: { rule: 'too-few-nodes', component: 'a', message: 'a @ aws/us-east-1/us-east-1a: 2 node(s) of m5.large but 3 are needed' },
  },
  {
    name: 'oversized',
    plan: () => run([replicas3], [place('a', USE1A, 'm5.large', 4)]),
    expected: { rule: 'oversized', component: 'a', message: 'a @ aws/us-east-1/us-east-1a: 4 node(s) of m5.large but 3 suffice' },
  },
  {
    name: 'spot not allowed by the component',
    plan: () => run([item('a')], [place('a', USE1A, 'm5.large', 1, { spot: true })]),
    expected: {
      rule: 'spot-not-allowed',
      component: 'a',
      message: 'a @ aws/us-east-1/us-east-1a: spot instance but component a does not set spot: true',
    },
  },
  {
    name: 'spot without a spot price',
    plan: () => run([item('a', { spot: true })], [place('a', USE1A, 'm5.xlarge', 1, { spot: true })]),
    expected: {
      rule: 'spot-not-allowed',
      component: 'a',
      message: 'a @ aws/us-east-1/us-east-1a: spot instance but flavor m5.xlarge has no spot price',
    },
  },
  {
    name: 'price mismatch',
    plan: () => run([item('a')], [place('a', USE1A, 'm5.large', 1, { priceUsdHr: 0.1 })]),
    expected: {
      rule: 'price-mismatch',
      component: 'a',
      message: "a @ aws/us-east-1/us-east-1a: priceUsdHr 0.1 but the catalog's on-demand price of m5.large is 0.096",
    },
  },
  {
    name: 'two placements in one zone',
    plan: () => run([item('a')], [place('a', USE1A, 'm5.large'), place('a', USE1A, 'm5.xlarge')]),
    expected: { rule: 'duplicate-zone', component: 'a', message: 'a: 2 placements share zone aws/us-east-1/us-east-1a' },
  },
  {
    name: 'too many locations',
    plan: () => run([item('a', { maxLocations: 1 })], [place('a', USE1A, 'm5.large'), place('a', USE1B, 'm5.large')]),
    expected: { rule: 'max-locations', component: 'a', message: 'a: 2 placements but maxLocations is 1' },
  },
  {
    name: 'component without placement',
    plan: () => run([item('a'), item('b')], [place('a', USE1A, 'm5.large')]),
    expected: { rule: 'no-placement', component: 'b', message: 'b: the component has no placement' },
  },
  {
    name: 'latency bound unmet',
    plan: () =>
      run([item('a'), item('b')], [place('a', USE1A, 'm5.large'), place('b', EUW1A, 'm5.large')], {
        edges: [['a', 'b', { latency: '10ms', totalDataTransfer: '1GB' }]],
      }),
    expected: {
      rule: 'latency',
      component: 'a',
      edge: 0,
      message: 'dataDependencies[0] a -> b: no placement of b is within 10ms of aws/us-east-1/us-east-1a (nearest aws/eu-west-1/eu-west-1a at 70ms)',
    },
  },
  {
    name: 'latency unknown counts as infinite',
    plan: () =>
      run([item('a'), item('b')], [place('a', LAB, 'small'), place('b', 'gcp/us-central1/us-central1-a', 'n2-standard-2')], {
        edges: [['a', 'b', { latency: '1s' }]],
      }),
    expected: {
      rule: 'latency',
      component: 'a',
      edge: 0,
      message:
        'dataDependencies[0] a -> b: no placement of b is within 1000ms of baremetal/lab/lab-edge (nearest gcp/us-central1/us-central1-a at Infinityms)',
    },
  },
  {
    name: 'vCPU quota',
    plan: () => run([item('a'), item('b')], [place('a', USE1A, 'm5.xlarge', 3), place('b', USE1B, 'm5.xlarge', 2)]),
    expected: { rule: 'quota-vcpus', message: 'site aws/us-east-1 uses 20 vCPUs, quota is 16' },
  },
  {
    name: 'GPU quota',
    plan: () => run([gpuItem({ count: 1 })], [place('g', USE1A, 'p3.2xlarge', 2)]),
    expected: { rule: 'quota-gpus', message: 'site aws/us-east-1 uses 2 GPUs, quota is 1' },
  },
  {
    name: 'spread over regions',
    plan: () => run([item('a', { spread: { minRegions: 2 } })], [place('a', USE1A, 'm5.large'), place('a', USE1B, 'm5.large')]),
    expected: { rule: 'spread-regions', component: 'a', message: 'a: placements in 1 region(s), spread.minRegions is 2' },
  },
  {
    name: 'spread over providers',
    plan: () => run([item('a', { spread: { minProviders: 2 } })], [place('a', USE1A, 'm5.large'), place('a', EUW1A, 'm5.large')]),
    expected: { rule: 'spread-providers', component: 'a', message: 'a: placements on 1 platform(s), spread.minProviders is 2' },
  },
  {
    name: 'budget',
    plan: () => run([item('a')], [place('a', USE1A, 'm5.large')], { budget: '19.59' }),
    expected: { rule: 'budget', message: 'total cost 19.60 USD exceeds the budget of 19.59 USD' },
  },
  {
    name: 'placement of an unknown component',
    plan: () => run([item('a')], [place('a', USE1A, 'm5.large'), place('ghost', USE1B, 'm5.large')]),
    expected: {
      rule: 'unknown-component',
      component: 'ghost',
      message: 'ghost @ aws/us-east-1/us-east-1b: component ghost is not defined by the DeploymentPolicy',
    },
  },
  {
    name: 'edge to an unknown component',
    plan: () => run([item('a')], [place('a', USE1A, 'm5.large')], { edges: [['a', 'ghost']] }),
    expected: {
      rule: 'unknown-component',
      component: 'ghost',
      edge: 0,
      message: 'dataDependencies[0] names component ghost, which the DeploymentPolicy does not define',
    },
  },
];

describe('evaluatePlan: every rule', () => {
  it.each(CASES)('$name', ({ plan, expected }) => {
    expect(plan().violations).toContainEqual(expected);
  });

  it('has a case for every rule name', () => {
    expect(new Set(CASES.map((c) => c.expected.rule))).toEqual(new Set(VIOLATION_RULES));
  });

  it('reports an unreadable compute profile once per component', () => {
    const ev = run(
      [item('a', { virtualServiceConstraint: [{ anyOf: [{ kind: 'ComputeProfile', spec: 'cpu: [1' }] }] })],
      [place('a', USE1A, 'm5.large')],
    );
    const read = ev.violations.filter((v) => v.message.startsWith('a: cannot read'));
    expect(read).toEqual([
      {
        rule: 'profile',
        component: 'a',
        message: expect.stringContaining('a: cannot read virtualServiceConstraint[0].anyOf[0].spec: spec is a string but not valid YAML'),
      },
    ]);
  });

  it('still prices a flow that breaks its latency bound, to the cheapest placement', () => {
    const ev = run([item('a'), item('b')], [place('a', USE1A, 'm5.large'), place('b', EUW1A, 'm5.large')], {
      edges: [['a', 'b', { latency: '10ms', totalDataTransfer: '10GB' }]],
    });
    expect(ev.transfers.map((t) => [t.toSite, t.usdPerGB, t.costUsd, t.latencyBoundMs])).toEqual([[EUW1A, 0.02, 0.2, 10]]);
  });

  it('meets a budget equal to the total', () => {
    expect(run([item('a')], [place('a', USE1A, 'm5.large')], { budget: 19.6 }).violations).toEqual([]);
  });

  it('costs placements on unknown sites with their own price but no cluster fee', () => {
    const ev = run([item('a')], [place('a', 'azure/mars/z1', 'x', 2, { priceUsdHr: 1 })]);
    expect(ev.costs).toEqual({ computeUsd: 200, clusterFeesUsd: 0, transferUsd: 0, migrationUsd: 0, totalUsd: 200 });
    expect(ev.clusters).toEqual([]);
  });
});
