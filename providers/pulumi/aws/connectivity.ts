/**
 * AWS ends of inter-cluster links. skycluster:aws:Peering — a VPC peering connection to another AWS
 * cluster (requested by the lower cluster name, accepted by the other) and the routes to its ranges.
 * skycluster:aws:WireguardGateway — an Elastic IP, a security group open on WireGuard's UDP port, a
 * forwarding instance and routes sending the peers' ranges through it.
 */
import * as pulumi from '@pulumi/pulumi';
import * as ec2 from '@pulumi/aws/ec2/index.js';
import type { PeerOutputs } from '../peer-ref.js';
import type { PeerArgs } from '../types.js';
import { WIREGUARD_PORT } from '../types.js';
import { AwsInstance } from './instance.js';

/** Args of AwsPeering. */
export interface AwsPeeringArgs {
  readonly vpcId: pulumi.Input<string>;
  readonly routeTableIds: readonly pulumi.Input<string>[];
  /** This cluster's name: the key under which the initiator publishes the connection id. */
  readonly self: string;
  readonly peer: PeerArgs;
  readonly peerOutputs: PeerOutputs;
  readonly tags: Readonly<Record<string, string>>;
}

/** One VPC peering end. */
export class AwsPeering extends pulumi.ComponentResource {
  public readonly connectionId: pulumi.Output<string>;

  constructor(name: string, args: AwsPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:aws:Peering', name, {}, opts);
    const parent = { parent: this };
    const tags = { ...args.tags };
    let connectionId: pulumi.Output<string>;
    if (args.peer.initiator) {
      const conn = new ec2.VpcPeeringConnection(
        name,
        { vpcId: args.vpcId, peerVpcId: args.peerOutputs.networkId, peerRegion: args.peer.region, autoAccept: false, tags },
        parent,
      );
      connectionId = conn.id;
    } else {
      const accept = new ec2.VpcPeeringConnectionAccepter(
        name,
        { vpcPeeringConnectionId: args.peerOutputs.peeringIds.apply((ids) => ids[args.self] ?? ''), autoAccept: true, tags },
        parent,
      );
      connectionId = accept.id;
    }
    args.routeTableIds.forEach((rt, i) =>
      args.peer.cidrs.forEach(
        (cidr, j) =>
          new ec2.Route(`${name}-rt${i}-${j}`, { routeTableId: rt, destinationCidrBlock: cidr, vpcPeeringConnectionId: connectionId }, parent),
      ),
    );
    this.connectionId = connectionId;
    this.registerOutputs({ connectionId });
  }
}

/** Args of AwsWireguardGateway. */
export interface AwsWireguardGatewayArgs {
  readonly vpcId: pulumi.Input<string>;
  readonly subnetId: pulumi.Input<string>;
  readonly routeTableIds: readonly pulumi.Input<string>[];
  readonly flavor: string;
  readonly zone: string;
  readonly peers: readonly PeerArgs[];
  /** cloud-init user data carrying the WireGuard config (a secret). */
  readonly userData: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/** A WireGuard gateway instance with a static public address. */
export class AwsWireguardGateway extends pulumi.ComponentResource {
  public readonly publicIp: pulumi.Output<string>;

  constructor(name: string, args: AwsWireguardGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:aws:WireguardGateway', name, {}, opts);
    const parent = { parent: this };
    const tags = { ...args.tags };
    const peerCidrs = args.peers.flatMap((p) => p.cidrs);
    const sg = new ec2.SecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        description: 'skycluster WireGuard gateway',
        ingress: [
          { protocol: 'udp', fromPort: WIREGUARD_PORT, toPort: WIREGUARD_PORT, cidrBlocks: ['0.0.0.0/0'] },
          ...(peerCidrs.length > 0 ? [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: peerCidrs }] : []),
        ],
        egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
        tags,
      },
      parent,
    );
    const vm = new AwsInstance(
      name,
      {
        flavor: args.flavor,
        zone: args.zone,
        subnetId: args.subnetId,
        spot: false,
        securityGroupIds: [sg.id],
        forwarding: true,
        userData: args.userData,
        tags,
      },
      parent,
    );
    const eip = new ec2.Eip(name, { domain: 'vpc', instance: vm.instanceId, tags }, parent);
    args.routeTableIds.forEach((rt, i) =>
      peerCidrs.forEach(
        (cidr, j) =>
          new ec2.Route(`${name}-rt${i}-${j}`, { routeTableId: rt, destinationCidrBlock: cidr, networkInterfaceId: vm.networkInterfaceId }, parent),
      ),
    );
    this.publicIp = eip.publicIp;
    this.registerOutputs({ publicIp: this.publicIp });
  }
}
