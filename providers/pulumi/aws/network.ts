/**
 * skycluster:aws:Network — a VPC with the planned zones' public and private subnets, an internet gateway,
 * one NAT gateway (in the first public subnet) and the public and private route tables.
 */
import * as pulumi from '@pulumi/pulumi';
import * as ec2 from '@pulumi/aws/ec2/index.js';
import type { SubnetLayout } from '../../../src/atlas/network-layout.js';
import { awsZoneArgs } from './zones.js';

/** Args of AwsNetwork. */
export interface AwsNetworkArgs {
  readonly cidr: string;
  readonly subnets: readonly SubnetLayout[];
  readonly tags: Readonly<Record<string, string>>;
}

/** A VPC and its subnets, gateways and route tables. */
export class AwsNetwork extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  /** Private subnet id per zone. */
  public readonly privateSubnetIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** Public subnet id per zone. */
  public readonly publicSubnetIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** Both route tables, for routes to peers. */
  public readonly routeTableIds: readonly pulumi.Output<string>[];

  constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:aws:Network', name, {}, opts);
    const parent = { parent: this };
    const tags = { ...args.tags };
    const vpc = new ec2.Vpc(name, { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { ...tags, Name: name } }, parent);
    const igw = new ec2.InternetGateway(name, { vpcId: vpc.id, tags }, parent);
    // Standalone routes only: inline routes would fight the peer and gateway routes added later.
    const publicRt = new ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, tags }, parent);
    new ec2.Route(`${name}-public-default`, { routeTableId: publicRt.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id }, parent);
    const publicSubnetIds: Record<string, pulumi.Output<string>> = {};
    const privateSubnets: { zone: string; id: pulumi.Output<string> }[] = [];
    for (const s of args.subnets) {
      const subnet = new ec2.Subnet(
        `${name}-${s.name}`,
        {
          vpcId: vpc.id,
          cidrBlock: s.cidr,
          ...awsZoneArgs(s.zone ?? 'default'),
          mapPublicIpOnLaunch: s.role === 'public',
          tags: { ...tags, Name: `${name}-${s.name}` },
        },
        parent,
      );
      if (s.role === 'public') {
        publicSubnetIds[s.zone ?? 'default'] = subnet.id;
        new ec2.RouteTableAssociation(`${name}-${s.name}`, { subnetId: subnet.id, routeTableId: publicRt.id }, parent);
      } else privateSubnets.push({ zone: s.zone ?? 'default', id: subnet.id });
    }
    const firstPublic = Object.values(publicSubnetIds)[0];
    const eip = new ec2.Eip(`${name}-nat`, { domain: 'vpc', tags }, parent);
    const nat = new ec2.NatGateway(
      name,
      { allocationId: eip.id, subnetId: firstPublic ?? pulumi.output(''), tags },
      { parent: this, dependsOn: [igw] },
    );
    const privateRt = new ec2.RouteTable(`${name}-private`, { vpcId: vpc.id, tags }, parent);
    new ec2.Route(`${name}-private-default`, { routeTableId: privateRt.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id }, parent);
    const privateSubnetIds: Record<string, pulumi.Output<string>> = {};
    for (const s of privateSubnets) {
      privateSubnetIds[s.zone] = s.id;
      new ec2.RouteTableAssociation(`${name}-private-${s.zone}`, { subnetId: s.id, routeTableId: privateRt.id }, parent);
    }
    this.vpcId = vpc.id;
    this.privateSubnetIds = privateSubnetIds;
    this.publicSubnetIds = publicSubnetIds;
    this.routeTableIds = [publicRt.id, privateRt.id];
    this.registerOutputs({ vpcId: this.vpcId });
  }
}
