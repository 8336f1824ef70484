import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kustomizeTree, renderedYaml } from './kustomize-tree.js';
import { renderHarbor } from './render-harbor.js';
import { APP_MANIFESTS, APP_PLAN, APP_POLICY } from './testing/app-fixtures.js';

const inputs = { plan: APP_PLAN, policy: APP_POLICY, manifests: APP_MANIFESTS };

describe('renderHarbor', () => {
  const r = renderHarbor(inputs);

  it('lists every object per cluster in dependency order: namespace, host packages, config, services, workloads, exports/imports', () => {
    expect(r.issues).toEqual([]);
    const lines = r.clusters.map((c) => [c.cluster, c.objects.map((o) => `${o.kind}/${o.metadata.name}`)]);
    expect(lines).toEqual([
      [
        'shop-aws-us-east-1',
        [
          'Namespace/shop',
          'Skyhook/shop-trainer-aws-us-east-1-us-east-1a-7e3a19fe',
          'Service/api',
          'Service/db',
          'Deployment/api',
          'StatefulSet/db',
          'Job/trainer',
          'ServiceExport/api',
        ],
      ],
      [
        'shop-gcp-us-central1',
        ['Namespace/shop', 'ConfigMap/web-config', 'Secret/db-credentials', 'Service/web', 'Deployment/web', 'ServiceImport/api'],
      ],
    ]);
    expect(r.poolTaints.map((t) => `${t.cluster} ${t.key}=${t.value}:${t.effect}`)).toEqual([
      'shop-aws-us-east-1 skyhook.nvidia.com=runtime-required:NoSchedule',
    ]);
  });

  it('marks everything it renders as owned by Harbor', () => {
    for (const c of r.clusters) for (const o of c.objects) expect(o.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('skycluster-harbor');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(renderHarbor(inputs))).toBe(JSON.stringify(r));
    expect(JSON.stringify(renderHarbor({ ...inputs, manifests: [...APP_MANIFESTS].reverse() }))).toBe(JSON.stringify(r));
  });

  it('writes a kustomize tree per cluster whose kustomization lists every file in order', () => {
    const files = kustomizeTree(r);
    const k = files.find((f) => f.path === 'shop-gcp-us-central1/kustomization.yaml');
    const resources = (parse(k?.text ?? '') as { resources: string[] }).resources;
    expect(resources).toEqual([
      '000-namespace-shop.yaml',
      '040-configmap-shop-web-config.yaml',
      '050-secret-shop-db-credentials.yaml',
      '070-service-shop-web.yaml',
      '080-deployment-shop-web.yaml',
      '140-serviceimport-shop-api.yaml',
    ]);
    for (const name of resources) expect(files.some((f) => f.path === `shop-gcp-us-central1/${name}`)).toBe(true);
    expect(files).toMatchSnapshot();
  });

  it('never prints a Secret value', () => {
    const text = renderedYaml(r);
    expect(text).not.toContain('czNjcjN0');
    expect(text).toContain('password: <redacted>');
  });
});
