import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { SkyShiftService } from '../api/skyshift-service.js';
import { renderSkyShiftService } from './render-skyshift-service.js';
import { readSkyShiftService } from './skyshift-service.js';
import { placement, planSpec } from './testing/plan-fixtures.js';

const FIXTURES = new URL('../../test/fixtures/skyshift/', import.meta.url);
const example = (file: string): SkyShiftService =>
  readSkyShiftService(parse(readFileSync(new URL(file, FIXTURES), 'utf8'))).service as SkyShiftService;

// nginx runs in two clusters; its clients (web) run in the GCP one and in a third cluster.
const plan = planSpec(
  [
    placement('nginx', 'aws/us-east-1/us-east-1a'),
    placement('nginx', 'gcp/us-central1/us-central1-a'),
    placement('web', 'gcp/us-central1/us-central1-b'),
    placement('batch', 'azure/eastus/eastus-1'),
  ],
  [
    ['web', 'nginx', 500],
    ['batch', 'nginx', 20],
  ],
);
plan.clusters.find((c) => c.platform === 'aws')!.name = 'kind-cluster1'; // the name the example's primary_cluster uses
const facts = {
  podLabels: new Map([
    ['nginx', { app: 'nginx' }],
    ['web', { app: 'web' }],
    ['batch', { app: 'batch' }],
  ]),
  replicas: new Map([['nginx', 2]]),
};

describe('renderSkyShiftService', () => {
  it('gives the primary the declared type and every other cluster with endpoints a bare ClusterIP', () => {
    const r = renderSkyShiftService(example('load-balancing__cluster1-service.yaml'), plan, facts);
    expect(r.issues).toEqual([]);
    expect(r.primary).toEqual({ cluster: 'kind-cluster1', reason: 'declared' });
    const services = r.objects.filter((o) => o.object.kind === 'Service').map((o) => [o.cluster, o.object['spec']]);
    expect(services).toEqual([
      [
        'kind-cluster1',
        { type: 'NodePort', selector: { app: 'nginx' }, ports: [{ name: 'tcp-80', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30001 }] },
      ],
      [
        'shop-gcp-us-central1',
        { type: 'ClusterIP', selector: { app: 'nginx' }, ports: [{ name: 'tcp-80', protocol: 'TCP', port: 80, targetPort: 80 }] },
      ],
    ]);
  });

  it('exports from every cluster with endpoints and imports, every port, where the clients run', () => {
    const r = renderSkyShiftService(example('load-balancing__cluster1-service.yaml'), plan, facts);
    const mcs = r.objects
      .filter((o) => o.object.kind.startsWith('Service') && o.object.kind !== 'Service')
      .map((o) => `${o.cluster} ${o.object.kind}`);
    expect(mcs).toEqual([
      'kind-cluster1 ServiceExport',
      'shop-gcp-us-central1 ServiceExport',
      'shop-azure-eastus ServiceImport',
      'shop-gcp-us-central1 ServiceImport',
    ]);
    const imp = r.objects.find((o) => o.object.kind === 'ServiceImport')?.object['spec'];
    expect(imp).toEqual({ type: 'ClusterSetIP', ports: [{ name: 'tcp-80', protocol: 'TCP', port: 80 }] });
  });

  it('chooses the primary where most traffic comes from when primary_cluster is not a cluster of the plan, and says so', () => {
    // The nginx-demo example names primary_cluster: remote.
    const r = renderSkyShiftService(example('nginx-demo__service.yaml'), plan, facts);
    expect(r.primary).toEqual({ cluster: 'shop-gcp-us-central1', reason: 'traffic' }); // web's 500 GB come from GCP
    expect(r.issues).toEqual([
      {
        severity: 'warning',
        object: 'Service/servicedemo',
        path: 'spec.primary_cluster',
        message:
          '"remote" is not a cluster of the plan that runs the selected pods (kind-cluster1, shop-gcp-us-central1): SkyShift would give no cluster the declared type; Harbor chooses the primary by traffic instead',
      },
    ]);
    const lb = r.objects.filter((o) => o.object.kind === 'Service').map((o) => [o.cluster, (o.object['spec'] as { type: string }).type]);
    expect(lb).toEqual([
      ['kind-cluster1', 'ClusterIP'],
      ['shop-gcp-us-central1', 'LoadBalancer'],
    ]);
  });

  it('falls back to the most replicas when no traffic reaches the service (auto)', () => {
    const quiet = { ...plan, transfers: [] };
    const s = { ...example('nginx-demo__service.yaml'), spec: { ...example('nginx-demo__service.yaml').spec, primary_cluster: 'auto' } };
    const more = planSpec([
      placement('nginx', 'aws/us-east-1/us-east-1a'),
      placement('nginx', 'aws/us-east-1/us-east-1b'),
      placement('nginx', 'gcp/us-central1/us-central1-a'),
    ]);
    expect(renderSkyShiftService(s, more, facts).primary).toEqual({ cluster: 'shop-aws-us-east-1', reason: 'replicas' });
    expect(renderSkyShiftService(s, quiet, facts).primary?.reason).toBe('name'); // one pool each: a tie, broken by name
  });

  it('keeps selector and label values strings in the YAML it writes', () => {
    const s = readSkyShiftService({
      kind: 'Service',
      metadata: { name: 'flag', labels: { canary: 'true' } },
      spec: { selector: { app: 'nginx', v: '1' }, ports: [{ port: 80, target_port: 80 }] },
    }).service as SkyShiftService;
    const withV = { ...facts, podLabels: new Map([['nginx', { app: 'nginx', v: '1' }]]) };
    const yaml = stringify(renderSkyShiftService(s, plan, withV).objects.find((o) => o.object.kind === 'Service')?.object);
    expect(yaml).toContain('v: "1"');
    expect(yaml).toContain('canary: "true"');
    expect(parse(yaml).spec.selector.v).toBe('1');
  });

  it('renders nothing for ExternalName, saying why', () => {
    const s = { ...example('nginx-demo__service.yaml'), spec: { ...example('nginx-demo__service.yaml').spec, type: 'ExternalName' as const } };
    const r = renderSkyShiftService(s, plan, facts);
    expect(r.objects).toEqual([]);
    expect(r.issues).toEqual([
      {
        severity: 'error',
        object: 'Service/servicedemo',
        path: 'spec.type',
        message: "not rendered: type ExternalName needs an external DNS name, which SkyShift's format cannot carry",
      },
    ]);
  });
});
