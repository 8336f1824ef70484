/**
 * skycluster:gcp:Network — a custom-mode VPC network and one regional subnetwork for the nodes, with the
 * pod and service ranges as its secondary ranges (GKE VPC-native clusters use them).
 */
import * as pulumi from '@pulumi/pulumi';
import * as compute from '@pulumi/gcp/compute/index.js';
import { stableName } from '../../../src/util/names.js';

/** Args of GcpNetwork. */
export interface GcpNetworkArgs {
  readonly project?: pulumi.Input<string>;
  readonly region: string;
  readonly nodesCidr: string;
  readonly podsCidr: string;
  readonly servicesCidr: string;
}

/** Names of the secondary ranges GKE is pointed at. */
export const GKE_RANGE_NAMES = { pods: 'pods', services: 'services' } as const;

/** A VPC network and its subnetwork. */
export class GcpNetwork extends pulumi.ComponentResource {
  public readonly networkId: pulumi.Output<string>;
  public readonly networkSelfLink: pulumi.Output<string>;
  public readonly subnetworkSelfLink: pulumi.Output<string>;

  constructor(name: string, args: GcpNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:gcp:Network', name, {}, opts);
    const project = args.project ? { project: args.project } : {};
    const network = new compute.Network(name, { name: stableName([name]), autoCreateSubnetworks: false, ...project }, { parent: this });
    const subnet = new compute.Subnetwork(
      `${name}-nodes`,
      {
        name: stableName([name, 'nodes']),
        network: network.id,
        region: args.region,
        ipCidrRange: args.nodesCidr,
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: GKE_RANGE_NAMES.pods, ipCidrRange: args.podsCidr },
          { rangeName: GKE_RANGE_NAMES.services, ipCidrRange: args.servicesCidr },
        ],
        ...project,
      },
      { parent: this },
    );
    this.networkId = network.id;
    this.networkSelfLink = network.selfLink;
    this.subnetworkSelfLink = subnet.selfLink;
    this.registerOutputs({ networkSelfLink: this.networkSelfLink, subnetworkSelfLink: this.subnetworkSelfLink });
  }
}
