import { describe, expect, it } from 'vitest';
import { HarborStatusSchema } from '../api/harbor.js';
import { buildHarborStatus } from './harbor-status.js';
import { renderHarbor } from './render-harbor.js';
import { APP_MANIFESTS, APP_PLAN, APP_POLICY, TRAINER } from './testing/app-fixtures.js';

const AWS = 'shop-aws-us-east-1';
const GCP = 'shop-gcp-us-central1';
const render = renderHarbor({ plan: APP_PLAN, policy: APP_POLICY, manifests: APP_MANIFESTS }).clusters;
const T0 = '2026-12-02T10:00:00Z';
const T1 = '2026-12-02T10:05:00Z';

describe('buildHarborStatus', () => {
  const down = buildHarborStatus({
    generation: 3,
    planRevision: 1,
    render,
    pass: {
      done: false,
      clusters: [
        { cluster: AWS, reachable: false, waiting: [], message: 'applying Namespace /shop: unreachable: connect ECONNREFUSED' },
        { cluster: GCP, reachable: true, waiting: [] },
      ],
    },
    now: T0,
  });

  it('names the unreachable cluster in Ready, and is valid against the Harbor CRD schema', () => {
    expect(HarborStatusSchema.safeParse(down).success).toBe(true);
    expect(down.conditions?.[0]).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'ClusterUnreachable',
      message: `unreachable: ${AWS}; the other clusters carry on and Harbor retries with backoff`,
      observedGeneration: 3,
      lastTransitionTime: T0,
    });
    expect(down.clusters).toEqual([
      { name: AWS, reachable: false, objects: 8, message: 'applying Namespace /shop: unreachable: connect ECONNREFUSED' },
      { name: GCP, reachable: true, objects: 6 },
    ]);
  });

  it('reports per placement, per pool and per cross-cluster service', () => {
    expect(down.components?.map((c) => [c.component, c.cluster, c.applied, c.desiredReplicas])).toEqual([
      ['api', AWS, false, 2],
      ['db', AWS, false, 1],
      ['trainer', AWS, false, undefined],
      ['web', GCP, true, 3],
    ]);
    expect(down.pools).toEqual([
      { placementId: TRAINER.id, cluster: AWS, skyhook: 'shop-trainer-aws-us-east-1-us-east-1a-7e3a19fe', state: 'Unknown', reason: 'not read yet' },
    ]);
    expect(down.services).toEqual([
      { name: 'api', namespace: 'shop', dnsName: 'api.shop.svc.clusterset.local', exportedFrom: [AWS], importedIn: [GCP] },
    ]);
  });

  it('turns Ready when the pass is done, keeping transition times of unchanged conditions', () => {
    const pools = new Map([
      [
        'shop-trainer-aws-us-east-1-us-east-1a-7e3a19fe',
        { state: 'Complete' as const, reason: 'every package is applied on every selected node', completeNodes: '2/2' },
      ],
    ]);
    const up = buildHarborStatus({
      generation: 3,
      planRevision: 1,
      render,
      pass: { done: true, clusters: [] },
      skyhooks: pools,
      previous: down,
      now: T1,
    });
    expect(up.conditions?.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime])).toEqual([
      ['Ready', 'True', 'Deployed', T1],
      ['Deploying', 'False', 'Deployed', T1],
    ]);
    expect(up.pools?.[0]?.state).toBe('Complete');
    const again = buildHarborStatus({
      generation: 3,
      planRevision: 1,
      render,
      pass: { done: true, clusters: [] },
      previous: up,
      now: '2026-12-02T11:00:00Z',
    });
    expect(again.conditions?.map((c) => c.lastTransitionTime)).toEqual([T1, T1]);
  });

  it('reports available replicas as read, and ClusterNotReady when the only missing clusters have no kubeconfig yet', () => {
    const s = buildHarborStatus({
      generation: 1,
      planRevision: 1,
      render,
      pass: {
        done: false,
        clusters: [
          { cluster: AWS, reachable: false, waiting: [], notReady: true, message: 'kubeconfig Secret shop/aws does not exist yet' },
          { cluster: GCP, reachable: true, waiting: [], available: [{ kind: 'Deployment', namespace: 'shop', name: 'web', replicas: 2 }] },
        ],
      },
      now: T0,
    });
    expect(s.conditions?.[0]).toMatchObject({
      reason: 'ClusterNotReady',
      message: `not provisioned yet (no kubeconfig recorded by Atlas): ${AWS}; the other clusters carry on`,
    });
    expect(s.components?.find((c) => c.component === 'web')).toMatchObject({ desiredReplicas: 3, availableReplicas: 2 });
    expect(s.components?.find((c) => c.component === 'api')?.availableReplicas).toBeUndefined();
  });
});
