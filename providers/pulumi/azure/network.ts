/**
 * skycluster:azure:Network — a resource group, a VNet, a route table (peer and gateway routes go there), the
 * node subnet using it and the GatewaySubnet.
 */
import * as pulumi from '@pulumi/pulumi';
import * as network from '@pulumi/azure-native/network/index.js';
import * as resources from '@pulumi/azure-native/resources/index.js';
import type { SubnetLayout } from '../../../src/atlas/network-layout.js';

/** Args of AzureNetwork. */
export interface AzureNetworkArgs {
  readonly location: string;
  readonly cidr: string;
  readonly subnets: readonly SubnetLayout[];
  readonly tags: Readonly<Record<string, string>>;
}

/** A resource group and its network. */
export class AzureNetwork extends pulumi.ComponentResource {
  public readonly resourceGroupName: pulumi.Output<string>;
  public readonly vnetId: pulumi.Output<string>;
  public readonly vnetName: pulumi.Output<string>;
  public readonly routeTableName: pulumi.Output<string>;
  public readonly nodeSubnetId: pulumi.Output<string>;
  public readonly gatewaySubnetId: pulumi.Output<string>;

  constructor(name: string, args: AzureNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:azure:Network', name, {}, opts);
    const parent = { parent: this };
    const tags = { ...args.tags };
    const group = new resources.ResourceGroup(name, { location: args.location, tags }, parent);
    const vnet = new network.VirtualNetwork(
      name,
      { resourceGroupName: group.name, location: args.location, addressSpace: { addressPrefixes: [args.cidr] }, tags },
      { parent: this, ignoreChanges: ['subnets'] },
    );
    const routes = new network.RouteTable(
      name,
      { resourceGroupName: group.name, location: args.location, tags },
      { parent: this, ignoreChanges: ['routes'] },
    );
    const ids: Partial<Record<SubnetLayout['role'], pulumi.Output<string>>> = {};
    for (const s of args.subnets) {
      const subnet = new network.Subnet(
        `${name}-${s.name}`,
        {
          subnetName: s.name,
          resourceGroupName: group.name,
          virtualNetworkName: vnet.name,
          addressPrefix: s.cidr,
          ...(s.role === 'nodes' ? { routeTable: { id: routes.id } } : {}),
        },
        parent,
      );
      ids[s.role] = subnet.id;
    }
    this.resourceGroupName = group.name;
    this.vnetId = vnet.id;
    this.vnetName = vnet.name;
    this.routeTableName = routes.name;
    this.nodeSubnetId = ids.nodes ?? pulumi.output('');
    this.gatewaySubnetId = ids.gateway ?? pulumi.output('');
    this.registerOutputs({ vnetId: this.vnetId });
  }
}
