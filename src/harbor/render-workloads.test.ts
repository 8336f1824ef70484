import { describe, expect, it } from 'vitest';
import { LABEL_POOL, poolLabels } from './labels.js';
import { renderWorkloads } from './render-workloads.js';
import { API, APP_MANIFESTS, APP_PLAN, APP_POLICY, TRAINER, WEB } from './testing/app-fixtures.js';
import { deploymentPolicy } from './testing/plan-fixtures.js';
import type { KubeObject } from './kube-object.js';

const AWS = 'shop-aws-us-east-1';
const GCP = 'shop-gcp-us-central1';
const r = renderWorkloads(APP_PLAN, APP_POLICY, APP_MANIFESTS);
const find = (cluster: string, kind: string, name: string): KubeObject | undefined =>
  r.objects.find((o) => o.cluster === cluster && o.object.kind === kind && o.object.metadata.name === name)?.object;
const podSpec = (o: KubeObject | undefined): Record<string, unknown> => {
  const spec = o?.['spec'] as { template?: { spec: Record<string, unknown> }; jobTemplate?: never };
  return spec.template?.spec ?? {};
};

describe('renderWorkloads', () => {
  it('puts each component on the cluster its placement names, and nowhere else', () => {
    expect(r.issues).toEqual([]);
    const where = r.objects
      .filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.object.kind))
      .map((o) => `${o.cluster} ${o.object.kind}/${o.object.metadata.name}`);
    expect(where.sort()).toEqual([`${AWS} Deployment/api`, `${AWS} Job/trainer`, `${AWS} StatefulSet/db`, `${GCP} Deployment/web`]);
  });

  it('sets the planned replicas, the pool nodeSelector and tolerations', () => {
    const web = find(GCP, 'Deployment', 'web');
    expect((web?.['spec'] as { replicas: number }).replicas).toBe(3);
    expect(podSpec(web)['nodeSelector']).toEqual(poolLabels(WEB));
    expect(podSpec(web)['tolerations']).toEqual([{ key: LABEL_POOL, operator: 'Equal', value: poolLabels(WEB)[LABEL_POOL], effect: 'NoSchedule' }]);
    const trainer = find(AWS, 'Job', 'trainer');
    expect(podSpec(trainer)['nodeSelector']).toEqual(poolLabels(TRAINER));
    expect(podSpec(trainer)['tolerations']).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
    expect((trainer?.['spec'] as Record<string, unknown>)['replicas']).toBeUndefined(); // a Job has no replicas
  });

  it('strips status and server fields and adds the ownership labels', () => {
    const api = find(AWS, 'Deployment', 'api') as KubeObject;
    expect(api['status']).toBeUndefined();
    expect(api.metadata['uid']).toBeUndefined();
    expect(api.metadata['resourceVersion']).toBeUndefined();
    expect(api.metadata.annotations).toEqual({ 'skycluster.io/placement': API.id });
    expect(api.metadata.labels).toEqual({
      app: 'api',
      'app.kubernetes.io/managed-by': 'skycluster-harbor',
      'skycluster.io/app-id': 'shop',
      'skycluster.io/component': 'api',
    });
  });

  it('drops the selector and pod labels a Job got from the API server it was read from (unless manualSelector)', () => {
    const read = (manualSelector?: boolean): KubeObject => {
      const job = structuredClone(APP_MANIFESTS.find((m) => m.kind === 'Job')) as KubeObject;
      const spec = job['spec'] as { template: { metadata: { labels: Record<string, string> } } } & Record<string, unknown>;
      spec['selector'] = { matchLabels: { 'controller-uid': 'c0ffee' } };
      if (manualSelector !== undefined) spec['manualSelector'] = manualSelector;
      spec.template.metadata.labels = { app: 'trainer', 'controller-uid': 'c0ffee', 'job-name': 'trainer' };
      return job;
    };
    const jobOf = (m: KubeObject): Record<string, unknown> => {
      const out = renderWorkloads(APP_PLAN, APP_POLICY, [...APP_MANIFESTS.filter((x) => x.kind !== 'Job'), m]);
      return out.objects.find((o) => o.object.kind === 'Job')?.object['spec'] as Record<string, unknown>;
    };
    const generated = jobOf(read());
    expect(generated['selector']).toBeUndefined();
    expect((generated['template'] as { metadata: { labels: unknown } }).metadata.labels).toEqual({ app: 'trainer' });
    const manual = jobOf(read(true));
    expect(manual['selector']).toEqual({ matchLabels: { 'controller-uid': 'c0ffee' } });
    expect((manual['template'] as { metadata: { labels: Record<string, string> } }).metadata.labels['controller-uid']).toBe('c0ffee');
  });

  it('copies the referenced ConfigMap and Secret to the clusters that run the component only', () => {
    expect(find(GCP, 'ConfigMap', 'web-config')).toBeDefined();
    expect(find(GCP, 'Secret', 'db-credentials')?.['data']).toEqual({ password: 'czNjcjN0' });
    expect(find(AWS, 'ConfigMap', 'web-config')).toBeUndefined();
    expect(find(AWS, 'Secret', 'db-credentials')).toBeUndefined();
  });

  it('copies the Services that select a component, without cluster addresses, every port named', () => {
    const db = find(AWS, 'Service', 'db') as KubeObject;
    expect(db['spec']).toEqual({ selector: { app: 'db' }, ports: [{ port: 5432, protocol: 'TCP', name: 'tcp-5432' }] });
    expect(find(GCP, 'Service', 'db')).toBeUndefined();
    expect(find(GCP, 'Namespace', 'shop')).toBeDefined();
  });

  it('names a component without a manifest, and a missing reference', () => {
    const policy = deploymentPolicy({
      web: {},
      api: {},
      db: { componentRef: { name: 'db', kind: 'StatefulSet' } },
      trainer: { componentRef: { name: 'trainer', kind: 'Job', apiVersion: 'batch/v1' } },
    });
    const manifests = APP_MANIFESTS.filter((m) => !(m.kind === 'Deployment' && m.metadata.name === 'api') && m.kind !== 'Secret');
    const bad = renderWorkloads(APP_PLAN, policy, manifests);
    expect(bad.issues).toEqual([
      {
        severity: 'error',
        object: 'DeploymentPolicy/shop',
        path: 'spec.deploymentPolicies[1].componentRef',
        message: 'no manifest for component "api": expected apps/v1 Deployment "api" in namespace "shop" among the app\'s manifests',
      },
      {
        severity: 'warning',
        object: 'DeploymentPolicy/shop',
        path: 'spec.deploymentPolicies[0].componentRef',
        message:
          'component "web" references Secret "db-credentials", which is not among the app\'s manifests: its pods will not start where it is missing',
      },
    ]);
  });
});
