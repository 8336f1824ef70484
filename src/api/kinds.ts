/**
 * Every kind this product serves: group, version, kind, plural, scope, short names, printer columns and the
 * zod schema of the whole object. The CRD generator, the validator and (later) the controllers read this
 * table; nothing else spells these names.
 */
import type { z } from 'zod';
import { AtlasSchema } from './atlas.js';
import { HarborSchema } from './harbor.js';
import { PlanSchema } from './plan.js';
import { DataflowPolicySchema, DeploymentPolicySchema } from './policy.js';
import { DeviceNodeSchema, InstanceTypeSchema, ProviderProfileSchema } from './provider.js';

export const POLICY_GROUP = 'policy.skycluster.io';
export const CORE_GROUP = 'core.skycluster.io';
export const API_VERSION = 'v1alpha1';
/** The category every CRD joins, so `kubectl get skycluster` lists them all. */
export const CATEGORY = 'skycluster';

/** An additionalPrinterColumns entry of a CRD. */
export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly jsonPath: string;
  readonly description?: string;
  readonly priority?: number;
}

/** Static description of one kind. */
export interface KindDefinition {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster';
  /** Schema of the whole object (apiVersion, kind, metadata, spec, status). */
  readonly schema: z.ZodType;
  readonly printerColumns: readonly PrinterColumn[];
}

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const READY: PrinterColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };

/** All kinds, in a stable order. */
export const KINDS: readonly KindDefinition[] = [
  {
    group: POLICY_GROUP,
    version: API_VERSION,
    kind: 'DeploymentPolicy',
    plural: 'deploymentpolicies',
    singular: 'deploymentpolicy',
    shortNames: ['dp'],
    scope: 'Namespaced',
    schema: DeploymentPolicySchema,
    printerColumns: [READY, AGE],
  },
  {
    group: POLICY_GROUP,
    version: API_VERSION,
    kind: 'DataflowPolicy',
    plural: 'dataflowpolicies',
    singular: 'dataflowpolicy',
    shortNames: ['dfp'],
    scope: 'Namespaced',
    schema: DataflowPolicySchema,
    printerColumns: [READY, AGE],
  },
  {
    group: CORE_GROUP,
    version: API_VERSION,
    kind: 'ProviderProfile',
    plural: 'providerprofiles',
    singular: 'providerprofile',
    shortNames: ['pp'],
    scope: 'Namespaced',
    schema: ProviderProfileSchema,
    printerColumns: [
      { name: 'Platform', type: 'string', jsonPath: '.spec.platform' },
      { name: 'Region', type: 'string', jsonPath: '.spec.region' },
      { name: 'Offerings', type: 'integer', jsonPath: '.status.offerings' },
      READY,
      AGE,
    ],
  },
  {
    group: CORE_GROUP,
    version: API_VERSION,
    kind: 'InstanceType',
    plural: 'instancetypes',
    singular: 'instancetype',
    shortNames: ['it'],
    scope: 'Namespaced',
    schema: InstanceTypeSchema,
    printerColumns: [{ name: 'Provider', type: 'string', jsonPath: '.spec.providerRef' }, AGE],
  },
  {
    group: CORE_GROUP,
    version: API_VERSION,
    kind: 'DeviceNode',
    plural: 'devicenodes',
    singular: 'devicenode',
    shortNames: ['dn'],
    scope: 'Namespaced',
    schema: DeviceNodeSchema,
    printerColumns: [{ name: 'Provider', type: 'string', jsonPath: '.spec.providerRef' }, AGE],
  },
  {
    group: CORE_GROUP,
    version: API_VERSION,
    kind: 'Plan',
    plural: 'plans',
    singular: 'plan',
    shortNames: ['skyplan'],
    scope: 'Namespaced',
    schema: PlanSchema,
    printerColumns: [
      { name: 'App', type: 'string', jsonPath: '.spec.application' },
      { name: 'Solver', type: 'string', jsonPath: '.status.solver.status' },
      { name: 'Total-USD', type: 'number', jsonPath: '.spec.costs.totalUsd' },
      { name: 'Approved', type: 'boolean', jsonPath: '.spec.approval.approved' },
      AGE,
    ],
  },
  {
    group: CORE_GROUP,
    version: API_VERSION,
    kind: 'Atlas',
    plural: 'atlases',
    singular: 'atlas',
    shortNames: ['atl'],
    scope: 'Namespaced',
    schema: AtlasSchema,
    printerColumns: [{ name: 'Plan', type: 'string', jsonPath: '.spec.planRef.name' }, READY, AGE],
  },
  {
    group: CORE_GROUP,
    version: API_VERSION,
    kind: 'Harbor',
    plural: 'harbors',
    singular: 'harbor',
    shortNames: ['hbr'],
    scope: 'Namespaced',
    schema: HarborSchema,
    printerColumns: [{ name: 'Plan', type: 'string', jsonPath: '.spec.planRef.name' }, READY, AGE],
  },
];

/** Looks a kind up by apiVersion and kind; undefined when this product does not serve it. */
export function findKind(apiVersion: string, kind: string): KindDefinition | undefined {
  return KINDS.find((k) => `${k.group}/${k.version}` === apiVersion && k.kind === kind);
}
