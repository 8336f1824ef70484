/**
 * NVIDIA Skyhook's objects, read unchanged: the package shape (`spec.packages.<name>`), the Skyhook-level
 * settings and the whole `skyhook.nvidia.com/v1alpha1` Skyhook (cluster-scoped), with its renamed twin
 * `nodewright.nvidia.com/v1alpha1` NodeWright. A foreign kind: we read and render it, the Skyhook operator
 * serves it. The schema carries the CRD's own rules (types, enums, required fields, bounds, the package-name
 * pattern); the admission webhook's rules and the checks the operator misses are in src/skyhook/validate-skyhook.ts.
 * @see NVIDIA/skyhook operator/config/crd/bases/skyhook.nvidia.com_skyhooks.yaml (f9b9e8b, 2026-03-04)
 * @see NVIDIA/skyhook operator/api/v1alpha1/skyhook_types.go
 */
import { z } from 'zod';
import { ObjectMetaSchema } from './common.js';

export const SKYHOOK_GROUP = 'skyhook.nvidia.com';
export const SKYHOOK_VERSION = 'v1alpha1';
export const SKYHOOK_KIND = 'Skyhook';
export const SKYHOOK_PLURAL = 'skyhooks';
/** The renamed project's group and kind; same spec (plus a few fields), same scope. */
export const NODEWRIGHT_GROUP = 'nodewright.nvidia.com';
export const NODEWRIGHT_KIND = 'NodeWright';
export const NODEWRIGHT_PLURAL = 'nodewrights';

/** int-or-string quantity (`500m`, `256Mi`, 2), as the CRD declares resources. */
const QuantitySchema = z.union([
  z.number().int(),
  z.string().regex(/^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/, {
    error: 'expected a quantity like 500m, 2 or 256Mi',
  }),
]);

/** What happens on the node after a package (or a configMap key change) is applied. */
export const InterruptSchema = z.strictObject({
  type: z.enum(['service', 'reboot', 'noop', 'restartAllServices']).describe('Reboot, restart services, restart all services, or nothing.'),
  services: z.array(z.string()).optional().describe('systemd services to restart (type service).'),
});

/** A metav1.LabelSelector; its syntax is checked by src/harbor/k8s-labels.ts. */
export const LabelSelectorSchema = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(z.strictObject({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() })).optional(),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

/** A core/v1 Toleration. */
export const TolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: z.string().optional().describe('Exists or Equal. @default Equal'),
  value: z.string().optional(),
  effect: z.string().optional().describe('NoSchedule, PreferNoSchedule or NoExecute; empty matches all.'),
  tolerationSeconds: z.number().int().optional(),
});
export type Toleration = z.infer<typeof TolerationSchema>;

/** One host package: a container image with the Skyhook agent's work, its config and its dependencies. */
export const SkyhookPackageSchema = z.strictObject({
  name: z
    .string()
    .max(43)
    .regex(/^[a-z][-a-z0-9]{0,41}[a-z]$/, { error: 'expected a package name like nvidia-driver (lower-case, 2-43 characters)' })
    .optional()
    .describe('Name of the package; comes from the map key (set it only to the same value).'),
  version: z.string().describe('Package version, semver; also the image tag.'),
  image: z.string().describe('Container image without its tag (the version is the tag).'),
  containerSHA: z.string().optional().describe('sha256:<64 hex> digest pulled instead of the version tag.'),
  agentImageOverride: z.string().optional().describe('Agent image (with tag) for this package instead of the operator default.'),
  interrupt: InterruptSchema.optional().describe('Interrupt after the package is applied.'),
  configInterrupts: z
    .record(z.string(), InterruptSchema)
    .optional()
    .describe('Interrupt per configMap key (or `*` glob over the keys) when that key changes.'),
  configMap: z.record(z.string(), z.string()).optional().describe('Files handed to the package.'),
  dependsOn: z.record(z.string(), z.string()).optional().describe('name: version of packages that must be applied first.'),
  env: z
    .array(z.looseObject({ name: z.string(), value: z.string().optional(), valueFrom: z.looseObject({}).optional() }))
    .optional()
    .describe('Environment of the package container.'),
  resources: z
    .strictObject({
      cpuRequest: QuantitySchema.optional(),
      cpuLimit: QuantitySchema.optional(),
      memoryRequest: QuantitySchema.optional(),
      memoryLimit: QuantitySchema.optional(),
    })
    .optional()
    .describe('All four or none; limits at least the requests. @default the operator defaults'),
  gracefulShutdown: z.string().optional().describe('Graceful shutdown timeout of the package pod, a Go duration.'),
});
export type SkyhookPackage = z.infer<typeof SkyhookPackageSchema>;

/** The Skyhook-level settings a component may give with its host packages. */
export const SkyhookSettingsShape = {
  interruptionBudget: z
    .strictObject({
      percent: z.number().int().min(0).max(100).nullable().optional().describe('Percent of matching nodes interrupted at once.'),
      count: z.number().int().min(0).nullable().optional().describe('Number of matching nodes interrupted at once.'),
    })
    .optional()
    .describe('How many nodes may be interrupted at once: percent or count, not both.'),
  runtimeRequired: z.boolean().optional().describe('Nodes join tainted and no workload starts before the packages complete. @default false'),
  podNonInterruptLabels: LabelSelectorSchema.optional().describe('Pods matching this selector are never interrupted.'),
  additionalTolerations: z.array(TolerationSchema).optional().describe('Tolerations added to every package pod.'),
  priority: z.number().int().min(1).optional().describe('Lower runs first among Skyhooks. @default 200'),
  deploymentPolicy: z.string().optional().describe('Name of a Skyhook DeploymentPolicy with rollout settings.'),
};

/** The spec of a Skyhook as its CRD declares it. */
export const SkyhookSpecSchema = z.strictObject({
  ...SkyhookSettingsShape,
  nodeSelectors: LabelSelectorSchema.optional().describe('Nodes the packages go on.'),
  packages: z.record(z.string(), SkyhookPackageSchema).optional(),
  serial: z.boolean().optional(),
  pause: z.boolean().optional(),
  autoTaintNewNodes: z.boolean().optional(),
  deploymentPolicyOptions: z.strictObject({ resetBatchStateOnCompletion: z.boolean().optional() }).optional(),
});
export type SkyhookSpec = z.infer<typeof SkyhookSpecSchema>;

/** A whole Skyhook object (its status is the operator's and is not read for validation). */
export const SkyhookSchema = z.strictObject({
  apiVersion: z.literal(`${SKYHOOK_GROUP}/${SKYHOOK_VERSION}`),
  kind: z.literal(SKYHOOK_KIND),
  metadata: ObjectMetaSchema,
  spec: SkyhookSpecSchema,
  status: z.unknown().optional(),
});
export type Skyhook = z.infer<typeof SkyhookSchema>;

/** The same object in NodeWright's group. */
export const NodeWrightSchema = SkyhookSchema.extend({
  apiVersion: z.literal(`${NODEWRIGHT_GROUP}/${SKYHOOK_VERSION}`),
  kind: z.literal(NODEWRIGHT_KIND),
});

/** Host packages of one DeploymentPolicy component: Skyhook's package map plus its Skyhook-level settings. */
export const HostPackagesSchema = z
  .strictObject({
    ...SkyhookSettingsShape,
    packages: z.record(z.string(), SkyhookPackageSchema).describe("Packages by name, in Skyhook's own shape."),
  })
  .describe('NVIDIA Skyhook host packages for the node pools a component is placed on.');
export type HostPackages = z.infer<typeof HostPackagesSchema>;
