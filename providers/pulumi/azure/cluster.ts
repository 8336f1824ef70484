/**
 * skycluster:azure:AksCluster — an AKS cluster with a system-assigned managed identity, Microsoft Entra
 * authentication (kubelogin; no local accounts), workload identity, Azure CNI overlay on the planned pod
 * and service ranges, and its System pool: the first on-demand planned pool (Azure requires one System
 * pool, and it cannot be spot), or a one-node pool of the gateway size when every planned pool is spot.
 */
import * as pulumi from '@pulumi/pulumi';
import * as containerservice from '@pulumi/azure-native/containerservice/index.js';
import type { NodePool } from '../../../src/api/atlas.js';
import { addressAt } from '../../../src/atlas/ipv4.js';
import { aksTaints, azureZones, caFromKubeconfig } from './naming.js';

/** Args of AzureAksCluster. */
export interface AzureAksClusterArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly dnsPrefix: string;
  readonly subnetId: pulumi.Input<string>;
  readonly podsCidr: string;
  readonly servicesCidr: string;
  /** The pool that becomes the System pool (on-demand); undefined → a one-node `system` pool of `fallbackSystemFlavor`. */
  readonly systemPool?: NodePool;
  readonly fallbackSystemFlavor: string;
  readonly kubernetesVersion?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** The System pool choice: the first on-demand pool by name. Pure. */
export function aksSystemPool(pools: readonly NodePool[]): NodePool | undefined {
  return [...pools].sort((a, b) => a.name.localeCompare(b.name)).find((p) => !p.spot);
}

/** An AKS cluster. */
export class AzureAksCluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  public readonly caCertificate: pulumi.Output<string>;

  constructor(name: string, args: AzureAksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:azure:AksCluster', name, {}, opts);
    const sp = args.systemPool;
    const system = sp
      ? {
          name: sp.name,
          count: sp.nodes,
          vmSize: sp.flavor,
          nodeLabels: { ...sp.labels },
          nodeTaints: aksTaints(sp.taints),
          availabilityZones: azureZones(sp.zone),
        }
      : { name: 'system', count: 1, vmSize: args.fallbackSystemFlavor };
    const cluster = new containerservice.ManagedCluster(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        dnsPrefix: args.dnsPrefix,
        identity: { type: 'SystemAssigned' },
        ...(args.kubernetesVersion ? { kubernetesVersion: args.kubernetesVersion } : {}),
        aadProfile: { managed: true, enableAzureRBAC: true },
        disableLocalAccounts: true,
        oidcIssuerProfile: { enabled: true },
        securityProfile: { workloadIdentity: { enabled: true } },
        agentPoolProfiles: [{ ...system, mode: 'System', osType: 'Linux', type: 'VirtualMachineScaleSets', vnetSubnetID: args.subnetId }],
        networkProfile: {
          networkPlugin: 'azure',
          networkPluginMode: 'overlay',
          podCidr: args.podsCidr,
          serviceCidr: args.servicesCidr,
          dnsServiceIP: addressAt(args.servicesCidr, 10),
        },
        tags: { ...args.tags },
      },
      { parent: this, ignoreChanges: ['agentPoolProfiles'] },
    );
    const creds = containerservice.listManagedClusterUserCredentialsOutput(
      { resourceGroupName: args.resourceGroupName, resourceName: cluster.name },
      { parent: this },
    );
    this.clusterName = cluster.name;
    this.endpoint = cluster.fqdn.apply((f) => `https://${f}:443`);
    this.caCertificate = creds.apply((c) => caFromKubeconfig(Buffer.from(c.kubeconfigs?.[0]?.value ?? '', 'base64').toString('utf8')));
    this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint });
  }
}
