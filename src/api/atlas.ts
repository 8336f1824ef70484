/**
 * core.skycluster.io/v1alpha1 Atlas: the infrastructure an approved Plan needs — per site one network and
 * one Kubernetes cluster (managed EKS/GKE/AKS in clouds, an existing cluster on-prem) with node pools —
 * provisioned through Pulumi.
 */
import { z } from 'zod';
import { conditionSchema, kindSchema } from './common.js';

export const NodePoolSchema = z.strictObject({
  name: z.string().min(1).max(63),
  zone: z.string().min(1),
  flavor: z.string().min(1),
  nodes: z.number().int().positive(),
  spot: z.boolean(),
  gpu: z.strictObject({ model: z.string(), count: z.number().int().positive() }).optional(),
  labels: z.record(z.string(), z.string()).describe('Node labels; include skycluster.io/component for Harbor.'),
  taints: z
    .array(
      z.strictObject({
        key: z.string(),
        value: z.string().optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      }),
    )
    .optional(),
});

export const AtlasClusterSchema = z.strictObject({
  name: z.string().min(1).max(63).describe('Stable DNS-1123 name derived from the site.'),
  platform: z.string().min(1),
  region: z.string().min(1),
  siteKind: z.enum(['cloud', 'onprem']),
  kubernetesVersion: z.string().optional(),
  network: z.strictObject({ cidr: z.string().describe('IPv4 CIDR of the cluster network; non-overlapping across clusters.') }),
  nodePools: z.array(NodePoolSchema).min(1),
});

export const AtlasSpecSchema = z.strictObject({
  planRef: z.strictObject({ name: z.string().min(1) }),
  clusters: z.array(AtlasClusterSchema),
  links: z
    .array(z.strictObject({ from: z.string(), to: z.string() }))
    .describe('Cluster pairs that exchange data and need cross-cluster connectivity.'),
});

export const ATLAS_CONDITION_TYPES = ['Ready', 'Provisioning'] as const;
export const ATLAS_REASONS = ['Provisioned', 'InProgress', 'PlanNotApproved', 'PulumiError', 'InvalidSpec'] as const;
export const AtlasSchema = kindSchema(
  'core.skycluster.io/v1alpha1',
  'Atlas',
  AtlasSpecSchema,
  z.strictObject({
    conditions: z.array(conditionSchema(ATLAS_CONDITION_TYPES, ATLAS_REASONS)).optional(),
    clusters: z
      .array(
        z.strictObject({
          name: z.string(),
          endpoint: z.string().optional(),
          kubeconfigSecretRef: z.string().optional(),
        }),
      )
      .optional(),
  }),
);
export type Atlas = z.infer<typeof AtlasSchema>;
