/**
 * Terse builders of policy objects, sites and offerings for hand-written optimizer tests (the regression
 * cases of issue 9 among them). Plain data: nothing here runs the optimizer.
 */
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import type { Offering, SiteInfo, ZoneInfo } from '../../src/catalog/types.js';

/** One item of a DeploymentPolicy. */
export type PolicyItem = DeploymentPolicy['spec']['deploymentPolicies'][number];

/** A component item named `name` with the given fields. */
export function component(name: string, rest: Omit<PolicyItem, 'componentRef'> = {}): PolicyItem {
  return { componentRef: { name }, ...rest };
}

const META = { name: 'app', namespace: 'ns', labels: { 'skycluster.io/app-id': 'app' } };

/** A DeploymentPolicy named `app` in namespace `ns`. */
export function deploymentPolicy(items: PolicyItem[], extra: Partial<DeploymentPolicy['spec']> = {}): DeploymentPolicy {
  return { apiVersion: 'policy.skycluster.io/v1alpha1', kind: 'DeploymentPolicy', metadata: META, spec: { deploymentPolicies: items, ...extra } };
}

/** A DataflowPolicy named `app` in namespace `ns`. */
export function dataflowPolicy(deps: DataflowPolicy['spec']['dataDependencies']): DataflowPolicy {
  return { apiVersion: 'policy.skycluster.io/v1alpha1', kind: 'DataflowPolicy', metadata: META, spec: { dataDependencies: deps } };
}

/** A cloud site `platform/region` with the given zone names (the first is the default), no cluster fee. */
export function site(platform: string, region: string, zones: readonly string[], extra: Partial<SiteInfo> = {}): SiteInfo {
  const zoneInfos: ZoneInfo[] = zones.map((name, i) => ({ name, type: 'cloud', isDefault: i === 0 }));
  return {
    key: `${platform}/${region}`,
    platform,
    region,
    kind: 'cloud',
    country: 'US',
    continent: 'north-america',
    zones: zoneInfos,
    clusterFeeUsdHr: 0,
    source: 'test',
    ...extra,
  };
}

/** An offering of a site, labelled `<vcpus>vCPU-<ram>GB`. */
export function offering(s: SiteInfo, name: string, vcpus: number, ramGiB: number, priceUsdHr: number, extra: Partial<Offering> = {}): Offering {
  return {
    platform: s.platform,
    region: s.region,
    name,
    nameLabel: `${vcpus}vCPU-${ramGiB}GB`,
    vcpus,
    ramGiB,
    gpuCount: 0,
    priceUsdHr,
    source: 'test',
    ...extra,
  };
}
