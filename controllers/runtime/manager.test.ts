import { describe, expect, it } from 'vitest';
import type { KubeClient } from './kube-client.js';
import { silentLogger } from './logger.js';
import { Manager } from './manager.js';
import { createMetrics } from './metrics.js';
import type { ResourceRef } from './resource.js';

const PLANS: ResourceRef = { group: 'core.skycluster.io', version: 'v1alpha1', kind: 'Plan', plural: 'plans', namespaced: true };
const ATLASES: ResourceRef = { group: 'core.skycluster.io', version: 'v1alpha1', kind: 'Atlas', plural: 'atlases', namespaced: true };

describe('Manager.informer', () => {
  // Informers are not started here, so the client is never called.
  const manager = () => new Manager({ client: {} as KubeClient, log: silentLogger(), metrics: createMetrics(false) });

  it('gives every controller that asks for the same resource and scope one shared informer', () => {
    const m = manager();
    expect(m.informer(PLANS)).toBe(m.informer(PLANS));
    expect(m.informer(PLANS, { namespace: 'shop' })).toBe(m.informer(PLANS, { namespace: 'shop', watchTimeoutSeconds: 5 }));
  });

  it('keeps separate informers for other resources, namespaces and selectors', () => {
    const m = manager();
    const all = m.informer(PLANS);
    expect(m.informer(ATLASES)).not.toBe(all);
    expect(m.informer(PLANS, { namespace: 'shop' })).not.toBe(all);
    expect(m.informer(PLANS, { labelSelector: 'skycluster.io/app-id=shop' })).not.toBe(all);
    expect(m.informer(PLANS, { fieldSelector: 'metadata.name=shop-plan' })).not.toBe(all);
  });
});
