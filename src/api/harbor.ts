/**
 * core.skycluster.io/v1alpha1 Harbor: what to deploy where, derived from an approved Plan — the components'
 * workloads on their clusters, NVIDIA Skyhook host packages on the planned nodes, and cross-cluster services
 * between components that landed in different clusters.
 */
import { z } from 'zod';
import { ComponentRefSchema, conditionSchema, kindSchema } from './common.js';

export const HarborWorkloadSchema = z.strictObject({
  component: z.string().min(1),
  componentRef: ComponentRefSchema,
  cluster: z.string().min(1),
  namespace: z.string().min(1),
  replicas: z.number().int().nonnegative(),
  nodeSelector: z.record(z.string(), z.string()),
});

/** A Skyhook custom resource (skyhook.nvidia.com/v1alpha1) to apply on one cluster. */
export const HarborSkyhookSchema = z.strictObject({
  name: z.string().min(1),
  cluster: z.string().min(1),
  nodeSelector: z.record(z.string(), z.string()),
  interruptionBudget: z
    .strictObject({ percent: z.number().int().min(0).max(100).optional(), count: z.number().int().nonnegative().optional() })
    .optional(),
  packages: z.array(
    z.strictObject({
      name: z.string().min(1),
      version: z.string().regex(/^\d+\.\d+\.\d+/, { error: 'Skyhook packages need a semantic version like 1.2.3' }),
      image: z.string().min(1),
    }),
  ),
});

export const HarborServiceSchema = z.strictObject({
  name: z.string().min(1),
  component: z.string().min(1),
  serverCluster: z.string().min(1),
  clientClusters: z.array(z.string().min(1)).min(1),
  ports: z.array(z.strictObject({ port: z.number().int().min(1).max(65535), targetPort: z.number().int().min(1).max(65535).optional() })),
});

export const HarborSpecSchema = z.strictObject({
  planRef: z.strictObject({ name: z.string().min(1) }),
  workloads: z.array(HarborWorkloadSchema),
  skyhooks: z.array(HarborSkyhookSchema),
  services: z.array(HarborServiceSchema),
});

export const HARBOR_CONDITION_TYPES = ['Ready', 'Deploying'] as const;
export const HARBOR_REASONS = ['Deployed', 'InProgress', 'ClusterNotReady', 'PlanNotApproved', 'ApplyError', 'InvalidSpec'] as const;
export const HarborSchema = kindSchema(
  'core.skycluster.io/v1alpha1',
  'Harbor',
  HarborSpecSchema,
  z.strictObject({
    conditions: z.array(conditionSchema(HARBOR_CONDITION_TYPES, HARBOR_REASONS)).optional(),
  }),
);
export type Harbor = z.infer<typeof HarborSchema>;
