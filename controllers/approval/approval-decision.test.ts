/** The approval gate's decision on plain values: approve, reject, outdated approvals, CIDR stability, bad plans. */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/api/plan.js';
import { fixturePlan } from '../../src/atlas/fixtures.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { KubeObject } from '../runtime/index.js';
import { decideApproval, derivedObjectName, type ApprovalInput } from './approval-decision.js';
import { approvalStateOf } from './approval-state.js';

const catalog: Pick<Catalog, 'offerings'> = {
  offerings: (platform, region) =>
    ['m5.large', 't3.small', 'n2-standard-4', 'e2-small'].map((name) => ({
      platform,
      region,
      name,
      nameLabel: 'x',
      vcpus: 2,
      ramGiB: 8,
      gpuCount: 0,
      priceUsdHr: 0.1,
      source: 'test',
    })),
};
const HASH = 'a'.repeat(64);
const OTHER_HASH = 'b'.repeat(64);

/** A Plan as read from the API server: uid and generation set, approval as given. */
function served(app: string, approval: Plan['spec']['approval'], over: Partial<Plan['spec']> = {}): KubeObject {
  const p = fixturePlan(app, [
    { component: 'web', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor: 'm5.large' },
    { component: 'db', platform: 'gcp', region: 'us-central1', zone: 'us-central1-a', flavor: 'n2-standard-4' },
  ]);
  return {
    ...p,
    metadata: { ...p.metadata, uid: `uid-${app}`, generation: 3 },
    spec: { ...p.spec, inputHash: HASH, revision: 2, approval, ...over },
  } as unknown as KubeObject;
}
const input = (plan: KubeObject, atlases: KubeObject[] = []): ApprovalInput => ({ plan, atlases, catalog });

describe('approvalStateOf', () => {
  it.each([
    // bound to the current inputs and revision
    [
      { approved: true, approvedBy: 'ann', inputHash: HASH, revision: 2 },
      { kind: 'approved', by: 'ann' },
    ],
    // a rejection of the current revision
    [
      { approved: false, approvedBy: 'bob', inputHash: HASH, revision: 2 },
      { kind: 'rejected', by: 'bob' },
    ],
    // approved for older inputs: void
    [
      { approved: true, inputHash: OTHER_HASH, revision: 2 },
      { kind: 'outdated', approvedRevision: 2, approvedInputHash: OTHER_HASH },
    ],
    // approved for an older revision: void
    [
      { approved: true, inputHash: HASH, revision: 1 },
      { kind: 'outdated', approvedRevision: 1, approvedInputHash: HASH },
    ],
    // approved: true with no binding at all (an old client): void
    [{ approved: true }, { kind: 'outdated' }],
    // a rejection of an older revision: the new one awaits approval
    [{ approved: false, approvedBy: 'bob', inputHash: OTHER_HASH, revision: 1 }, { kind: 'awaiting' }],
    // nothing yet
    [{ approved: false }, { kind: 'awaiting' }],
  ] as const)('%j → %j', (approval, expected) => {
    expect(approvalStateOf({ approval, inputHash: HASH, revision: 2 })).toEqual(expected);
  });
});

describe('decideApproval', () => {
  it('approved: one Atlas and one Harbor named like the application, controller-owned by the Plan, Approved=True', () => {
    const d = decideApproval(input(served('shop', { approved: true, approvedBy: 'ann', inputHash: HASH, revision: 2 })));
    expect(d.kind).toBe('apply');
    if (d.kind !== 'apply') return;
    const owner = {
      apiVersion: 'core.skycluster.io/v1alpha1',
      kind: 'Plan',
      name: 'shop-plan',
      uid: 'uid-shop',
      controller: true,
      blockOwnerDeletion: true,
    };
    for (const o of [d.atlas, d.harbor]) {
      expect(o.metadata).toMatchObject({ name: 'shop', namespace: 'apps', ownerReferences: [owner] });
      expect(o.metadata?.labels).toEqual({
        'skycluster.io/app-id': 'shop',
        'skycluster.io/plan': 'shop-plan',
        'app.kubernetes.io/managed-by': 'skycluster',
      });
    }
    expect(d.harbor).toMatchObject({ kind: 'Harbor', spec: { planRef: { name: 'shop-plan' } } });
    const spec = d.atlas['spec'] as { planRef: unknown; clusters: { name: string; nodePools: { placementId: string }[] }[] };
    expect(spec.planRef).toEqual({ name: 'shop-plan', revision: 2 });
    expect(spec.clusters.flatMap((c) => c.nodePools.map((p) => p.placementId)).sort()).toEqual([
      'db@gcp/us-central1/us-central1-a',
      'web@aws/us-east-1/use1-az1',
    ]);
    expect(d.condition).toEqual({
      type: 'Approved',
      status: 'True',
      reason: 'ApprovedByUser',
      message: 'revision 2 approved by ann; Atlas and Harbor shop applied',
      observedGeneration: 3,
    });
  });

  it('the same inputs give the same objects (level-triggered: a repeat pass applies nothing new)', () => {
    const plan = served('shop', { approved: true, inputHash: HASH, revision: 2 });
    expect(decideApproval(input(plan))).toEqual(decideApproval(input(plan)));
  });

  it('blocks recorded in other Atlases stay reserved, and the own Atlas keeps its blocks across re-approval', () => {
    const first = decideApproval(input(served('shop', { approved: true, inputHash: HASH, revision: 2 })));
    if (first.kind !== 'apply') throw new Error(first.kind);
    const cidrs = (a: KubeObject) => (a['spec'] as { clusters: { network: { cidr: string } }[] }).clusters.map((c) => c.network.cidr);
    expect(cidrs(first.atlas)).toEqual(['10.0.0.0/16', '10.2.0.0/16']);
    // A second application sees shop's Atlas in the cache: its clusters take the next free blocks.
    const other = decideApproval(input(served('blog', { approved: true, inputHash: HASH, revision: 2 }), [first.atlas]));
    if (other.kind !== 'apply') throw new Error(other.kind);
    expect(cidrs(other.atlas)).toEqual(['10.4.0.0/16', '10.6.0.0/16']);
    // shop re-approved later, with blog's Atlas (and its own) in the cache: shop's blocks do not move.
    const again = decideApproval(input(served('shop', { approved: true, inputHash: HASH, revision: 2 }), [other.atlas, first.atlas]));
    if (again.kind !== 'apply') throw new Error(again.kind);
    expect(cidrs(again.atlas)).toEqual(cidrs(first.atlas));
  });

  it.each([
    [
      'nothing approved yet',
      { approved: false },
      { reason: 'AwaitingApproval', message: 'revision 2 awaits approval (skycluster plan approve shop-plan)' },
    ],
    [
      'a rejection',
      { approved: false, approvedBy: 'bob', inputHash: HASH, revision: 2 },
      { reason: 'Rejected', message: 'revision 2 was rejected by bob; Atlas and Harbor are left as they were' },
    ],
    [
      'an approval for older inputs',
      { approved: true, approvedBy: 'ann', inputHash: OTHER_HASH, revision: 1 },
      {
        reason: 'ApprovalOutdated',
        message:
          'the approval was given for revision 1 (inputs bbbbbbbbbbbb); the plan is now revision 2 (inputs aaaaaaaaaaaa): approve again (skycluster plan approve shop-plan); Atlas and Harbor are left as they were',
      },
    ],
  ] as const)('%s: hold, Approved=False with the reason', (_what, approval, expected) => {
    const d = decideApproval(input(served('shop', approval)));
    expect(d).toEqual({ kind: 'hold', condition: { type: 'Approved', status: 'False', observedGeneration: 3, ...expected } });
  });

  it('an approved plan whose flavor is not in the catalog: invalid, the message names the Plan and the field', () => {
    const plan = served('shop', { approved: true, inputHash: HASH, revision: 2 });
    const spec = plan['spec'] as Plan['spec'];
    const bad = { ...plan, spec: { ...spec, placements: spec.placements.map((p, i) => (i === 0 ? { ...p, flavor: 'x9.huge' } : p)) } };
    const d = decideApproval(input(bad));
    expect(d.kind).toBe('invalid');
    expect(d.condition).toEqual({
      type: 'Approved',
      status: 'False',
      reason: 'InvalidPlan',
      message:
        'approved, but no Atlas can be derived: (Plan/shop-plan): spec.placements[0].flavor: flavor "x9.huge" is not offered by aws in us-east-1',
      observedGeneration: 3,
    });
  });

  it('a spec that fails the Plan schema: invalid, naming the field', () => {
    const plan = served('shop', { approved: true, inputHash: HASH, revision: 2 });
    const d = decideApproval(input({ ...plan, spec: { ...(plan['spec'] as object), revision: 0 } }));
    expect(d.kind).toBe('invalid');
    expect(d.condition.message).toBe('approved, but no Atlas can be derived: (Plan/shop-plan): spec.revision: Too small: expected number to be >0');
  });

  it('no usable catalog: invalid with the catalog issue', () => {
    const plan = served('shop', { approved: true, inputHash: HASH, revision: 2 });
    const d = decideApproval({
      plan,
      atlases: [],
      catalog: undefined,
      catalogIssues: [
        { severity: 'error', object: 'ProviderProfile/edge', path: 'spec.zones', message: 'every zone is disabled; enable at least one' },
      ],
    });
    expect(d.condition.message).toBe(
      'approved, but no Atlas can be derived: (ProviderProfile/edge): spec.zones: every zone is disabled; enable at least one',
    );
  });

  it('names derived from an application id that is not a DNS label get a hash suffix', () => {
    expect(derivedObjectName('shop')).toBe('shop');
    expect(derivedObjectName('Shop_App')).toMatch(/^shop-app-[0-9a-f]{8}$/);
  });
});
