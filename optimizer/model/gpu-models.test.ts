/** A GPU model no flavor of the catalog has is a validation error on the field, with the closest models (issue 10). */
import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { formatIssue } from '../../src/validate/issue.js';
import { optimize } from '../optimize.js';
import { getSolver } from '../solvers/index.js';
import { deploymentPolicy, policyItem } from '../testing/small-sites.js';
import { catalogGpuModels, unknownGpuModels } from './gpu-models.js';

const catalog = loadBundledCatalog();
const gpuItem = (name: string, model: string) => policyItem(name, { resources: { cpu: '1', memory: '1Gi', gpu: { count: 1, model } } });

describe('unknown GPU models', () => {
  it('lists the bundled catalog models', () => {
    expect(catalogGpuModels(catalog)).toEqual(expect.arrayContaining(['A10', 'A100', 'A10G', 'H100', 'L4', 'T4']));
  });

  it('optimize() rejects model A1000 as invalid input, naming the field and the closest catalog models', async () => {
    const dp = deploymentPolicy([
      gpuItem('api', 'A1000'),
      policyItem('web', {
        virtualServiceConstraint: [
          { anyOf: [{ name: '4vCPU-16GB' }, { kind: 'ComputeProfile', spec: { cpu: 4, gpu: { count: 1, model: 'H1000' } } }] },
        ],
      }),
    ]);
    const out = await optimize({
      deploymentPolicy: dp,
      catalog,
      solver: getSolver('highs'),
      timeLimitSec: 10,
      mipGap: 0,
      now: () => performance.now(),
    });
    expect(out.kind).toBe('invalid');
    expect(out.kind === 'invalid' && out.issues.map(formatIssue)).toEqual([
      '(DeploymentPolicy/app): spec.deploymentPolicies[0].resources.gpu.model: api: GPU model "A1000" matches no flavor in the catalog; closest: A100, A10, A10G',
      '(DeploymentPolicy/app): spec.deploymentPolicies[1].virtualServiceConstraint[0].anyOf[1].spec.gpu.model: web: GPU model "H1000" matches no flavor in the catalog; closest: H100, A100, H200',
    ]);
  });

  it('accepts catalog models, case-insensitively and as globs', () => {
    expect(unknownGpuModels(deploymentPolicy([gpuItem('a', 'A100'), gpuItem('b', 'a100*'), gpuItem('c', 'L4')]), catalog)).toEqual([]);
    expect(unknownGpuModels(deploymentPolicy([gpuItem('a', 'Z9*')]), catalog).map((i) => i.path)).toEqual([
      'spec.deploymentPolicies[0].resources.gpu.model',
    ]);
  });
});
