/**
 * skycluster:azure:AgentPool — one AKS user agent pool for one placement: VM size, spot priority where
 * planned (evicted nodes are deleted; price capped at on-demand), zone, labels and taints. AKS adds the
 * taint kubernetes.azure.com/scalesetpriority=spot:NoSchedule to spot pools itself.
 */
import * as pulumi from '@pulumi/pulumi';
import * as containerservice from '@pulumi/azure-native/containerservice/index.js';
import type { NodePool } from '../../../src/api/atlas.js';
import { aksTaints, azureZones } from './naming.js';

/** Args of AzureAgentPool. */
export interface AzureAgentPoolArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly clusterName: pulumi.Input<string>;
  readonly subnetId: pulumi.Input<string>;
  readonly pool: NodePool;
}

/** An AKS agent pool. */
export class AzureAgentPool extends pulumi.ComponentResource {
  constructor(name: string, args: AzureAgentPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:azure:AgentPool', name, {}, opts);
    const p = args.pool;
    const zones = azureZones(p.zone);
    new containerservice.AgentPool(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        resourceName: args.clusterName,
        agentPoolName: p.name,
        mode: 'User',
        osType: 'Linux',
        type: 'VirtualMachineScaleSets',
        count: p.nodes,
        vmSize: p.flavor,
        vnetSubnetID: args.subnetId,
        ...(zones ? { availabilityZones: zones } : {}),
        ...(p.spot ? { scaleSetPriority: 'Spot', scaleSetEvictionPolicy: 'Delete', spotMaxPrice: -1 } : { scaleSetPriority: 'Regular' }),
        nodeLabels: { ...p.labels },
        nodeTaints: aksTaints(p.taints),
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
