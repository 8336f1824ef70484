/**
 * ResourceRefs of skycluster's own kinds, derived from the kind table in src/api/kinds.ts (the one place their
 * group, version and plural are spelled). Every controller and CLI command that talks to the API server about
 * these kinds takes its ref from here.
 */
import { KINDS, type KindDefinition } from '../src/api/kinds.js';
import type { ResourceRef } from './runtime/index.js';

function refOf(kind: KindDefinition['kind']): ResourceRef {
  const def = KINDS.find((k) => k.kind === kind);
  if (!def) throw new Error(`kind ${kind} is not in src/api/kinds.ts`);
  return { group: def.group, version: def.version, kind: def.kind, plural: def.plural, namespaced: def.scope === 'Namespaced' };
}

/** policy.skycluster.io/v1alpha1 DeploymentPolicy. */
export const DEPLOYMENT_POLICY_REF = refOf('DeploymentPolicy');
/** policy.skycluster.io/v1alpha1 DataflowPolicy. */
export const DATAFLOW_POLICY_REF = refOf('DataflowPolicy');
/** ProviderProfile (namespace skycluster-system by default). */
export const PROVIDER_PROFILE_REF = refOf('ProviderProfile');
/** InstanceType (offerings of one ProviderProfile). */
export const INSTANCE_TYPE_REF = refOf('InstanceType');
/** DeviceNode. */
export const DEVICE_NODE_REF = refOf('DeviceNode');
/** core.skycluster.io/v1alpha1 Plan. */
export const PLAN_REF = refOf('Plan');
/** core.skycluster.io/v1alpha1 Atlas. */
export const ATLAS_REF = refOf('Atlas');
/** core.skycluster.io/v1alpha1 Harbor. */
export const HARBOR_REF = refOf('Harbor');
