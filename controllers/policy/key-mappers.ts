/**
 * Which DeploymentPolicy keys an event on another kind affects (pure over the DeploymentPolicy cache): a
 * DataflowPolicy maps to the DeploymentPolicy of its application (before and after a relabel), a workload to the
 * policies whose componentRefs name it, a ProviderProfile or InstanceType to every policy (a price may move any
 * plan), a Plan to its controlling DeploymentPolicy.
 */
import type { ComponentRef } from '../../src/api/common.js';
import { objectKey, type KeyMapper, type KubeObject, type ObjectEvent } from '../runtime/index.js';
import { appKeyOf } from './gather-inputs.js';

const keyOf = (o: KubeObject): string => objectKey(o.metadata ?? {});

/** The DeploymentPolicies of the same application as a DataflowPolicy, before and after the event. */
export function dataflowPolicyKeys(deploymentPolicies: () => readonly KubeObject[]): KeyMapper<KubeObject> {
  return (df: KubeObject, event: ObjectEvent<KubeObject>) => {
    const versions = [df, ...(event.type === 'updated' && event.old ? [event.old] : [])];
    const keys = new Set<string>();
    for (const v of versions) {
      const ns = v.metadata?.namespace;
      const app = appKeyOf(v);
      for (const dp of deploymentPolicies()) if (dp.metadata?.namespace === ns && appKeyOf(dp) === app) keys.add(keyOf(dp));
    }
    return [...keys];
  };
}

/** Whether a componentRef names this workload (kind and apiVersion defaults as SkyCluster's). */
function refersTo(ref: ComponentRef, policyNamespace: string | undefined, workload: KubeObject): boolean {
  const kind = ref.kind ?? 'Deployment';
  const apiVersion = ref.apiVersion ?? (kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1');
  return (
    kind === workload.kind &&
    apiVersion === workload.apiVersion &&
    ref.name === workload.metadata?.name &&
    (ref.namespace ?? policyNamespace) === workload.metadata?.namespace
  );
}

/** The DeploymentPolicies whose components name a workload. */
export function workloadKeys(deploymentPolicies: () => readonly KubeObject[]): KeyMapper<KubeObject> {
  return (workload: KubeObject) => {
    const keys: string[] = [];
    for (const dp of deploymentPolicies()) {
      const items = (dp['spec'] as { deploymentPolicies?: { componentRef?: ComponentRef }[] } | undefined)?.deploymentPolicies ?? [];
      if (items.some((i) => i.componentRef !== undefined && refersTo(i.componentRef, dp.metadata?.namespace, workload))) keys.push(keyOf(dp));
    }
    return keys;
  };
}

/** Every DeploymentPolicy (catalog objects: a price or a zone may change any plan). */
export function allPolicyKeys(deploymentPolicies: () => readonly KubeObject[]): KeyMapper<KubeObject> {
  return () => deploymentPolicies().map(keyOf);
}

/** A mapper that fills apiVersion and kind when an object lacks them (items of a list response carry neither). */
export function withKind(apiVersion: string, kind: string, map: KeyMapper<KubeObject>): KeyMapper<KubeObject> {
  return (o, e) => map(o.kind && o.apiVersion ? o : { ...o, apiVersion, kind }, e);
}
