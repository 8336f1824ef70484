import { describe, expect, it } from 'vitest';
import { canonicalJson, catalogVersion, planInputHash, type PlanInputs } from './input-hash.js';

const base = (): PlanInputs => ({
  deploymentPolicy: {
    metadata: { name: 'shop', namespace: 'default', labels: { a: '1' } },
    spec: { deploymentPolicies: [{ componentRef: { kind: 'Deployment', name: 'web' } }] },
  } as unknown as PlanInputs['deploymentPolicy'],
  catalogVersion: 'aws-prices@2026-01-01',
  options: { horizonHours: 730 },
});

describe('planInputHash', () => {
  it('is a SHA-256 hex digest, equal for equal inputs whatever their key order', () => {
    const a = base();
    const b = { options: { horizonHours: 730 }, catalogVersion: 'aws-prices@2026-01-01', deploymentPolicy: a.deploymentPolicy };
    expect(planInputHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(planInputHash(b)).toBe(planInputHash(a));
  });

  it.each([
    // a spec change
    [
      'spec',
      (i: PlanInputs): PlanInputs => ({
        ...i,
        deploymentPolicy: { ...i.deploymentPolicy, spec: { deploymentPolicies: [] } } as PlanInputs['deploymentPolicy'],
      }),
    ],
    // another catalog (a price changed)
    ['catalog', (i: PlanInputs): PlanInputs => ({ ...i, catalogVersion: 'aws-prices@2026-02-01' })],
    // another option
    ['options', (i: PlanInputs): PlanInputs => ({ ...i, options: { horizonHours: 24 } })],
  ])('changes with the %s', (_what, change) => {
    expect(planInputHash(change(base()))).not.toBe(planInputHash(base()));
  });

  it('ignores labels and other metadata that do not change the plan', () => {
    const i = base();
    const relabelled = { ...i, deploymentPolicy: { ...i.deploymentPolicy, metadata: { name: 'shop', namespace: 'default', labels: { b: '2' } } } };
    expect(planInputHash(relabelled as PlanInputs)).toBe(planInputHash(i));
  });
});

describe('canonicalJson and catalogVersion', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('names each price source with its date', () => {
    expect(catalogVersion({ provenance: [{ id: 'x', date: '2026-01-01' } as never, { id: 'y', date: '2026-02-02' } as never] })).toBe(
      'x@2026-01-01,y@2026-02-02',
    );
  });
});
