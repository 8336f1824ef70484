/**
 * policy.skycluster.io/v1alpha1: DeploymentPolicy and DataflowPolicy.
 *
 * A superset of SkyCluster's own policy schema (skycluster-operator api/policy/v1alpha1, as used by its
 * examples/apps/air-quality): every field SkyCluster writes parses unchanged. Fields marked "skycluster
 * addition" are ours and optional.
 */
import { z } from 'zod';
import {
  ComponentRefSchema,
  CountSchema,
  CpuSchema,
  DataRateSchema,
  DataSizeSchema,
  DurationSchema,
  MemorySchema,
  PriceSchema,
  atMost,
  conditionsSchema,
  kindSchema,
} from './common.js';
import { parseVirtualService } from './compute-profile.js';
import { isCountryCode } from './countries.js';
import { HostPackagesSchema } from './skyhook.js';
import { QUANTITY_LIMITS } from './units.js';

/** An officially assigned ISO 3166-1 alpha-2 code (the list is a refinement: the CRD keeps the pattern). */
export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 country code like CA' })
  .refine((c) => !/^[A-Z]{2}$/.test(c) || isCountryCode(c), { error: 'not an assigned ISO 3166-1 alpha-2 country code (e.g. CA, US, DE)' });

/** Zone kinds of SkyCluster's ProviderProfile. */
export const ZoneTypeSchema = z.enum(['cloud', 'edge', 'nte']);

/** One location selector: every field given must match (AND); an empty selector matches everything. */
export const LocationSelectorSchema = z
  .strictObject({
    name: z.string().optional().describe('Name of a registered ProviderProfile.'),
    platform: z.string().optional().describe('Platform: aws, gcp, azure, openstack, baremetal, ...'),
    region: z.string().optional().describe('Region (cloud region or on-prem site name).'),
    regionAlias: z.string().optional().describe('Region alias of the ProviderProfile, e.g. us-east.'),
    zone: z.string().optional().describe('Zone within the region.'),
    type: ZoneTypeSchema.optional().describe('Zone type: cloud, edge or nte.'),
    configName: z
      .string()
      .optional()
      .describe('SkyCluster: name of the provider configuration object; read and ignored (sites are matched by name, platform, region, zone).'),
  })
  .describe('A location selector; all given fields must match.');
export type LocationSelector = z.infer<typeof LocationSelectorSchema>;

/** Where a component may run (permitted) and where it must have a placement (required). */
export const LocationConstraintSchema = z.strictObject({
  permitted: z
    .array(LocationSelectorSchema)
    .optional()
    .describe('Locations the component may use (OR of selectors). @default every registered location'),
  required: z
    .array(
      z.strictObject({
        anyOf: z
          .array(LocationSelectorSchema)
          .min(1, { error: 'an anyOf group needs at least one alternative' })
          .describe('Alternatives; one placement must match one of them.'),
      }),
    )
    .optional()
    .describe('Each group must receive one placement of the component (AND of anyOf groups).'),
});

/**
 * One alternative of a virtual-service (compute profile) constraint. SkyCluster writes either a profile
 * name (`4vCPU-16GB`, with `*` wildcards, or a service name such as `ManagedKubernetes`) or a
 * `kind: ComputeProfile` with a `spec` (object, or the same as a YAML string) giving cpu, ram and gpu.
 */
export const VirtualServiceSchema = z.strictObject({
  name: z.string().optional().describe('Profile name such as 4vCPU-16GB (wildcards * allowed) or a service name.'),
  kind: z.string().optional().describe('ComputeProfile, or a SkyCluster service kind.'),
  apiVersion: z.string().optional(),
  spec: z.unknown().optional().describe('Compute profile spec (cpu, ram, gpu); an object or a YAML string.'),
  count: CountSchema.optional().describe('Number of nodes of this profile. @default 1'),
});
export type VirtualService = z.infer<typeof VirtualServiceSchema>;

/** Per-replica resource requests (skycluster addition, used when no componentRef can be read). */
export const ResourcesSchema = z.strictObject({
  cpu: CpuSchema.describe('CPU per replica, e.g. 2 or 500m.'),
  memory: MemorySchema.describe('Memory per replica, e.g. 4Gi.'),
  gpu: z
    .strictObject({
      count: atMost(z.number().positive(), QUANTITY_LIMITS.count).describe(
        'GPUs per replica; a fraction asks for a share of a GPU, as the catalog sells them (GCP 0.25, Azure 0.333).',
      ),
      model: z.string().optional().describe('GPU model, e.g. A100, T4, H100 (case-insensitive; * wildcards).'),
    })
    .optional(),
});

const CONTINENTS = ['north-america', 'south-america', 'europe', 'asia', 'africa', 'oceania', 'middle-east'] as const;
export const ContinentSchema = z.enum(CONTINENTS);

/** One component of the application and the rules for placing it. */
export const DeploymentPolicyItemSchema = z.strictObject({
  componentRef: ComponentRefSchema,
  virtualServiceConstraint: z
    .array(
      z.strictObject({
        anyOf: z.array(VirtualServiceSchema).min(1, { error: 'an anyOf group needs at least one alternative' }),
      }),
    )
    .optional()
    .describe('AND of anyOf groups of compute profiles.'),
  performanceConstraint: z
    .strictObject({
      responseTime: DurationSchema.optional().describe('Target response time (recorded; not used for placement).'),
      customMetrics: z
        .array(
          z.strictObject({
            name: z.string().describe('Name of the metric.'),
            endpoint: z.string().describe('Endpoint that serves the metric.'),
          }),
        )
        .optional()
        .describe('SkyCluster: custom metrics for runtime monitoring; read and ignored (placement is planned before any metric exists).'),
    })
    .optional(),
  locationConstraint: LocationConstraintSchema.optional(),
  replicas: atMost(z.number().int().positive(), QUANTITY_LIMITS.count).optional().describe('skycluster addition: replicas per placement. @default 1'),
  resources: ResourcesSchema.optional().describe('skycluster addition: per-replica requests, bin-packed onto nodes.'),
  spot: z.boolean().optional().describe('skycluster addition: spot/preemptible instances are allowed. @default false'),
  spread: z
    .strictObject({
      minRegions: atMost(z.number().int().positive(), QUANTITY_LIMITS.count).optional().describe('Placements in at least this many regions.'),
      minProviders: atMost(z.number().int().positive(), QUANTITY_LIMITS.count).optional().describe('Placements on at least this many platforms.'),
    })
    .optional()
    .describe('skycluster addition: spread the component over regions or providers.'),
  residency: z
    .strictObject({
      countries: z.array(CountryCodeSchema).optional(),
      continents: z.array(ContinentSchema).optional(),
    })
    .optional()
    .describe('skycluster addition: data residency; every placement must be in one of these.'),
  maxLocations: atMost(z.number().int().positive(), QUANTITY_LIMITS.count)
    .optional()
    .describe('skycluster addition: most placements the optimizer may open. @default unlimited, as SkyCluster'),
  hostPackages: HostPackagesSchema.optional().describe(
    "skycluster addition: NVIDIA Skyhook host packages (Skyhook's package shape and settings) for the node pools this component is placed on.",
  ),
});
export type DeploymentPolicyItem = z.infer<typeof DeploymentPolicyItemSchema>;

/** How components run: on managed Kubernetes clusters with node pools, or as plain instances (SkyCluster's XInstance). */
export const ExecutionEnvironmentSchema = z.enum(['Kubernetes', 'VirtualMachine']);
export type ExecutionEnvironment = z.infer<typeof ExecutionEnvironmentSchema>;

/** Default USD charged per component placement that moves when re-planning against an approved Plan. */
export const DEFAULT_MIGRATION_COST_USD = 50;
/** Default quiet time before the policy controller solves after a change, seconds. */
export const DEFAULT_DEBOUNCE_SECONDS = 1;
/** Default time limit of one solve by the policy controller, seconds (the CLI's --time-limit default). */
export const DEFAULT_SOLVE_TIME_LIMIT_SECONDS = 30;

/** Re-planning and approval settings of the policy controller (skycluster addition). */
export const PlanningSchema = z.strictObject({
  autoApprove: z
    .boolean()
    .optional()
    .describe('Approve every new Plan revision without a user (subject to autoApproveMaxCostDeltaUsd). @default false'),
  autoApproveMaxCostDeltaUsd: z
    .number()
    .optional()
    .describe(
      'With autoApprove: approve only when the new total minus the previous total (USD over the horizon; the first Plan counts from 0) is at most this. @default unlimited',
    ),
  migrationCostUsd: z
    .number()
    .nonnegative()
    .optional()
    .describe(
      `USD charged once per placement that moves away from the approved Plan when re-planning, so components move only when the saving pays for it. @default ${DEFAULT_MIGRATION_COST_USD}`,
    ),
  debounceSeconds: z
    .number()
    .nonnegative()
    .max(3600)
    .optional()
    .describe(`Quiet time after the last change before a solve; a burst of changes gives one solve. @default ${DEFAULT_DEBOUNCE_SECONDS}`),
});
export type Planning = z.infer<typeof PlanningSchema>;

/** Where a solve runs: a worker thread of the operator, or a Kubernetes Job of its own. */
export const SolveModeSchema = z.enum(['Worker', 'Job']);
export type SolveMode = z.infer<typeof SolveModeSchema>;

/** Solver settings of the policy controller (skycluster addition). */
export const SolverSettingsSchema = z.strictObject({
  mode: SolveModeSchema.optional().describe('Worker: in the operator process; Job: a Kubernetes Job with its own requests. @default Worker'),
  timeLimitSeconds: z
    .number()
    .positive()
    .max(86_400)
    .optional()
    .describe(`Time limit of one solve (model, solve, explanations), seconds. @default ${DEFAULT_SOLVE_TIME_LIMIT_SECONDS}`),
});
export type SolverSettings = z.infer<typeof SolverSettingsSchema>;

export const DeploymentPolicySpecSchema = z
  .strictObject({
    executionEnvironment: ExecutionEnvironmentSchema.optional().describe(
      'Kubernetes: every site used gets a cluster (control-plane fee) with node pools; VirtualMachine: every placement is plain instances, no cluster fee, at most one ComputeProfile selector per component. @default Kubernetes',
    ),
    deploymentPolicies: z.array(DeploymentPolicyItemSchema).min(1, { error: 'a DeploymentPolicy needs at least one component' }),
    costHorizon: DurationSchema.optional().describe('skycluster addition: horizon over which cost is summed. @default 730h'),
    budget: PriceSchema.optional().describe('skycluster addition: upper bound on total cost over the horizon, USD.'),
    planning: PlanningSchema.optional().describe('skycluster addition: how the policy controller re-plans and approves (docs/controllers.md).'),
    solver: SolverSettingsSchema.optional().describe('skycluster addition: where and how long the policy controller solves (docs/controllers.md).'),
  })
  .superRefine((spec, ctx) => {
    if (spec.executionEnvironment !== 'VirtualMachine') return;
    // SkyCluster runs a VirtualMachine component as one instance type: one profile that picks a flavor at most.
    spec.deploymentPolicies.forEach((item, i) => {
      const selectors = (item.virtualServiceConstraint ?? []).flatMap((group, g) =>
        group.anyOf.flatMap((alt, a) => (selectsFlavor(alt) ? [[g, a] as const] : [])),
      );
      const [first] = selectors;
      for (const [g, a] of selectors.slice(1)) {
        ctx.addIssue({
          code: 'custom',
          path: ['deploymentPolicies', i, 'virtualServiceConstraint', g, 'anyOf', a],
          message: `executionEnvironment VirtualMachine allows at most one ComputeProfile per component; the first is virtualServiceConstraint[${first?.[0]}].anyOf[${first?.[1]}]`,
        });
      }
    });
  });

/** True when a virtual-service alternative picks a flavor (a ComputeProfile or a profile label, not a service name). */
function selectsFlavor(alt: VirtualService): boolean {
  const parsed = parseVirtualService(alt);
  return alt.kind === 'ComputeProfile' || (parsed.ok && parsed.requirement.kind !== 'any');
}

/** One data dependency between two components. */
export const DataDependencySchema = z.strictObject({
  from: ComponentRefSchema,
  to: ComponentRefSchema,
  latency: DurationSchema.optional().describe('Upper bound on the round-trip time between the two placements.'),
  totalDataTransfer: DataSizeSchema.optional().describe('Volume sent over the horizon (used when no rate is given).'),
  averageDataRate: DataRateSchema.optional().describe('Average rate; volume = rate x horizon.'),
});
export type DataDependency = z.infer<typeof DataDependencySchema>;

export const DataflowPolicySpecSchema = z.strictObject({
  dataDependencies: z.array(DataDependencySchema).describe('Edges between components; cycles are allowed.'),
});

const POLICY_CONDITION_TYPES = ['Ready'] as const;
const POLICY_REASONS = ['Valid', 'InvalidSpec', 'UnknownComponent', 'Pending', 'Planned', 'Infeasible', 'NoSolution'] as const;
/** Where the policy controller stands with an application (DeploymentPolicy status). */
export const POLICY_PHASES = ['Pending', 'Planned', 'Invalid', 'Infeasible', 'NoSolution'] as const;
export const PolicyStatusSchema = z.strictObject({
  observedGeneration: z.number().int().nonnegative().optional().describe('metadata.generation the status was computed for.'),
  conditions: conditionsSchema(POLICY_CONDITION_TYPES, POLICY_REASONS).optional(),
  phase: z
    .enum(POLICY_PHASES)
    .optional()
    .describe(
      'Pending (waiting for the debounce or a solve), Planned (the Plan is current), Invalid, Infeasible or NoSolution (no plan within the time limit).',
    ),
  planRef: z.strictObject({ name: z.string() }).optional().describe('The Plan of this application (DeploymentPolicy only).'),
  monthlyCostUsd: z.number().nonnegative().optional().describe('Total of the current Plan per 730 hours, USD.'),
  inputHash: z.string().optional().describe('Hash of the inputs this status was computed from (the controller does not solve them again).'),
});

export const DeploymentPolicySchema = kindSchema('policy.skycluster.io/v1alpha1', 'DeploymentPolicy', DeploymentPolicySpecSchema, PolicyStatusSchema);
export type DeploymentPolicy = z.infer<typeof DeploymentPolicySchema>;

export const DataflowPolicySchema = kindSchema('policy.skycluster.io/v1alpha1', 'DataflowPolicy', DataflowPolicySpecSchema, PolicyStatusSchema);
export type DataflowPolicy = z.infer<typeof DataflowPolicySchema>;
