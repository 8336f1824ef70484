/**
 * skycluster:gcp:NodePool — one GKE node pool for one placement: machine type, spot where planned, GPU
 * guest accelerators where the flavor has them (GKE installs the default driver), the GKE metadata server
 * for workload identity, and the labels and taints Harbor targets.
 */
import * as pulumi from '@pulumi/pulumi';
import * as container from '@pulumi/gcp/container/index.js';
import type { NodePool } from '../../../src/api/atlas.js';
import { gcpZone } from './naming.js';

/** Args of GcpNodePool. */
export interface GcpNodePoolArgs {
  readonly cluster: pulumi.Input<string>;
  readonly project?: pulumi.Input<string>;
  readonly region: string;
  readonly pool: NodePool;
}

const EFFECT = { NoSchedule: 'NO_SCHEDULE', PreferNoSchedule: 'PREFER_NO_SCHEDULE', NoExecute: 'NO_EXECUTE' } as const;

/** A GKE node pool. */
export class GcpNodePool extends pulumi.ComponentResource {
  public readonly poolName: pulumi.Output<string>;

  constructor(name: string, args: GcpNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:gcp:NodePool', name, {}, opts);
    const p = args.pool;
    const pool = new container.NodePool(
      name,
      {
        name: p.name,
        cluster: args.cluster,
        location: args.region,
        ...(args.project ? { project: args.project } : {}),
        // A regional pool's node count is per zone: one node location makes it the planned count.
        nodeLocations: [gcpZone(args.region, p.zone)],
        nodeCount: p.nodes,
        nodeConfig: {
          machineType: p.flavor,
          spot: p.spot,
          labels: { ...p.labels },
          taints: p.taints.map((t) => ({ key: t.key, value: t.value ?? '', effect: EFFECT[t.effect] })),
          ...(p.gpu?.acceleratorType
            ? {
                guestAccelerators: [
                  { type: p.gpu.acceleratorType, count: p.gpu.count, gpuDriverInstallationConfig: { gpuDriverVersion: 'DEFAULT' } },
                ],
              }
            : {}),
          workloadMetadataConfig: { mode: 'GKE_METADATA' },
          oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        },
      },
      { parent: this },
    );
    this.poolName = pool.name;
    this.registerOutputs({ poolName: this.poolName });
  }
}
