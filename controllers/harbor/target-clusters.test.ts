import { describe, expect, it } from 'vitest';
import type { KubeClient, KubeObject, KubeResult } from '../runtime/index.js';
import { kubeconfigLocations, TargetClients } from './target-clusters.js';

const atlas: KubeObject = {
  metadata: { name: 'shop', namespace: 'shop' },
  spec: {
    clusters: [
      { name: 'shop-aws-us-east-1', siteKind: 'cloud', kubeconfigSecretRef: { name: 'ignored-for-cloud' } },
      { name: 'shop-onprem-toronto', siteKind: 'onprem', kubeconfigSecretRef: { name: 'toronto-kc', namespace: 'sites', key: 'config' } },
    ],
  },
  status: {
    stacks: [
      { name: 'shop-aws-us-east-1', phase: 'Ready', kubeconfigSecretRef: { name: 'shop-aws-kubeconfig' } },
      { name: 'pending', phase: 'Updating' },
    ],
  },
};

/** A management client that only answers GET of one Secret (the rest is not called). */
function secretClient(secret: KubeObject | undefined): KubeClient {
  return {
    get: async (): Promise<KubeResult<KubeObject>> =>
      secret === undefined ? { ok: false, status: 404, reason: 'NotFound', message: 'not found' } : { ok: true, status: 200, body: secret },
  } as unknown as KubeClient;
}

describe('kubeconfigLocations', () => {
  it('reads cloud clusters from status.stacks and on-prem ones from spec.clusters, with the defaults', () => {
    expect(Object.fromEntries(kubeconfigLocations(atlas))).toEqual({
      'shop-aws-us-east-1': { namespace: 'shop', name: 'shop-aws-kubeconfig', key: 'kubeconfig' },
      'shop-onprem-toronto': { namespace: 'sites', name: 'toronto-kc', key: 'config' },
    });
  });
});

describe('TargetClients', () => {
  it('a cluster without a recorded kubeconfig, or whose Secret is missing, is not provisioned yet', async () => {
    const t = new TargetClients(secretClient(undefined));
    const r = await t.connect(['pending', 'shop-aws-us-east-1'], [atlas]);
    expect(r.get('pending')).toEqual({ ok: false, notReady: true, message: 'Atlas shop records no kubeconfig Secret for this cluster yet' });
    expect(r.get('shop-aws-us-east-1')).toEqual({
      ok: false,
      notReady: true,
      message: 'kubeconfig Secret shop/shop-aws-kubeconfig does not exist yet',
    });
    expect((await t.connect(['x'], [])).get('x')).toMatchObject({
      notReady: true,
      message: 'no Atlas object for this plan yet: no kubeconfig to reach the cluster',
    });
  });

  it('never repeats what a Secret holds: a kubeconfig that does not load is named by its Secret only', async () => {
    const leaked = 'token: s3cr3t-t0ken\n  bad: [indent';
    const secret: KubeObject = {
      metadata: { name: 'shop-aws-kubeconfig', namespace: 'shop', uid: 'u', resourceVersion: '1' },
      data: { kubeconfig: Buffer.from(leaked).toString('base64') },
    };
    const r = (await new TargetClients(secretClient(secret)).connect(['shop-aws-us-east-1'], [atlas])).get('shop-aws-us-east-1');
    expect(r).toEqual({
      ok: false,
      notReady: false,
      message: 'the kubeconfig in Secret shop/shop-aws-kubeconfig key "kubeconfig" does not load (no current context or not YAML)',
    });
    expect(JSON.stringify(r)).not.toContain('s3cr3t');
    const noKey = { ...secret, data: {} };
    expect((await new TargetClients(secretClient(noKey)).connect(['shop-aws-us-east-1'], [atlas])).get('shop-aws-us-east-1')).toMatchObject({
      message: 'kubeconfig Secret shop/shop-aws-kubeconfig has no key "kubeconfig"',
    });
  });

  it('keeps one client per Secret version and builds a new one when the Secret changes', async () => {
    const kc = (server: string): string =>
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${server}"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n`;
    let secret: KubeObject = {
      metadata: { name: 'shop-aws-kubeconfig', namespace: 'shop', uid: 'u', resourceVersion: '1' },
      data: { kubeconfig: Buffer.from(kc('https://a:6443')).toString('base64') },
    };
    const t = new TargetClients({ get: async () => ({ ok: true, status: 200, body: secret }) } as unknown as KubeClient);
    const first = (await t.connect(['shop-aws-us-east-1'], [atlas])).get('shop-aws-us-east-1');
    const again = (await t.connect(['shop-aws-us-east-1'], [atlas])).get('shop-aws-us-east-1');
    expect(first?.ok && again?.ok && first.client === again.client).toBe(true);
    secret = {
      ...secret,
      metadata: { ...secret.metadata, resourceVersion: '2' },
      data: { kubeconfig: Buffer.from(kc('https://b:6443')).toString('base64') },
    };
    const rotated = (await t.connect(['shop-aws-us-east-1'], [atlas])).get('shop-aws-us-east-1');
    expect(rotated?.ok && rotated.client.connection.server).toBe('https://b:6443');
  });
});
