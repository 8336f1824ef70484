import { describe, expect, it } from 'vitest';
import { validateDocuments } from '../validate/validate-documents.js';

const policy = (hostPackages: unknown) => ({
  file: 'dp.yaml',
  document: 1,
  value: {
    apiVersion: 'policy.skycluster.io/v1alpha1',
    kind: 'DeploymentPolicy',
    metadata: { name: 'shop', namespace: 'shop' },
    spec: { deploymentPolicies: [{ componentRef: { name: 'trainer' } }, { componentRef: { name: 'gpu' }, hostPackages }] },
  },
});

describe('hostPackages on a DeploymentPolicy get the Skyhook checks', () => {
  it('refuses what the operator would refuse, naming the policy field', () => {
    const r = validateDocuments([policy({ packages: { 'nvidia-driver': { version: 'latest', image: 'nvcr.io/driver' } } })]);
    expect(r.issues).toContainEqual({
      file: 'dp.yaml',
      document: 1,
      object: 'DeploymentPolicy/shop',
      severity: 'error',
      path: 'spec.deploymentPolicies[1].hostPackages.packages.nvidia-driver.version',
      message: 'version "latest" is not a version the operator accepts: semver like 1.2.3 (also v1.2.3, 1.2, 1, 1.2.3-rc.1)',
    });
  });

  it('warns, or refuses under strict, what breaks later; no nodeSelectors warning (the plan gives them)', () => {
    const host = { packages: { 'nvidia-driver': { version: '550.54.15', image: 'registry.local:5000/driver' } } };
    const warning = {
      file: 'dp.yaml',
      document: 1,
      object: 'DeploymentPolicy/shop',
      path: 'spec.deploymentPolicies[1].hostPackages.packages.nvidia-driver.image',
      message:
        'image "registry.local:5000/driver" has a registry port: the operator cuts the image at the first ":" and pulls "registry.local:550.54.15", which is not this image; use a registry address without a port',
    };
    const lax = validateDocuments([policy(host)]).issues.filter((i) => i.object === 'DeploymentPolicy/shop');
    expect(lax).toEqual([{ ...warning, severity: 'warning' }]);
    const strict = validateDocuments([policy(host)], { strict: true }).issues.filter((i) => i.object === 'DeploymentPolicy/shop');
    expect(strict).toEqual([{ ...warning, severity: 'error' }]);
  });
});
