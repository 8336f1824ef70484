/**
 * core.skycluster.io/v1alpha1 Atlas: the infrastructure an approved Plan needs — per site (one Pulumi stack
 * per application, provider and region) one network and either a Kubernetes cluster with node pools
 * (managed EKS/GKE/AKS in clouds, an existing cluster on-prem) or plain instances, plus the links between
 * clusters whose components exchange data. Rendered from the Plan by src/atlas (renderAtlas); provisioned
 * through Pulumi by the Atlas controller.
 */
import { z } from 'zod';
import { conditionsSchema, kindSchema } from './common.js';
import { ExecutionEnvironmentSchema } from './policy.js';

/** A key of a Secret (in the Atlas object's namespace unless given). */
export const SecretKeyRefSchema = z.strictObject({
  namespace: z.string().min(1).optional().describe("Secret namespace. @default the Atlas object's namespace"),
  name: z.string().min(1).describe('Secret name.'),
  key: z.string().min(1).optional().describe('Key inside the Secret. @default the consumer documents its key'),
});
export type SecretKeyRef = z.infer<typeof SecretKeyRefSchema>;

/** GPUs of one node of a pool or of one instance. */
export const GpuSchema = z.strictObject({
  model: z.string().min(1).describe('GPU model as the catalog names it (A100, L4, T4, ...).'),
  count: z.number().positive().describe('GPUs per node; fractional for shared GPUs.'),
  acceleratorType: z.string().optional().describe('GKE guest accelerator type, e.g. nvidia-l4 (GCP only).'),
});

export const TaintSchema = z.strictObject({
  key: z.string().min(1),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

/** One node pool: the nodes of one placement (component, zone, flavor, spot or on-demand). */
export const NodePoolSchema = z.strictObject({
  name: z.string().min(1).max(63).describe('Pool name valid for the cloud (AKS: at most 12 lower-case alphanumerics).'),
  placementId: z.string().min(1).describe('Id of the Plan placement the pool serves.'),
  component: z.string().min(1),
  zone: z.string().min(1),
  flavor: z.string().min(1),
  nodes: z.number().int().positive(),
  spot: z.boolean(),
  gpu: GpuSchema.optional(),
  labels: z.record(z.string(), z.string()).describe('Node labels: skycluster.io/component and skycluster.io/pool, which Harbor selects on.'),
  taints: z.array(TaintSchema).describe('Node taints; empty unless pools are dedicated.'),
});
export type NodePool = z.infer<typeof NodePoolSchema>;

/** One instance of executionEnvironment VirtualMachine: one planned node. */
export const InstanceSchema = z.strictObject({
  name: z.string().min(1).max(63),
  placementId: z.string().min(1),
  component: z.string().min(1),
  zone: z.string().min(1),
  flavor: z.string().min(1),
  spot: z.boolean(),
  gpu: GpuSchema.optional(),
  labels: z.record(z.string(), z.string()).describe('Tags of the instance (skycluster.io/component, skycluster.io/pool).'),
});
export type Instance = z.infer<typeof InstanceSchema>;

export const SubnetSchema = z.strictObject({
  name: z.string().min(1),
  role: z.enum(['public', 'private', 'nodes', 'gateway']),
  cidr: z.string().min(1),
  zone: z.string().optional().describe('Zone of a zonal subnet (AWS); absent for regional subnets.'),
});

/** A WireGuard gateway instance of a cluster with links to other clouds or sites. */
export const GatewaySchema = z.strictObject({
  flavor: z.string().min(1),
  zone: z.string().min(1),
  usdPerHour: z.number().nonnegative().optional().describe('Catalog on-demand price of the gateway flavor, if known.'),
  privateKeySecretRef: SecretKeyRefSchema.describe('Secret holding the WireGuard private key (key `privateKey`).'),
});

export const AtlasClusterSchema = z.strictObject({
  name: z.string().min(1).max(63).describe('Stable DNS-1123 name of the cluster (application, platform, region); also its Pulumi stack.'),
  platform: z.string().min(1),
  region: z.string().min(1),
  siteKind: z.enum(['cloud', 'onprem']),
  kubernetesVersion: z.string().optional().describe('Kubernetes version of managed clusters. @default the cloud default'),
  credentialsSecretRef: SecretKeyRefSchema.optional().describe(
    'Cloud credentials, from the annotation skycluster.io/credentials-secret of the ProviderProfile.',
  ),
  kubeconfigSecretRef: SecretKeyRefSchema.optional().describe('On-prem: Secret with the kubeconfig of the existing cluster.'),
  network: z
    .strictObject({
      cidr: z.string().describe('IPv4 CIDR of the cluster network; non-overlapping across all clusters.'),
      podsCidr: z.string(),
      servicesCidr: z.string(),
      subnets: z.array(SubnetSchema),
    })
    .optional()
    .describe('Absent for on-prem sites without user-given ranges (their network exists already).'),
  nodePools: z.array(NodePoolSchema).describe('Kubernetes mode: one per placement.'),
  instances: z.array(InstanceSchema).describe('VirtualMachine mode: one per planned node.'),
  gateway: GatewaySchema.optional(),
});
export type AtlasCluster = z.infer<typeof AtlasClusterSchema>;

export const LinkSchema = z.strictObject({
  from: z.string().min(1).describe('Cluster name (the lower of the two).'),
  to: z.string().min(1),
  transport: z.enum(['peering', 'wireguard']).describe('VPC/VNet peering inside one cloud; WireGuard gateways across clouds and to on-prem sites.'),
  components: z.array(z.string()).describe('The exchanging component pairs, `from->to`.'),
});
export type Link = z.infer<typeof LinkSchema>;

export const AtlasSpecSchema = z.strictObject({
  planRef: z.strictObject({ name: z.string().min(1), revision: z.number().int().positive().optional() }),
  application: z.string().min(1),
  executionEnvironment: ExecutionEnvironmentSchema,
  clusters: z.array(AtlasClusterSchema),
  links: z.array(LinkSchema).describe('Cluster pairs that exchange data and need cross-cluster connectivity.'),
});
export type AtlasSpec = z.infer<typeof AtlasSpecSchema>;

/** Run state of one stack, written by the Atlas controller. No secret value ever goes here. */
export const StackStatusSchema = z.strictObject({
  name: z.string(),
  phase: z.enum(['Pending', 'Updating', 'Ready', 'Failed', 'Destroying']),
  resourceCount: z.number().int().nonnegative().optional(),
  endpoint: z.string().optional(),
  caCertificate: z.string().optional().describe('Base64 CA bundle of the API server (public data).'),
  kubeconfigSecretRef: SecretKeyRefSchema.optional().describe('Where the controller wrote the kubeconfig Harbor reads.'),
  lastError: z.string().optional().describe('Last engine or credentials error, redacted (no secret value).'),
  platform: z.string().optional().describe('Platform of the stack, kept so a stack removed from the spec can still be destroyed.'),
  region: z.string().optional(),
  credentialsSecretRef: SecretKeyRefSchema.optional().describe('The credentials Secret the stack last ran with (a reference, never a value).'),
  appliedHash: z.string().optional().describe('Hash of the stack definition of the last successful up; a different hash means the stack changed.'),
  peersSeen: z
    .array(z.string())
    .optional()
    .describe('Linked stacks that were Ready when this stack last ran; a peer Ready since then triggers one more up.'),
  failures: z.number().int().nonnegative().optional().describe('Consecutive failed operations.'),
});
export type StackStatus = z.infer<typeof StackStatusSchema>;

export const ATLAS_CONDITION_TYPES = ['Ready', 'Provisioning'] as const;
export const ATLAS_REASONS = [
  'Provisioned',
  'InProgress',
  'PlanNotApproved',
  'PulumiError',
  'InvalidSpec',
  'CredentialsMissing',
  'EngineUnavailable',
  'Deleting',
] as const;
export const AtlasSchema = kindSchema(
  'core.skycluster.io/v1alpha1',
  'Atlas',
  AtlasSpecSchema,
  z.strictObject({
    observedGeneration: z.number().int().nonnegative().optional(),
    conditions: conditionsSchema(ATLAS_CONDITION_TYPES, ATLAS_REASONS).optional(),
    stacks: z.array(StackStatusSchema).optional(),
  }),
);
export type Atlas = z.infer<typeof AtlasSchema>;
