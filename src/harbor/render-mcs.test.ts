import { describe, expect, it } from 'vitest';
import { clustersetDnsName, renderCrossClusterServices } from './render-mcs.js';
import { renderWorkloads } from './render-workloads.js';
import { APP_MANIFESTS, APP_PLAN, APP_POLICY } from './testing/app-fixtures.js';

const AWS = 'shop-aws-us-east-1';
const GCP = 'shop-gcp-us-central1';

describe('renderCrossClusterServices', () => {
  const w = renderWorkloads(APP_PLAN, APP_POLICY, APP_MANIFESTS);
  const r = renderCrossClusterServices(APP_PLAN, w.servicesOf);
  const mcs = r.objects
    .filter((o) => o.object.kind !== 'Namespace')
    .map((o) => ({ cluster: o.cluster, kind: o.object.kind, name: o.object.metadata.name, spec: o.object['spec'] }));

  it('exports the destination where it runs and imports it, every port, where the source runs: only for edges that cross clusters', () => {
    expect(r.issues).toEqual([]);
    // web (GCP) → api (AWS) crosses; api → db and trainer → db stay in AWS.
    expect(mcs).toEqual([
      { cluster: AWS, kind: 'ServiceExport', name: 'api', spec: undefined },
      {
        cluster: GCP,
        kind: 'ServiceImport',
        name: 'api',
        spec: {
          type: 'ClusterSetIP',
          ports: [
            { name: 'http', protocol: 'TCP', port: 80 },
            { name: 'grpc', protocol: 'TCP', port: 9090 },
          ],
        },
      },
    ]);
    expect(r.objects.find((o) => o.cluster === GCP && o.object.kind === 'Namespace')?.object.metadata.name).toBe('shop');
  });

  it('names the clusterset DNS name clients use', () => {
    expect(clustersetDnsName('api', 'shop')).toBe('api.shop.svc.clusterset.local');
  });

  it('warns when a crossing edge has no Service to export', () => {
    const noApiService = new Map([...w.servicesOf].map(([k, v]) => [k, k === 'api' ? [] : v]));
    expect(renderCrossClusterServices(APP_PLAN, noApiService).issues).toEqual([
      {
        severity: 'warning',
        object: 'Plan/shop-plan',
        path: 'spec.transfers',
        message: 'web → api crosses clusters, but no Service selects "api"\'s pods: nothing to export, so web cannot reach it by a clusterset name',
      },
    ]);
  });
});
