import { describe, expect, it } from 'vitest';
import { planTransition } from './plan-transition.js';
import { renderHarbor } from './render-harbor.js';
import { APP_MANIFESTS, APP_PLAN, APP_POLICY, DB, TRAINER, WEB } from './testing/app-fixtures.js';
import { placement, planSpec } from './testing/plan-fixtures.js';

const AWS = 'shop-aws-us-east-1';
const GCP = 'shop-gcp-us-central1';
const render = (plan = APP_PLAN) => renderHarbor({ plan, policy: APP_POLICY, manifests: APP_MANIFESTS }).clusters;
// api moves from AWS to GCP, next to web: web → api no longer crosses, api → db now does.
const moved = planSpec(
  [WEB, placement('api', 'gcp/us-central1/us-central1-a'), DB, TRAINER],
  [
    ['web', 'api', 120],
    ['api', 'db', 40],
    ['trainer', 'db', 10],
  ],
);

describe('planTransition', () => {
  const steps = planTransition(render(), render(moved));
  const at = (action: string, cluster: string, kind: string, name: string): number =>
    steps.findIndex(
      (s) =>
        s.action === action &&
        s.cluster === cluster &&
        ('objects' in s ? s.objects : s.workloads).some((o) => o.kind === kind && ('metadata' in o ? o.metadata.name : o.name) === name),
    );

  it('brings the new placement up and waits for it before removing the old one', () => {
    const applyNew = at('apply', GCP, 'Deployment', 'api');
    const waitNew = at('waitAvailable', GCP, 'Deployment', 'api');
    const pruneOld = at('prune', AWS, 'Deployment', 'api');
    expect(applyNew).toBeGreaterThanOrEqual(0);
    expect(waitNew).toBeGreaterThan(applyNew);
    expect(pruneOld).toBeGreaterThan(waitNew);
  });

  it('moves the exports and imports with the component', () => {
    expect(at('apply', AWS, 'ServiceExport', 'db')).toBeGreaterThanOrEqual(0); // api → db now crosses
    expect(at('apply', GCP, 'ServiceImport', 'db')).toBeGreaterThanOrEqual(0);
    expect(at('prune', AWS, 'ServiceExport', 'api')).toBeGreaterThan(at('waitAvailable', GCP, 'Deployment', 'api'));
    expect(at('prune', GCP, 'ServiceImport', 'api')).toBeGreaterThan(at('waitAvailable', GCP, 'Deployment', 'api'));
  });

  it('prunes in reverse dependency order and keeps what both plans need', () => {
    const prune = steps.find((s) => s.action === 'prune' && s.cluster === AWS);
    expect(prune && 'objects' in prune ? prune.objects.map((o) => `${o.kind}/${o.name}`) : []).toEqual([
      'ServiceExport/api',
      'Deployment/api',
      'Service/api',
    ]);
    expect(steps.some((s) => s.action === 'apply' && s.cluster === AWS && s.objects.some((o) => o.kind === 'StatefulSet'))).toBe(false); // db unchanged
  });

  it('a first deploy only applies and waits; a removal only prunes, everything', () => {
    expect(new Set(planTransition([], render()).map((s) => s.action))).toEqual(new Set(['apply', 'waitAvailable']));
    const removal = planTransition(render(), []);
    expect(removal.every((s) => s.action === 'prune')).toBe(true);
    expect(removal.flatMap((s) => ('objects' in s ? s.objects : [])).length).toBe(render().reduce((n, c) => n + c.objects.length, 0));
  });

  it('does nothing when nothing changes', () => {
    expect(planTransition(render(), render())).toEqual([]);
  });
});
