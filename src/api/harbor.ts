/**
 * core.skycluster.io/v1alpha1 Harbor: deploys an approved Plan's components onto their clusters — the
 * workloads on their planned node pools, NVIDIA Skyhook host packages on those pools, and Multi-Cluster
 * Services exports/imports for the data flows that cross clusters. The spec names the plan; what goes where is
 * rendered from it (src/harbor/render-harbor.ts), so the spec never duplicates the plan. The status reports per
 * cluster, per component and per node pool.
 */
import { z } from 'zod';
import { conditionsSchema, kindSchema } from './common.js';

export const HarborSpecSchema = z.strictObject({
  planRef: z.strictObject({ name: z.string().min(1).describe("Name of the Plan in the Harbor's namespace.") }),
  nodewrightClusters: z
    .array(z.string().min(1))
    .optional()
    .describe("Clusters that serve NodeWright's CRD (nodewright.nvidia.com) instead of Skyhook's. @default none"),
  prune: z.boolean().optional().describe('Remove what the plan no longer places (objects Harbor owns only). @default true'),
});

export const HARBOR_CONDITION_TYPES = ['Ready', 'Deploying'] as const;
export const HARBOR_REASONS = [
  'Deployed',
  'InProgress',
  'WaitingForAvailability',
  'ClusterUnreachable',
  'ClusterNotReady',
  'PlanNotFound',
  'PlanNotApproved',
  'ApplyError',
  'InvalidSpec',
] as const;

/** One target cluster as Harbor last saw it. */
export const HarborClusterStatusSchema = z.strictObject({
  name: z.string(),
  reachable: z.boolean(),
  objects: z.number().int().nonnegative().describe('Objects Harbor applied there.'),
  message: z.string().optional().describe('Why the cluster could not be reached or applied to.'),
});

/** One placement of a component. */
export const HarborComponentStatusSchema = z.strictObject({
  component: z.string(),
  placementId: z.string(),
  cluster: z.string(),
  applied: z.boolean(),
  desiredReplicas: z.number().int().nonnegative().optional(),
  availableReplicas: z.number().int().nonnegative().optional(),
  error: z.string().optional(),
});

/** The host packages of one node pool, summed up from its Skyhook's status (read, never written). */
export const HarborPoolStatusSchema = z.strictObject({
  placementId: z.string(),
  cluster: z.string(),
  skyhook: z.string().describe('Name of the Skyhook (or NodeWright) object.'),
  state: z.enum(['Complete', 'InProgress', 'Blocked', 'Unknown']),
  reason: z.string(),
  completeNodes: z.string().optional().describe('complete/total nodes, as the operator counts them.'),
});

/** A cross-cluster service. */
export const HarborServiceStatusSchema = z.strictObject({
  name: z.string(),
  namespace: z.string(),
  dnsName: z.string().describe('<service>.<namespace>.svc.clusterset.local'),
  exportedFrom: z.array(z.string()),
  importedIn: z.array(z.string()),
});

export const HarborStatusSchema = z.strictObject({
  observedGeneration: z.number().int().nonnegative().optional(),
  planRevision: z.number().int().positive().optional().describe('spec.revision of the plan last deployed.'),
  conditions: conditionsSchema(HARBOR_CONDITION_TYPES, HARBOR_REASONS).optional(),
  clusters: z.array(HarborClusterStatusSchema).optional(),
  components: z.array(HarborComponentStatusSchema).optional(),
  pools: z.array(HarborPoolStatusSchema).optional(),
  services: z.array(HarborServiceStatusSchema).optional(),
});
export type HarborStatus = z.infer<typeof HarborStatusSchema>;

export const HarborSchema = kindSchema('core.skycluster.io/v1alpha1', 'Harbor', HarborSpecSchema, HarborStatusSchema);
export type Harbor = z.infer<typeof HarborSchema>;
