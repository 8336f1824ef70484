/**
 * skycluster:aws:NodeGroup — one EKS managed node group for one placement: its flavor, spot or on-demand,
 * the private subnet of its zone, and the labels and taints Harbor targets.
 */
import * as pulumi from '@pulumi/pulumi';
import * as eks from '@pulumi/aws/eks/index.js';
import type { NodePool } from '../../../src/api/atlas.js';
import { ZONE_TAG } from '../../../src/atlas/labels.js';
import { isArmFlavor } from './zones.js';

/** Args of AwsNodeGroup. */
export interface AwsNodeGroupArgs {
  readonly clusterName: pulumi.Input<string>;
  readonly nodeRoleArn: pulumi.Input<string>;
  readonly subnetId: pulumi.Input<string>;
  readonly pool: NodePool;
  readonly tags: Readonly<Record<string, string>>;
}

const EFFECT = { NoSchedule: 'NO_SCHEDULE', PreferNoSchedule: 'PREFER_NO_SCHEDULE', NoExecute: 'NO_EXECUTE' } as const;

/** The EKS AMI type of a flavor: NVIDIA for GPU flavors, ARM for Graviton, else standard x86. */
export function eksAmiType(pool: Pick<NodePool, 'flavor' | 'gpu'>): string {
  if (pool.gpu) return isArmFlavor(pool.flavor) ? 'AL2023_ARM_64_NVIDIA' : 'AL2023_x86_64_NVIDIA';
  return isArmFlavor(pool.flavor) ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD';
}

/** An EKS managed node group. */
export class AwsNodeGroup extends pulumi.ComponentResource {
  public readonly nodeGroupName: pulumi.Output<string>;

  constructor(name: string, args: AwsNodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:aws:NodeGroup', name, {}, opts);
    const p = args.pool;
    const group = new eks.NodeGroup(
      name,
      {
        clusterName: args.clusterName,
        nodeGroupName: p.name,
        nodeRoleArn: args.nodeRoleArn,
        subnetIds: [args.subnetId],
        instanceTypes: [p.flavor],
        capacityType: p.spot ? 'SPOT' : 'ON_DEMAND',
        amiType: eksAmiType(p),
        scalingConfig: { desiredSize: p.nodes, minSize: p.nodes, maxSize: p.nodes },
        labels: { ...p.labels },
        taints: p.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: EFFECT[t.effect] })),
        // The zone tag lets a reviewer (atlas preview) and the AWS console see where the group runs.
        tags: { ...args.tags, [ZONE_TAG]: p.zone },
      },
      { parent: this },
    );
    this.nodeGroupName = group.nodeGroupName;
    this.registerOutputs({ nodeGroupName: this.nodeGroupName });
  }
}
