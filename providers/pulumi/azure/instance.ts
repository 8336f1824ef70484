/**
 * skycluster:azure:Instance — one Azure VM with its network interface (and a public address for
 * gateways): a planned node of executionEnvironment VirtualMachine, or a WireGuard gateway. Spot VMs are
 * deallocated on eviction with the price capped at on-demand. Azure requires an SSH key for Linux VMs.
 */
import * as pulumi from '@pulumi/pulumi';
import * as compute from '@pulumi/azure-native/compute/index.js';
import * as network from '@pulumi/azure-native/network/index.js';
import { azureZones } from './naming.js';

/** Args of AzureInstance. */
export interface AzureInstanceArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly zone: string;
  readonly flavor: string;
  readonly spot: boolean;
  readonly subnetId: pulumi.Input<string>;
  readonly sshPublicKey: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
  readonly publicIpId?: pulumi.Input<string>;
  readonly securityGroupId?: pulumi.Input<string>;
  readonly forwarding?: boolean;
  readonly userData?: pulumi.Input<string>;
}

/** One Azure VM. */
export class AzureInstance extends pulumi.ComponentResource {
  public readonly privateIp: pulumi.Output<string>;

  constructor(name: string, args: AzureInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:azure:Instance', name, {}, opts);
    const parent = { parent: this };
    const nic = new network.NetworkInterface(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        ipConfigurations: [
          {
            name: 'primary',
            subnet: { id: args.subnetId },
            privateIPAllocationMethod: 'Dynamic',
            ...(args.publicIpId ? { publicIPAddress: { id: args.publicIpId } } : {}),
          },
        ],
        ...(args.securityGroupId ? { networkSecurityGroup: { id: args.securityGroupId } } : {}),
        ...(args.forwarding ? { enableIPForwarding: true } : {}),
        tags: { ...args.tags },
      },
      parent,
    );
    const zones = azureZones(args.zone);
    new compute.VirtualMachine(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        hardwareProfile: { vmSize: args.flavor },
        ...(zones ? { zones } : {}),
        ...(args.spot ? { priority: 'Spot', evictionPolicy: 'Deallocate', billingProfile: { maxPrice: -1 } } : {}),
        networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
        osProfile: {
          computerName: name.slice(0, 63),
          adminUsername: 'skycluster',
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: { publicKeys: [{ path: '/home/skycluster/.ssh/authorized_keys', keyData: args.sshPublicKey }] },
          },
          ...(args.userData ? { customData: pulumi.output(args.userData).apply((u) => Buffer.from(u, 'utf8').toString('base64')) } : {}),
        },
        storageProfile: {
          imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
          osDisk: { createOption: 'FromImage', deleteOption: 'Delete' },
        },
        tags: { ...args.tags },
      },
      parent,
    );
    this.privateIp = nic.ipConfigurations.apply((c) => c?.[0]?.privateIPAddress ?? '');
    this.registerOutputs({ privateIp: this.privateIp });
  }
}
