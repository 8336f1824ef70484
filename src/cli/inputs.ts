/**
 * Sorts validated objects into what the optimizer needs: the applications (a DeploymentPolicy with its
 * DataflowPolicy, matched by app id) and the registered providers. Pure.
 */
import type { DataflowPolicy, DeploymentPolicy } from '../api/policy.js';
import type { InstanceType, ProviderProfile } from '../api/provider.js';
import type { Issue } from '../validate/issue.js';
import { applicationKey } from '../validate/semantic-checks.js';
import type { ValidObject } from '../validate/validate-object.js';

export interface ApplicationInput {
  readonly key: string;
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy?: DataflowPolicy;
}

export interface SortedInputs {
  readonly applications: ApplicationInput[];
  readonly profiles: ProviderProfile[];
  readonly instanceTypes: InstanceType[];
  readonly issues: Issue[];
}

/** Groups objects by kind and pairs each DeploymentPolicy with the DataflowPolicy of the same application. */
export function sortInputs(objects: readonly ValidObject[]): SortedInputs {
  const dps: DeploymentPolicy[] = [];
  const dfs = new Map<string, { df: DataflowPolicy; v: ValidObject }>();
  const profiles: ProviderProfile[] = [];
  const instanceTypes: InstanceType[] = [];
  const issues: Issue[] = [];
  for (const v of objects) {
    switch (v.kind) {
      case 'DeploymentPolicy':
        dps.push(v.object as DeploymentPolicy);
        break;
      case 'DataflowPolicy': {
        const df = v.object as DataflowPolicy;
        const key = applicationKey(df.metadata);
        if (dfs.has(key)) {
          issues.push({
            severity: 'error',
            file: v.source.file,
            document: v.source.document,
            object: `DataflowPolicy/${v.name}`,
            path: 'metadata',
            message: `a second DataflowPolicy for application ${key}; merge the edges into one`,
          });
        } else dfs.set(key, { df, v });
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
  const applications = dps.map((dp) => {
    const key = applicationKey(dp.metadata);
    const df = dfs.get(key);
    dfs.delete(key);
    return { key, deploymentPolicy: dp, ...(df ? { dataflowPolicy: df.df } : {}) };
  });
  for (const [key, { v }] of dfs) {
    issues.push({
      severity: 'error',
      file: v.source.file,
      document: v.source.document,
      object: `DataflowPolicy/${v.name}`,
      path: 'metadata',
      message: `no DeploymentPolicy for application ${key} (match by label skycluster.io/app-id, or by namespace/name)`,
    });
  }
  return { applications, profiles, instanceTypes, issues };
}
