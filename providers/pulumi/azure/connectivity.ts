/**
 * Azure ends of inter-cluster links. skycluster:azure:Peering — this side's half of a (global) VNet
 * peering. skycluster:azure:WireguardGateway — a static public address, a security group for WireGuard's
 * UDP port and the peers' ranges, a forwarding VM and routes (next hop: that VM) in the node subnet's
 * route table.
 */
import * as pulumi from '@pulumi/pulumi';
import * as network from '@pulumi/azure-native/network/index.js';
import type { PeerOutputs } from '../peer-ref.js';
import type { PeerArgs } from '../types.js';
import { WIREGUARD_PORT } from '../types.js';
import { AzureInstance } from './instance.js';

/** Args of AzurePeering. */
export interface AzurePeeringArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly vnetName: pulumi.Input<string>;
  readonly peerOutputs: PeerOutputs;
}

/** One half of a VNet peering. */
export class AzurePeering extends pulumi.ComponentResource {
  constructor(name: string, args: AzurePeeringArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:azure:Peering', name, {}, opts);
    new network.VirtualNetworkPeering(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        virtualNetworkName: args.vnetName,
        remoteVirtualNetwork: { id: args.peerOutputs.networkId },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}

/** Args of AzureWireguardGateway. */
export interface AzureWireguardGatewayArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly zone: string;
  readonly flavor: string;
  readonly subnetId: pulumi.Input<string>;
  readonly routeTableName: pulumi.Input<string>;
  readonly peers: readonly PeerArgs[];
  readonly sshPublicKey: pulumi.Input<string>;
  readonly userData: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/** A WireGuard gateway VM with a static public address. */
export class AzureWireguardGateway extends pulumi.ComponentResource {
  public readonly publicIp: pulumi.Output<string>;

  constructor(name: string, args: AzureWireguardGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:azure:WireguardGateway', name, {}, opts);
    const parent = { parent: this };
    const tags = { ...args.tags };
    const peerCidrs = args.peers.flatMap((p) => p.cidrs);
    const ip = new network.PublicIPAddress(
      name,
      { resourceGroupName: args.resourceGroupName, location: args.location, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', tags },
      parent,
    );
    const nsg = new network.NetworkSecurityGroup(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        securityRules: [
          {
            name: 'wireguard',
            priority: 100,
            direction: 'Inbound',
            access: 'Allow',
            protocol: 'Udp',
            sourcePortRange: '*',
            destinationPortRange: String(WIREGUARD_PORT),
            sourceAddressPrefix: '*',
            destinationAddressPrefix: '*',
          },
          ...(peerCidrs.length > 0
            ? [
                {
                  name: 'peers',
                  priority: 110,
                  direction: 'Inbound',
                  access: 'Allow',
                  protocol: '*',
                  sourcePortRange: '*',
                  destinationPortRange: '*',
                  sourceAddressPrefixes: peerCidrs,
                  destinationAddressPrefix: '*',
                },
              ]
            : []),
        ],
        tags,
      },
      parent,
    );
    const vm = new AzureInstance(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        zone: args.zone,
        flavor: args.flavor,
        spot: false,
        subnetId: args.subnetId,
        sshPublicKey: args.sshPublicKey,
        publicIpId: ip.id,
        securityGroupId: nsg.id,
        forwarding: true,
        userData: args.userData,
        tags,
      },
      parent,
    );
    peerCidrs.forEach(
      (cidr, i) =>
        new network.Route(
          `${name}-${i}`,
          {
            resourceGroupName: args.resourceGroupName,
            routeTableName: args.routeTableName,
            addressPrefix: cidr,
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: vm.privateIp,
          },
          parent,
        ),
    );
    this.publicIp = ip.ipAddress.apply((a) => a ?? '');
    this.registerOutputs({ publicIp: this.publicIp });
  }
}
