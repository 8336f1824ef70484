/**
 * skycluster:gcp:GkeCluster — a regional VPC-native GKE Standard cluster on a release channel with
 * workload identity; its default node pool is removed (the planned pools are GcpNodePools).
 */
import * as pulumi from '@pulumi/pulumi';
import * as container from '@pulumi/gcp/container/index.js';

/** Args of GcpGkeCluster. */
export interface GcpGkeClusterArgs {
  /** GKE cluster name (≤ 40 characters). */
  readonly clusterName: string;
  readonly project?: pulumi.Input<string>;
  readonly region: string;
  readonly network: pulumi.Input<string>;
  readonly subnetwork: pulumi.Input<string>;
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
  /** @default REGULAR */
  readonly releaseChannel?: 'RAPID' | 'REGULAR' | 'STABLE';
  readonly kubernetesVersion?: string;
}

/** A GKE cluster. */
export class GcpGkeCluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  public readonly caCertificate: pulumi.Output<string>;

  constructor(name: string, args: GcpGkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:gcp:GkeCluster', name, {}, opts);
    const project = args.project ? { project: args.project } : {};
    const cluster = new container.Cluster(
      name,
      {
        name: args.clusterName,
        location: args.region,
        network: args.network,
        subnetwork: args.subnetwork,
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        releaseChannel: { channel: args.releaseChannel ?? 'REGULAR' },
        ...(args.kubernetesVersion ? { minMasterVersion: args.kubernetesVersion } : {}),
        workloadIdentityConfig: { workloadPool: pulumi.interpolate`${args.project ?? ''}.svc.id.goog` },
        ipAllocationPolicy: { clusterSecondaryRangeName: args.podsRangeName, servicesSecondaryRangeName: args.servicesRangeName },
        deletionProtection: false,
        ...project,
      },
      { parent: this },
    );
    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint.apply((e) => `https://${e}`);
    this.caCertificate = cluster.masterAuth.apply((m) => m.clusterCaCertificate ?? '');
    this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint });
  }
}
