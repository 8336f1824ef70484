/**
 * A three-site catalog (aws/east with a 4-vCPU quota, aws/west, gcp/eu in Germany) and builders for policy
 * objects, shared by the optimizer's rejection and deadline tests.
 */
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import type { Offering, SiteInfo } from '../../src/catalog/types.js';
import { FakeCatalog } from './fake-catalog.js';

/** A one-zone cloud site in the US with a 0.1 USD/h cluster fee. */
export function testSite(platform: string, region: string, extra: Partial<SiteInfo> = {}): SiteInfo {
  return {
    key: `${platform}/${region}`,
    platform,
    region,
    kind: 'cloud',
    country: 'US',
    continent: 'north-america',
    zones: [{ name: `${region}-a`, type: 'cloud', isDefault: true }],
    clusterFeeUsdHr: 0.1,
    source: 'test',
    ...extra,
  };
}

/** A flavor without GPUs. */
export function testFlavor(s: SiteInfo, name: string, vcpus: number, ramGiB: number, price: number, extra: Partial<Offering> = {}): Offering {
  return {
    platform: s.platform,
    region: s.region,
    name,
    nameLabel: `${vcpus}vCPU-${ramGiB}GB`,
    vcpus,
    ramGiB,
    gpuCount: 0,
    priceUsdHr: price,
    source: 'test',
    ...extra,
  };
}

const east = testSite('aws', 'east', { quotas: { vcpus: 4 } });
const west = testSite('aws', 'west');
const eu = testSite('gcp', 'eu', { country: 'DE', continent: 'europe' });

/** east (quota 4 vCPUs; small and big flavors), west, eu; RTT east–west 60 ms, east–eu 80 ms, west–eu 140 ms. */
export const threeSites = new FakeCatalog({
  sites: [east, west, eu],
  offerings: [
    testFlavor(east, 'small', 2, 4, 0.05),
    testFlavor(east, 'big', 8, 32, 0.4),
    testFlavor(west, 'small', 2, 4, 0.04),
    testFlavor(eu, 'small', 2, 4, 0.045),
  ],
  egressUsdPerGB: new Map([
    ['aws/east|aws/west', 0.02],
    ['aws/west|aws/east', 0.02],
  ]),
  rttMs: new Map([
    ['aws/east|aws/west', 60],
    ['aws/east|gcp/eu', 80],
    ['aws/west|gcp/eu', 140],
  ]),
});

/** One entry of spec.deploymentPolicies. */
export type PolicyItem = DeploymentPolicy['spec']['deploymentPolicies'][number];

/** An entry for component `name`. */
export function policyItem(name: string, rest: Omit<PolicyItem, 'componentRef'> = {}): PolicyItem {
  return { componentRef: { name }, ...rest };
}

/** A DeploymentPolicy `app` in namespace `ns`. */
export function deploymentPolicy(items: PolicyItem[], extra: Partial<DeploymentPolicy['spec']> = {}): DeploymentPolicy {
  return {
    apiVersion: 'policy.skycluster.io/v1alpha1',
    kind: 'DeploymentPolicy',
    metadata: { name: 'app', namespace: 'ns' },
    spec: { deploymentPolicies: items, ...extra },
  };
}

/** A DataflowPolicy `app` in namespace `ns`. */
export function dataflowPolicy(deps: DataflowPolicy['spec']['dataDependencies']): DataflowPolicy {
  return {
    apiVersion: 'policy.skycluster.io/v1alpha1',
    kind: 'DataflowPolicy',
    metadata: { name: 'app', namespace: 'ns' },
    spec: { dataDependencies: deps },
  };
}
