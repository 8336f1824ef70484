/**
 * Sorts validated objects into what the optimizer needs: the applications (a DeploymentPolicy with its
 * DataflowPolicy, matched by app id) and the registered providers. Pure. Pairing problems (two policies for
 * one application, a DataflowPolicy without its DeploymentPolicy) are validation errors
 * (src/validate/object-set-checks.ts): callers validate first and stop on errors.
 */
import type { DataflowPolicy, DeploymentPolicy } from '../api/policy.js';
import type { InstanceType, ProviderProfile } from '../api/provider.js';
import { applicationKey } from '../validate/object-set-checks.js';
import type { ValidObject } from '../validate/validate-object.js';

export interface ApplicationInput {
  readonly key: string;
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy?: DataflowPolicy;
  /** Where the DeploymentPolicy came from. */
  readonly source: ValidObject['source'];
}

export interface SortedInputs {
  readonly applications: ApplicationInput[];
  readonly profiles: ProviderProfile[];
  /** InstanceTypes of enabled (or unknown) ProviderProfiles; those of disabled ones are left out (validation notes them). */
  readonly instanceTypes: InstanceType[];
}

/** Groups objects by kind and pairs each DeploymentPolicy with the (first) DataflowPolicy of the same application. */
export function sortInputs(objects: readonly ValidObject[]): SortedInputs {
  const dps: { dp: DeploymentPolicy; v: ValidObject }[] = [];
  const dfs = new Map<string, DataflowPolicy>();
  const profiles: ProviderProfile[] = [];
  const instanceTypes: InstanceType[] = [];
  for (const v of objects) {
    switch (v.kind) {
      case 'DeploymentPolicy':
        dps.push({ dp: v.object as DeploymentPolicy, v });
        break;
      case 'DataflowPolicy': {
        const df = v.object as DataflowPolicy;
        const key = applicationKey(df.metadata);
        if (!dfs.has(key)) dfs.set(key, df);
        break;
      }
      case 'ProviderProfile':
        profiles.push(v.object as ProviderProfile);
        break;
      case 'InstanceType':
        instanceTypes.push(v.object as InstanceType);
        break;
      default:
        break;
    }
  }
  const disabled = new Set(profiles.filter((p) => p.spec.enabled === false).map((p) => p.metadata.name));
  const applications = dps.map(({ dp, v }) => {
    const key = applicationKey(dp.metadata);
    const df = dfs.get(key);
    return { key, deploymentPolicy: dp, source: v.source, ...(df ? { dataflowPolicy: df } : {}) };
  });
  return { applications, profiles, instanceTypes: instanceTypes.filter((it) => !disabled.has(it.spec.providerRef)) };
}
