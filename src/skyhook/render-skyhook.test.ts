import { describe, expect, it } from 'vitest';
import { LABEL_POOL, poolLabels } from '../harbor/labels.js';
import { deploymentPolicy, placement, planSpec } from '../harbor/testing/plan-fixtures.js';
import { labelSelectorMatches } from '../harbor/k8s-labels.js';
import { renderSkyhooks } from './render-skyhook.js';
import { checkSkyhookSpec } from './validate-skyhook.js';

const driver = {
  packages: { 'nvidia-driver': { version: '550.54.15', image: 'nvcr.io/nvidia/driver-installer', interrupt: { type: 'reboot' } } },
  runtimeRequired: true,
  interruptionBudget: { count: 1 },
};
const gpu = placement('trainer', 'aws/us-east-1/us-east-1a', { flavor: 'p3.2xlarge', gpuModel: 'V100', gpusPerNode: 1 });
const api = placement('api', 'aws/us-east-1/us-east-1a');
const web = placement('web', 'gcp/us-central1/us-central1-a');
const plan = planSpec([gpu, api, web]);
const policy = deploymentPolicy({ trainer: { hostPackages: driver }, api: {}, web: {} });

describe('renderSkyhooks', () => {
  const r = renderSkyhooks(plan, policy);

  it('renders one Skyhook for the GPU pool only, on its cluster', () => {
    expect(r.issues).toEqual([]);
    expect(r.objects.map((o) => [o.cluster, o.object.kind, o.object.metadata.name])).toEqual([
      ['shop-aws-us-east-1', 'Skyhook', 'shop-trainer-aws-us-east-1-us-east-1a-7e3a19fe'],
    ]);
    expect(r.objects[0]?.object).toMatchSnapshot();
  });

  it('selects exactly the component’s pool: its labels match, every other pool’s do not', () => {
    const selector = (r.objects[0]?.object['spec'] as { nodeSelectors: { matchLabels: Record<string, string> } }).nodeSelectors;
    expect(labelSelectorMatches(selector, poolLabels(gpu))).toBe(true);
    expect(labelSelectorMatches(selector, poolLabels(api))).toBe(false);
    expect(labelSelectorMatches(selector, poolLabels(web))).toBe(false);
    // A second pool of the same component (another zone) is a different pool.
    expect(labelSelectorMatches(selector, poolLabels(placement('trainer', 'aws/us-east-1/us-east-1b')))).toBe(false);
    expect(selector.matchLabels[LABEL_POOL]).toBe(poolLabels(gpu)[LABEL_POOL]);
  });

  it('asks for the runtime-required taint on that pool', () => {
    expect(r.poolTaints).toEqual([
      { cluster: 'shop-aws-us-east-1', placementId: gpu.id, key: 'skyhook.nvidia.com', value: 'runtime-required', effect: 'NoSchedule' },
    ]);
  });

  it('renders a Skyhook the operator rules accept', () => {
    expect(checkSkyhookSpec(r.objects[0]?.object['spec'] as never, ['spec'])).toEqual([]);
  });

  it('goes in NodeWright’s group, with its renamed taint, where the cluster serves that CRD', () => {
    const n = renderSkyhooks(plan, policy, { flavorOf: () => 'nodewright' });
    expect(n.objects[0]?.object.apiVersion).toBe('nodewright.nvidia.com/v1alpha1');
    expect(n.objects[0]?.object.kind).toBe('NodeWright');
    expect(n.poolTaints[0]?.key).toBe('nodewright.nvidia.com');
  });

  it('refuses host packages on a plan of plain instances', () => {
    const vm = renderSkyhooks({ ...plan, executionEnvironment: 'VirtualMachine' }, policy);
    expect(vm.objects).toEqual([]);
    expect(vm.issues).toEqual([
      {
        severity: 'error',
        object: 'DeploymentPolicy/shop',
        path: 'spec.deploymentPolicies[0].hostPackages',
        message:
          'component "trainer" lists host packages, but the plan runs on plain instances (executionEnvironment VirtualMachine): Skyhook needs Kubernetes node pools',
      },
    ]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(renderSkyhooks(plan, policy))).toBe(JSON.stringify(r));
  });
});
