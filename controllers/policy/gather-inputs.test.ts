import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../runtime/index.js';
import { gatherInputs, type ClusterSnapshot } from './gather-inputs.js';

/** Objects as the API server returns them: server fields and a status that validation must ignore. */
const served = (o: KubeObject, n = 1): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, uid: `uid-${o.metadata?.name}`, resourceVersion: String(n), generation: 1, managedFields: [{ manager: 'kubectl' }] },
  status: { conditions: [] },
});
const load = (file: string): KubeObject[] =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null)
    .map((o) => served(o));

const policies = load('test/fixtures/skycluster/air-quality-policies.yaml');
const airDp = policies.find((o) => o.kind === 'DeploymentPolicy') as KubeObject;
const airDf = policies.find((o) => o.kind === 'DataflowPolicy') as KubeObject;
const sites = load('test/fixtures/air-quality/savi-sites.yaml');
const componentNames = ['collector-edge', 'collector', 'ingestor', 'local-storage', 'processor', 'central-storage', 'dashboard'];

function deployment(name: string, replicas = 1, requests?: Record<string, string>, kind = 'Deployment'): KubeObject {
  return served({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: 'air-quality' },
    spec: { replicas, template: { spec: { containers: [{ name: 'c', image: 'x', ...(requests ? { resources: { requests } } : {}) }] } } },
  });
}

function snapshot(over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    policy: airDp,
    deploymentPolicies: [airDp],
    dataflowPolicies: [airDf],
    workloads: componentNames.map((n) => deployment(n)),
    profiles: sites.filter((o) => o.kind === 'ProviderProfile'),
    instanceTypes: sites.filter((o) => o.kind === 'InstanceType'),
    ...over,
  };
}

const renamed = (o: KubeObject, name: string, labels?: Record<string, string>): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, name, ...(labels ? { labels } : {}) },
});

describe('gatherInputs', () => {
  it('joins the DataflowPolicy by the app-id label, not by name', () => {
    const otherName = renamed(airDf, 'edges', { 'skycluster.io/app-id': 'testcase2' });
    const sameNameOtherApp = renamed(airDf, 'pipeline-testcase2', { 'skycluster.io/app-id': 'another-app' });
    const r = gatherInputs(snapshot({ dataflowPolicies: [sameNameOtherApp, otherName] }));
    expect(r.kind).toBe('ready');
    if (r.kind !== 'ready') return;
    expect(r.inputs.application).toBe('testcase2');
    expect(r.inputs.dataflowPolicy?.metadata.name).toBe('edges');
    expect(r.inputs.dataflowPolicy?.spec.dataDependencies).toHaveLength(6);
  });

  it('two DeploymentPolicies with one app-id: invalid, naming both', () => {
    const second = renamed(airDp, 'pipeline-copy');
    const r = gatherInputs(snapshot({ deploymentPolicies: [airDp, second] }));
    expect(r).toEqual({
      kind: 'invalid',
      issues: [
        {
          severity: 'error',
          object: 'DeploymentPolicy/pipeline-testcase2',
          path: 'metadata.labels["skycluster.io/app-id"]',
          message:
            'DeploymentPolicy/pipeline-copy and DeploymentPolicy/pipeline-testcase2 in namespace air-quality both claim application "testcase2"; an application has one DeploymentPolicy',
        },
      ],
    });
  });

  it('replicas and container requests of the Deployments replace the policy figures', () => {
    const workloads = componentNames.map((n) => (n === 'ingestor' ? deployment(n, 3, { cpu: '1500m', memory: '3Gi' }) : deployment(n)));
    const r = gatherInputs(snapshot({ workloads }));
    if (r.kind !== 'ready') throw new Error(r.kind);
    const ingestor = r.inputs.deploymentPolicy.spec.deploymentPolicies.find((i) => i.componentRef.name === 'ingestor');
    expect(ingestor?.replicas).toBe(3);
    expect(ingestor?.resources).toEqual({ cpu: '1500m', memory: '3072Mi' });
    // Controller settings are not model input; server fields and status are gone.
    expect(r.inputs.deploymentPolicy.metadata).toEqual({
      name: 'pipeline-testcase2',
      namespace: 'air-quality',
      labels: { 'skycluster.io/app-id': 'testcase2' },
    });
  });

  it('a StatefulSet named by the componentRef is read too', () => {
    const dp = structuredClone(airDp) as KubeObject & { spec: { deploymentPolicies: { componentRef: { kind: string } }[] } };
    dp.spec.deploymentPolicies[6]!.componentRef.kind = 'StatefulSet';
    const workloads = [...componentNames.slice(0, 6).map((n) => deployment(n)), deployment('dashboard', 2, undefined, 'StatefulSet')];
    const r = gatherInputs(snapshot({ policy: dp, deploymentPolicies: [dp], workloads }));
    if (r.kind !== 'ready') throw new Error(r.kind);
    expect(r.inputs.deploymentPolicy.spec.deploymentPolicies[6]?.replicas).toBe(2);
  });

  it('a missing Deployment: waiting, naming the componentRef', () => {
    const r = gatherInputs(snapshot({ workloads: componentNames.filter((n) => n !== 'processor').map((n) => deployment(n)) }));
    expect(r).toEqual({
      kind: 'waiting',
      issues: [
        {
          severity: 'error',
          object: 'DeploymentPolicy/pipeline-testcase2',
          path: 'spec.deploymentPolicies[4].componentRef',
          message: 'Deployment "processor" (apps/v1) not found in namespace air-quality',
        },
      ],
    });
  });

  it('an invalid field of the DataflowPolicy: invalid, with the field path (skycluster validate messages)', () => {
    const df = structuredClone(airDf) as KubeObject & { spec: { dataDependencies: { latency: string }[] } };
    df.spec.dataDependencies[2]!.latency = 'fast';
    const r = gatherInputs(snapshot({ dataflowPolicies: [df] }));
    expect(r.kind).toBe('invalid');
    if (r.kind !== 'invalid') return;
    expect(r.issues.map((i) => [i.object, i.path, i.message])).toEqual([
      ['DataflowPolicy/pipeline-testcase2', 'spec.dataDependencies[2].latency', 'expected a duration like 15ms, 2s or 730h, got string "fast"'],
    ]);
  });

  it('disabled profiles, their InstanceTypes and disabled zones stay out of the catalog', () => {
    const profiles = sites.filter((o) => o.kind === 'ProviderProfile').map((p) => structuredClone(p) as KubeObject & { spec: { enabled?: boolean } });
    profiles[0]!.spec.enabled = false;
    const r = gatherInputs(snapshot({ profiles }));
    if (r.kind !== 'ready') throw new Error(r.kind);
    expect(r.inputs.catalog.profiles.map((p) => p.metadata.name)).toEqual(['savi-scinet-default', 'savi-vaughan-default']);
    expect(r.inputs.catalog.instanceTypes.map((p) => p.spec.providerRef)).toEqual(['savi-scinet-default', 'savi-vaughan-default']);
    expect(r.inputs.notes.filter((n) => n.object?.startsWith('InstanceType/')).map((n) => n.message)).toEqual([
      'ProviderProfile "savi-toronto-edge" is not registered or is disabled: these offerings are not used',
    ]);
  });

  it('the catalog version follows prices, not resourceVersions or status', () => {
    const version = (its: readonly KubeObject[]) => {
      const r = gatherInputs(snapshot({ instanceTypes: its }));
      if (r.kind !== 'ready') throw new Error(r.kind);
      return r.inputs.catalog.version;
    };
    const its = sites.filter((o) => o.kind === 'InstanceType');
    const bumped = its.map((o) => served(o, 99));
    const repriced = its.map((o) => structuredClone(o) as KubeObject & { spec: { offerings: { zoneOfferings: { price: string }[] }[] } });
    repriced[1]!.spec.offerings[0]!.zoneOfferings[0]!.price = '0.5';
    expect(version(bumped)).toBe(version(its));
    expect(version(repriced)).not.toBe(version(its));
  });
});
