/**
 * A three-site catalog (aws/east with a 4-vCPU quota, aws/west, gcp/eu in Germany), shared by the optimizer's
 * rejection and deadline tests. Sites, flavors and policy objects are built with ./policy-builders.ts.
 */
import type { Offering, SiteInfo } from '../../src/catalog/types.js';
import { FakeCatalog } from './fake-catalog.js';
import { offering, site } from './policy-builders.js';

export { component as policyItem, dataflowPolicy, deploymentPolicy, type PolicyItem } from './policy-builders.js';

/** A one-zone (`<region>-a`) cloud site in the US with a 0.1 USD/h cluster fee. */
export function testSite(platform: string, region: string, extra: Partial<SiteInfo> = {}): SiteInfo {
  return site(platform, region, [`${region}-a`], { clusterFeeUsdHr: 0.1, ...extra });
}

/** A flavor without GPUs (policy-builders' offering). */
export const testFlavor: (s: SiteInfo, name: string, vcpus: number, ramGiB: number, price: number, extra?: Partial<Offering>) => Offering = offering;

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
