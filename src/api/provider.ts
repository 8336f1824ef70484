/**
 * core.skycluster.io/v1alpha1: ProviderProfile (a provider's region or an on-prem site), InstanceType (its
 * offerings per zone) and DeviceNode (an edge device). Superset of SkyCluster's schema (skycluster-operator
 * api/core/v1alpha1 and its examples); fields marked "skycluster addition" are ours.
 */
import { z } from 'zod';
import { CountSchema, MemorySchema, ObjectMetaSchema, PositiveMemorySchema, PriceSchema, atMost, conditionsSchema, kindSchema } from './common.js';
import { CountryCodeSchema, ZoneTypeSchema } from './policy.js';
import { QUANTITY_LIMITS } from './units.js';

/** One volume tier of an egress price. */
export const EgressTierSchema = z.strictObject({
  fromGB: atMost(z.number().nonnegative(), QUANTITY_LIMITS.dataSizeGB).describe('Monthly volume (GB) from which this price applies.'),
  usdPerGB: PriceSchema.describe('USD per GB for the part of the volume in this tier.'),
});

export const ProviderZoneSchema = z.strictObject({
  name: z.string().min(1),
  locationName: z.string().optional().describe('Provider-side name of the zone or building.'),
  defaultZone: z.boolean().optional().describe('Zone used when a policy names none. @default false'),
  enabled: z.boolean().optional().describe('@default true'),
  type: ZoneTypeSchema.optional().describe('cloud, edge or nte. @default cloud'),
});

/** Spec of a ProviderProfile; SkyCluster's examples also write it bare, without apiVersion/kind. */
export const ProviderProfileSpecSchema = z.strictObject({
  platform: z.string().min(1).describe('aws, gcp, azure, openstack, baremetal, ...'),
  region: z.string().min(1),
  regionAlias: z.string().optional(),
  continent: z.string().optional().describe('Continent, e.g. north-america.'),
  enabled: z.boolean().optional().describe('@default true'),
  zones: z.array(ProviderZoneSchema).min(1, { error: 'a ProviderProfile needs at least one zone' }),
  country: CountryCodeSchema.optional().describe('skycluster addition: country of the site, for residency rules.'),
  location: z
    .strictObject({
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
    })
    .optional()
    .describe('skycluster addition: coordinates, for a distance-based latency estimate.'),
  egress: z.array(EgressTierSchema).optional().describe('skycluster addition: egress price tiers out of this site. @default free'),
  quotas: z
    .strictObject({
      vcpus: atMost(z.number().int().nonnegative(), QUANTITY_LIMITS.count).optional(),
      gpus: atMost(z.number().int().nonnegative(), QUANTITY_LIMITS.count).optional(),
    })
    .optional()
    .describe('skycluster addition: vCPU / GPU quota shared by all components in this site.'),
  clusterFeeUsdHr: PriceSchema.optional().describe(
    'skycluster addition: fixed hourly cost of a cluster here (control plane, gateway). @default catalog value or 0',
  ),
  latencies: z
    .array(
      z.strictObject({
        platform: z.string().min(1),
        region: z.string().min(1),
        rtt: z.string().regex(/^\d+(\.\d+)?ms$/, { error: 'expected a round-trip time like 12ms' }),
      }),
    )
    .optional()
    .describe('skycluster addition: measured round-trip times to other sites (override estimates).'),
  kubeconfigSecretRef: z
    .strictObject({
      namespace: z.string().min(1),
      name: z.string().min(1),
      key: z.string().min(1).optional().describe('Key of the Secret holding the kubeconfig. @default kubeconfig'),
    })
    .optional()
    .describe("skycluster addition: Secret holding the kubeconfig of the site's existing cluster (Atlas and Harbor use it instead of creating one)."),
  estimates: z
    .strictObject({
      fields: z.array(z.enum(['location', 'egress'])).min(1),
      basis: z.string().min(1).describe('How the figures were estimated, e.g. "coordinates of aws/ca-central-1".'),
    })
    .optional()
    .describe(
      'skycluster addition: figures of this profile that are estimates, not measurements or published prices; plans that use the site name the source estimated:ProviderProfile/NAME. @default none',
    ),
});
export type ProviderProfileSpec = z.infer<typeof ProviderProfileSpecSchema>;

const PROVIDER_CONDITION_TYPES = ['Ready'] as const;
const PROVIDER_REASONS = ['Registered', 'InvalidSpec', 'Disabled'] as const;
const ProviderStatusSchema = z.strictObject({
  conditions: conditionsSchema(PROVIDER_CONDITION_TYPES, PROVIDER_REASONS).optional(),
});

/** Reasons of a ProviderProfile's Ready condition (set by the ProviderProfile controller). */
export const PROVIDER_PROFILE_REASONS = ['Registered', 'InvalidSpec', 'Disabled', 'NoOfferings', 'SecretMissing'] as const;

/** Status of a ProviderProfile, written by the ProviderProfile controller (controllers/provider). */
export const ProviderProfileStatusSchema = z.strictObject({
  observedGeneration: z.number().int().nonnegative().optional().describe('metadata.generation the status was computed from.'),
  zones: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        enabled: z.boolean().describe('False when the zone or the whole profile is disabled: it drops out of every solve.'),
        defaultZone: z.boolean(),
        type: ZoneTypeSchema,
        offerings: z.number().int().nonnegative().describe('Flavors offered in this zone.'),
      }),
    )
    .optional()
    .describe('Every zone of the spec as the solver reads it.'),
  offerings: z.number().int().nonnegative().optional().describe('Zone offerings of the InstanceTypes (a flavor in three zones counts three).'),
  instanceTypes: z.array(z.string().min(1)).optional().describe('InstanceTypes holding the offerings (spec.providerRef names this profile).'),
  filledFromCatalog: z.boolean().optional().describe('True when the controller wrote the InstanceType from the bundled catalog.'),
  priceSource: z.string().optional().describe('Where the prices come from (skycluster.io/price-source), or unknown.'),
  priceDate: z.string().optional().describe('Snapshot date of the prices (skycluster.io/price-date), or unknown.'),
  conditions: conditionsSchema(PROVIDER_CONDITION_TYPES, PROVIDER_PROFILE_REASONS).optional(),
});
export type ProviderProfileStatus = z.infer<typeof ProviderProfileStatusSchema>;

export const ProviderProfileSchema = kindSchema(
  'core.skycluster.io/v1alpha1',
  'ProviderProfile',
  ProviderProfileSpecSchema,
  ProviderProfileStatusSchema,
);
export type ProviderProfile = z.infer<typeof ProviderProfileSchema>;

/** One flavor offered in a zone. */
export const ZoneOfferingSchema = z.strictObject({
  name: z.string().min(1).describe('Provider flavor name, e.g. m1.small.'),
  nameLabel: z.string().optional().describe('Compute profile label, e.g. 1vCPU-2GB. @default derived from vcpus and ram'),
  vcpus: atMost(z.number().positive(), QUANTITY_LIMITS.cpuCores),
  ram: PositiveMemorySchema.describe('Memory, e.g. 2GB or 16Gi.'),
  price: PriceSchema.describe('On-demand USD per hour.'),
  spotPrice: PriceSchema.optional().describe('skycluster addition: spot USD per hour.'),
  gpu: z
    .strictObject({
      model: z.string().min(1),
      count: CountSchema,
      memory: MemorySchema.optional(),
    })
    .optional(),
});

export const InstanceTypeSpecSchema = z.strictObject({
  providerRef: z.string().min(1).describe('Name of the ProviderProfile these offerings belong to.'),
  offerings: z
    .array(
      z.strictObject({
        zone: z.string().min(1),
        zoneOfferings: z.array(ZoneOfferingSchema),
      }),
    )
    .min(1),
});

export const InstanceTypeSchema = kindSchema('core.skycluster.io/v1alpha1', 'InstanceType', InstanceTypeSpecSchema, ProviderStatusSchema);
export type InstanceType = z.infer<typeof InstanceTypeSchema>;

/** An edge device registered to a provider (SkyCluster's DeviceNode); read and validated, not used for placement. */
export const DeviceNodeSchema = z.strictObject({
  apiVersion: z.literal('core.skycluster.io/v1alpha1'),
  kind: z.literal('DeviceNode'),
  metadata: ObjectMetaSchema,
  spec: z.strictObject({
    providerRef: z.string().min(1),
    deviceSpec: z.looseObject({
      publicIp: z.string().optional(),
      privateIp: z.string().optional(),
      auth: z.unknown().optional(),
      type: z.string().optional(),
      zone: z.string().optional(),
    }),
  }),
  status: ProviderStatusSchema.optional(),
});
