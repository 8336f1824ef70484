/**
 * skycluster:gcp:Instance — one Compute Engine instance: a planned node of executionEnvironment
 * VirtualMachine, or a WireGuard gateway. Spot instances use the SPOT provisioning model; GPU instances
 * attach their accelerators and stop on host maintenance, as Compute Engine requires.
 */
import * as pulumi from '@pulumi/pulumi';
import * as compute from '@pulumi/gcp/compute/index.js';
import type { Instance } from '../../../src/api/atlas.js';
import { stableName } from '../../../src/util/names.js';
import { gceLabels, gcpZone } from './naming.js';

/** Args of GcpInstance. */
export interface GcpInstanceArgs {
  readonly project?: pulumi.Input<string>;
  readonly region: string;
  readonly zone: string;
  readonly flavor: string;
  readonly spot: boolean;
  readonly gpu?: Instance['gpu'];
  readonly subnetwork: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
  /** A static external address to attach (gateways). */
  readonly natIp?: pulumi.Input<string>;
  /** Network tags (firewall targets). */
  readonly networkTags?: readonly string[];
  readonly forwarding?: boolean;
  readonly userData?: pulumi.Input<string>;
}

/** One Compute Engine instance. */
export class GcpInstance extends pulumi.ComponentResource {
  public readonly selfLink: pulumi.Output<string>;
  public readonly zone: string;

  constructor(name: string, args: GcpInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:gcp:Instance', name, {}, opts);
    this.zone = gcpZone(args.region, args.zone);
    const gpu = args.gpu?.acceleratorType ? args.gpu : undefined;
    const vm = new compute.Instance(
      name,
      {
        name: stableName([name]),
        machineType: args.flavor,
        zone: this.zone,
        ...(args.project ? { project: args.project } : {}),
        bootDisk: { initializeParams: { image: 'debian-cloud/debian-12' } },
        networkInterfaces: [{ subnetwork: args.subnetwork, ...(args.natIp ? { accessConfigs: [{ natIp: args.natIp }] } : {}) }],
        scheduling: {
          ...(args.spot ? { provisioningModel: 'SPOT', preemptible: true, automaticRestart: false, instanceTerminationAction: 'STOP' } : {}),
          ...(gpu || args.spot ? { onHostMaintenance: 'TERMINATE' } : {}),
        },
        ...(gpu ? { guestAccelerators: [{ type: gpu.acceleratorType!, count: gpu.count }] } : {}),
        ...(args.forwarding ? { canIpForward: true } : {}),
        ...(args.networkTags ? { tags: [...args.networkTags] } : {}),
        ...(args.userData ? { metadata: { 'user-data': args.userData } } : {}),
        labels: gceLabels(args.labels),
        allowStoppingForUpdate: true,
      },
      { parent: this },
    );
    this.selfLink = vm.selfLink;
    this.registerOutputs({ selfLink: this.selfLink });
  }
}
