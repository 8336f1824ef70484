/**
 * renderAtlases: approved Plans → Atlas objects. Pure (no client, fs, clock or env): the CIDR allocator runs
 * once over the clusters of all plans, so networks never overlap across applications; every problem is an
 * issue naming the Plan and the field, and when there is any error no Atlas is returned at all, so nothing
 * can be provisioned half-way.
 */
import type { Atlas, AtlasCluster, Instance, NodePool, SecretKeyRef } from '../api/atlas.js';
import type { Placement, Plan } from '../api/plan.js';
import { GATEWAY_FLAVORS, gatewayUsdHr } from '../catalog/gateway.js';
import type { Catalog } from '../catalog/types.js';
import { aksPoolName, GKE_CLUSTER_NAME_MAX, stableName } from '../util/names.js';
import type { Issue } from '../validate/issue.js';
import { quote } from '../validate/issue.js';
import { allocateCidrs, type ClusterCidrs, type UserCidrs } from './cidr-allocator.js';
import { gkeAcceleratorType } from './gpu.js';
import { CAPACITY_LABEL, COMPONENT_LABEL, DEDICATED_TAINT, POOL_LABEL } from './labels.js';
import { linksOf } from './links.js';
import { layoutSubnets, MAX_ZONES_PER_NETWORK } from './network-layout.js';

/** Clouds Atlas has Pulumi programs for. */
export const PROVISIONED_PLATFORMS = ['aws', 'gcp', 'azure'] as const;
export type ProvisionedPlatform = (typeof PROVISIONED_PLATFORMS)[number];

/** True for a platform with a Pulumi program. */
export function isProvisionedPlatform(platform: string): platform is ProvisionedPlatform {
  return (PROVISIONED_PLATFORMS as readonly string[]).includes(platform);
}

/** Secrets of one site, as its ProviderProfile references them. */
export interface SiteSecrets {
  readonly credentials?: SecretKeyRef;
  readonly kubeconfig?: SecretKeyRef;
}

/** Options of renderAtlases. */
export interface RenderAtlasOptions {
  /** Offerings per site, to check every planned flavor exists in its cloud region. */
  readonly catalog: Pick<Catalog, 'offerings'>;
  /** CIDRs recorded in existing Atlas objects (all applications), by cluster name. @default none */
  readonly previous?: Readonly<Record<string, ClusterCidrs>>;
  /** User-given ranges. @default none */
  readonly userCidrs?: readonly UserCidrs[];
  /** Pool of cluster blocks. @default 10.0.0.0/8 */
  readonly pool?: string;
  /** Secret references per site (from ProviderProfile annotations). @default none */
  readonly secrets?: (platform: string, region: string) => SiteSecrets | undefined;
  /** Taint every pool with skycluster.io/component=<component>:NoSchedule. @default false */
  readonly dedicatedPools?: boolean;
  /** Kubernetes version of managed clusters. @default the cloud's default */
  readonly kubernetesVersion?: string;
}

/** The result: one Atlas per plan, or none and the issues. */
export interface RenderAtlasResult {
  readonly atlases: readonly Atlas[];
  readonly issues: readonly Issue[];
}

/** Pool (and instance tag) name of a placement, valid for the cloud's node pool naming rule. */
export function nodePoolName(platform: string, p: Pick<Placement, 'component' | 'zone' | 'flavor' | 'spot'>): string {
  const parts = [p.component, p.zone, p.flavor, p.spot ? 'spot' : 'od'];
  if (platform === 'azure') return aksPoolName(parts);
  return stableName(parts, platform === 'gcp' ? GKE_CLUSTER_NAME_MAX : 63);
}

interface Checked {
  readonly issues: Issue[];
  readonly accelerators: Map<string, string>;
}

/** Per placement: platform has a program (or is on-prem), the flavor exists there, a GKE GPU has a type. */
function checkPlacements(plan: Plan, catalog: RenderAtlasOptions['catalog']): Checked {
  const object = `Plan/${plan.metadata.name}`;
  const issues: Issue[] = [];
  const accelerators = new Map<string, string>();
  plan.spec.placements.forEach((p, i) => {
    const at = `spec.placements[${i}]`;
    if (p.siteKind === 'onprem') return;
    if (!isProvisionedPlatform(p.platform)) {
      issues.push({
        severity: 'error',
        object,
        path: `${at}.platform`,
        message: `no Pulumi program for cloud platform ${quote(p.platform)} (Atlas provisions ${PROVISIONED_PLATFORMS.join(', ')}; an existing cluster is registered as an on-prem site)`,
      });
      return;
    }
    if (!catalog.offerings(p.platform, p.region).some((o) => o.name === p.flavor))
      issues.push({
        severity: 'error',
        object,
        path: `${at}.flavor`,
        message: `flavor ${quote(p.flavor)} is not offered by ${p.platform} in ${p.region}`,
      });
    if (p.platform === 'gcp' && p.gpuModel !== undefined && p.gpusPerNode > 0) {
      const type = gkeAcceleratorType(p.gpuModel);
      if (type === undefined)
        issues.push({ severity: 'error', object, path: `${at}.gpuModel`, message: `GPU model ${quote(p.gpuModel)} has no GKE accelerator type` });
      else if (!Number.isInteger(p.gpusPerNode))
        issues.push({
          severity: 'error',
          object,
          path: `${at}.gpusPerNode`,
          message: `${p.gpusPerNode} GPUs per node: GKE node pools attach whole accelerators only`,
        });
      else accelerators.set(p.id, type);
    }
  });
  return { issues, accelerators };
}

function gpuOf(p: Placement, accelerators: ReadonlyMap<string, string>): NodePool['gpu'] {
  if (p.gpuModel === undefined || p.gpusPerNode <= 0) return undefined;
  const acceleratorType = accelerators.get(p.id);
  return { model: p.gpuModel, count: p.gpusPerNode, ...(acceleratorType ? { acceleratorType } : {}) };
}

/**
 * Renders one Atlas per plan. All plans' clusters share one CIDR allocation; cluster names must be unique
 * across plans (they are: stableName of application, platform and region).
 */
export function renderAtlases(plans: readonly Plan[], options: RenderAtlasOptions): RenderAtlasResult {
  const issues: Issue[] = [];
  const checked = plans.map((plan) => checkPlacements(plan, options.catalog));
  for (const c of checked) issues.push(...c.issues);

  const owners = new Map<string, string>();
  plans.forEach((plan) =>
    plan.spec.clusters.forEach((c, i) => {
      const other = owners.get(c.name);
      if (other !== undefined)
        issues.push({
          severity: 'error',
          object: `Plan/${plan.metadata.name}`,
          path: `spec.clusters[${i}].name`,
          message: `cluster name ${c.name} is also used by ${other}`,
        });
      owners.set(c.name, `Plan/${plan.metadata.name}`);
    }),
  );
  plans.forEach((plan) => {
    const object = `Plan/${plan.metadata.name}`;
    const sites = new Set(plan.spec.clusters.map((c) => `${c.platform}/${c.region}`));
    plan.spec.placements.forEach((p, i) => {
      if (!sites.has(`${p.platform}/${p.region}`))
        issues.push({
          severity: 'error',
          object,
          path: `spec.placements[${i}]`,
          message: `no entry in spec.clusters for site ${p.platform}/${p.region}`,
        });
    });
    plan.spec.clusters.forEach((c, i) => {
      const zones = new Set(plan.spec.placements.filter((p) => p.platform === c.platform && p.region === c.region).map((p) => p.zone));
      if (c.platform === 'aws' && zones.size > MAX_ZONES_PER_NETWORK)
        issues.push({
          severity: 'error',
          object,
          path: `spec.clusters[${i}]`,
          message: `${zones.size} zones planned; one network holds at most ${MAX_ZONES_PER_NETWORK}`,
        });
    });
  });

  const cloudClusters = plans.flatMap((p) => p.spec.clusters.filter((c) => c.siteKind === 'cloud').map((c) => c.name));
  const cidrs = allocateCidrs({
    clusters: cloudClusters,
    ...(options.previous ? { previous: options.previous } : {}),
    ...(options.userCidrs ? { user: options.userCidrs } : {}),
    ...(options.pool ? { pool: options.pool } : {}),
  });
  issues.push(...cidrs.issues);
  if (issues.some((i) => i.severity === 'error')) return { atlases: [], issues };

  const atlases = plans.map((plan, k) => renderOne(plan, checked[k]!.accelerators, cidrs.allocation, options, issues));
  return { atlases, issues };
}

function renderOne(
  plan: Plan,
  accelerators: ReadonlyMap<string, string>,
  allocation: Readonly<Record<string, ClusterCidrs>>,
  options: RenderAtlasOptions,
  issues: Issue[],
): Atlas {
  const s = plan.spec;
  const links = linksOf(s.clusters, s.placements, s.transfers);
  const wireguard = new Set(links.filter((l) => l.transport === 'wireguard').flatMap((l) => [l.from, l.to]));
  const clusters: AtlasCluster[] = [...s.clusters]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => {
      const placements = s.placements.filter((p) => p.platform === c.platform && p.region === c.region).sort((a, b) => a.id.localeCompare(b.id));
      const zones = [...new Set(placements.map((p) => p.zone))].sort();
      const user = options.userCidrs?.find((u) => u.cluster === c.name);
      const ranges =
        allocation[c.name] ??
        (user?.network && user.pods && user.services ? { network: user.network, pods: user.pods, services: user.services } : undefined);
      const nodePools: NodePool[] =
        s.executionEnvironment === 'Kubernetes'
          ? placements.map((p) => {
              const name = nodePoolName(c.platform, p);
              const gpu = gpuOf(p, accelerators);
              return {
                name,
                placementId: p.id,
                component: p.component,
                zone: p.zone,
                flavor: p.flavor,
                nodes: p.nodes,
                spot: p.spot,
                ...(gpu ? { gpu } : {}),
                labels: { [COMPONENT_LABEL]: p.component, [POOL_LABEL]: name, [CAPACITY_LABEL]: p.spot ? 'spot' : 'on-demand' },
                taints: options.dedicatedPools ? [{ key: DEDICATED_TAINT, value: p.component, effect: 'NoSchedule' as const }] : [],
              };
            })
          : [];
      const instances: Instance[] =
        s.executionEnvironment === 'VirtualMachine'
          ? placements.flatMap((p) => {
              const pool = nodePoolName(c.platform, p);
              const gpu = gpuOf(p, accelerators);
              return Array.from({ length: p.nodes }, (_, i) => ({
                name: stableName([p.component, p.zone, String(i)]),
                placementId: p.id,
                component: p.component,
                zone: p.zone,
                flavor: p.flavor,
                spot: p.spot,
                ...(gpu ? { gpu } : {}),
                labels: { [COMPONENT_LABEL]: p.component, [POOL_LABEL]: pool },
              }));
            })
          : [];
      const secrets = options.secrets?.(c.platform, c.region);
      if (c.siteKind === 'onprem' && !secrets?.kubeconfig)
        issues.push({
          severity: 'warning',
          object: `Plan/${plan.metadata.name}`,
          path: `spec.clusters[${s.clusters.indexOf(c)}]`,
          message: `on-prem site ${c.platform}/${c.region} has no kubeconfig Secret (annotation skycluster.io/kubeconfig-secret on its ProviderProfile); Harbor cannot reach it`,
        });
      const gateway =
        c.siteKind === 'cloud' && isProvisionedPlatform(c.platform) && wireguard.has(c.name)
          ? {
              flavor: GATEWAY_FLAVORS[c.platform],
              zone: zones[0] ?? 'default',
              ...priceOf(options.catalog, c.platform, c.region),
              privateKeySecretRef: { name: stableName([c.name, 'wireguard']), key: 'privateKey' },
            }
          : undefined;
      return {
        name: c.name,
        platform: c.platform,
        region: c.region,
        siteKind: c.siteKind,
        ...(options.kubernetesVersion && c.siteKind === 'cloud' ? { kubernetesVersion: options.kubernetesVersion } : {}),
        ...(secrets?.credentials && c.siteKind === 'cloud' ? { credentialsSecretRef: secrets.credentials } : {}),
        ...(secrets?.kubeconfig && c.siteKind === 'onprem' ? { kubeconfigSecretRef: secrets.kubeconfig } : {}),
        ...(ranges
          ? {
              network: {
                cidr: ranges.network,
                podsCidr: ranges.pods,
                servicesCidr: ranges.services,
                subnets: c.siteKind === 'cloud' ? layoutSubnets(c.platform, ranges.network, zones) : [],
              },
            }
          : {}),
        nodePools,
        instances,
        ...(gateway ? { gateway } : {}),
      };
    });
  return {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Atlas',
    metadata: {
      name: stableName([s.application, 'atlas']),
      ...(plan.metadata.namespace ? { namespace: plan.metadata.namespace } : {}),
      labels: { 'skycluster.io/app-id': s.application },
    },
    spec: {
      planRef: { name: plan.metadata.name, revision: s.revision },
      application: s.application,
      executionEnvironment: s.executionEnvironment,
      clusters,
      links,
    },
  };
}

/** The gateway's hourly price, the figure the optimizer put in the cluster's fee (absent where the catalog has none). */
function priceOf(catalog: RenderAtlasOptions['catalog'], platform: string, region: string): { usdPerHour?: number } {
  const usd = gatewayUsdHr(catalog, { platform, region, kind: 'cloud' });
  return usd !== undefined ? { usdPerHour: usd } : {};
}
