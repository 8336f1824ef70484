/**
 * GCP ends of inter-cluster links. skycluster:gcp:Peering — VPC network peering to another GCP cluster's
 * network (each side creates its half; routes are exchanged by GCP). skycluster:gcp:WireguardGateway — a
 * static external address, a firewall rule for WireGuard's UDP port and the peers' ranges, a forwarding
 * instance and routes sending the peers' ranges through it.
 */
import * as pulumi from '@pulumi/pulumi';
import * as compute from '@pulumi/gcp/compute/index.js';
import { stableName } from '../../../src/util/names.js';
import type { PeerOutputs } from '../peer-ref.js';
import type { PeerArgs } from '../types.js';
import { WIREGUARD_PORT } from '../types.js';
import { GcpInstance } from './instance.js';

/** Args of GcpPeering. */
export interface GcpPeeringArgs {
  readonly network: pulumi.Input<string>;
  readonly peerOutputs: PeerOutputs;
}

/** One half of a VPC network peering. */
export class GcpPeering extends pulumi.ComponentResource {
  constructor(name: string, args: GcpPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:gcp:Peering', name, {}, opts);
    new compute.NetworkPeering(
      name,
      {
        name: stableName([name]),
        network: args.network,
        peerNetwork: args.peerOutputs.networkId,
        exportCustomRoutes: true,
        importCustomRoutes: true,
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}

/** Args of GcpWireguardGateway. */
export interface GcpWireguardGatewayArgs {
  readonly project?: pulumi.Input<string>;
  readonly region: string;
  readonly zone: string;
  readonly flavor: string;
  readonly network: pulumi.Input<string>;
  readonly subnetwork: pulumi.Input<string>;
  readonly peers: readonly PeerArgs[];
  readonly userData: pulumi.Input<string>;
}

/** A WireGuard gateway instance with a static public address. */
export class GcpWireguardGateway extends pulumi.ComponentResource {
  public readonly publicIp: pulumi.Output<string>;

  constructor(name: string, args: GcpWireguardGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:gcp:WireguardGateway', name, {}, opts);
    const parent = { parent: this };
    const project = args.project ? { project: args.project } : {};
    const tag = stableName([name]);
    const peerCidrs = args.peers.flatMap((p) => p.cidrs);
    const address = new compute.Address(name, { name: stableName([name]), region: args.region, ...project }, parent);
    new compute.Firewall(
      name,
      {
        name: stableName([name, 'wg']),
        network: args.network,
        allows: [{ protocol: 'udp', ports: [String(WIREGUARD_PORT)] }],
        sourceRanges: ['0.0.0.0/0'],
        targetTags: [tag],
        ...project,
      },
      parent,
    );
    if (peerCidrs.length > 0)
      new compute.Firewall(
        `${name}-peers`,
        { name: stableName([name, 'peers']), network: args.network, allows: [{ protocol: 'all' }], sourceRanges: peerCidrs, ...project },
        parent,
      );
    const vm = new GcpInstance(
      name,
      {
        ...project,
        region: args.region,
        zone: args.zone,
        flavor: args.flavor,
        spot: false,
        subnetwork: args.subnetwork,
        labels: {},
        natIp: address.address,
        networkTags: [tag],
        forwarding: true,
        userData: args.userData,
      },
      parent,
    );
    peerCidrs.forEach(
      (cidr, i) =>
        new compute.Route(
          `${name}-${i}`,
          {
            name: stableName([name, String(i)]),
            network: args.network,
            destRange: cidr,
            nextHopInstance: vm.selfLink,
            nextHopInstanceZone: vm.zone,
            priority: 900,
            ...project,
          },
          parent,
        ),
    );
    this.publicIp = address.address;
    this.registerOutputs({ publicIp: this.publicIp });
  }
}
