/**
 * skycluster:aws:Instance — one EC2 instance: a planned node of executionEnvironment VirtualMachine, or a
 * WireGuard gateway. The AMI is resolved by EC2 itself from the public Amazon Linux 2023 SSM parameter, so
 * the program needs no lookup call.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/finding-an-ami-parameter-store.html
 */
import * as pulumi from '@pulumi/pulumi';
import * as ec2 from '@pulumi/aws/ec2/index.js';
import { awsZoneArgs, isArmFlavor } from './zones.js';

/** Args of AwsInstance. */
export interface AwsInstanceArgs {
  readonly flavor: string;
  readonly zone: string;
  readonly subnetId: pulumi.Input<string>;
  readonly spot: boolean;
  readonly tags: Readonly<Record<string, string>>;
  readonly securityGroupIds?: readonly pulumi.Input<string>[];
  /** Gateways forward traffic for other hosts. @default false */
  readonly forwarding?: boolean;
  readonly userData?: pulumi.Input<string>;
}

/** One EC2 instance. */
export class AwsInstance extends pulumi.ComponentResource {
  public readonly instanceId: pulumi.Output<string>;
  public readonly privateIp: pulumi.Output<string>;
  public readonly networkInterfaceId: pulumi.Output<string>;

  constructor(name: string, args: AwsInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:aws:Instance', name, {}, opts);
    const arch = isArmFlavor(args.flavor) ? 'arm64' : 'x86_64';
    const { availabilityZone } = awsZoneArgs(args.zone);
    const instance = new ec2.Instance(
      name,
      {
        ami: `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`,
        instanceType: args.flavor,
        subnetId: args.subnetId,
        ...(availabilityZone ? { availabilityZone } : {}),
        ...(args.spot ? { instanceMarketOptions: { marketType: 'spot', spotOptions: { instanceInterruptionBehavior: 'terminate' } } } : {}),
        ...(args.securityGroupIds ? { vpcSecurityGroupIds: [...args.securityGroupIds] } : {}),
        ...(args.forwarding ? { sourceDestCheck: false } : {}),
        ...(args.userData ? { userData: args.userData } : {}),
        tags: { ...args.tags, Name: name },
      },
      { parent: this },
    );
    this.instanceId = instance.id;
    this.privateIp = instance.privateIp;
    this.networkInterfaceId = instance.primaryNetworkInterfaceId;
    this.registerOutputs({ instanceId: this.instanceId });
  }
}
