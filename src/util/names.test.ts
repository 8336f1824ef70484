import { describe, expect, it } from 'vitest';
import { AKS_POOL_NAME_MAX, GKE_CLUSTER_NAME_MAX, aksPoolName, placementId, shortHash, stableName } from './names.js';

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

describe('stableName', () => {
  it.each([
    // one clean part stays as it is
    [['shop-plan'], 'shop-plan'],
    // several parts are always hashed: joined parts are ambiguous
    [['shop', 'aws', 'us-east-1'], /^shop-aws-us-east-1-[0-9a-f]{8}$/],
    // upper case and dots are cleaned, and then hashed so that Shop and shop differ
    [['Shop', 'aws'], /^shop-aws-[0-9a-f]{8}$/],
    // a leading digit gets a letter prefix
    [['1app'], /^x-1app-[0-9a-f]{8}$/],
    // nothing readable at all still yields a valid label
    [['***'], /^x[0-9a-f]{8}$/],
  ])('%j → %s', (parts, expected) => {
    const name = stableName(parts);
    if (typeof expected === 'string') expect(name).toBe(expected);
    else expect(name).toMatch(expected);
    expect(name).toMatch(DNS_LABEL);
  });

  it('cuts long names to the limit with a hash, and two names that share the cut prefix still differ', () => {
    const a = stableName(['a'.repeat(80), 'x'], GKE_CLUSTER_NAME_MAX);
    const b = stableName(['a'.repeat(80), 'y'], GKE_CLUSTER_NAME_MAX);
    expect(a.length).toBeLessThanOrEqual(GKE_CLUSTER_NAME_MAX);
    expect(a).toMatch(DNS_LABEL);
    expect(a).not.toBe(b);
  });

  it('is deterministic and does not confuse ["a-b","c"] with ["a","b-c"]', () => {
    expect(stableName(['x', 'y'])).toBe(stableName(['x', 'y']));
    expect(stableName(['a-b', 'c'])).not.toBe(stableName(['a', 'b-c']));
  });

  it('never returns a name over the limit or outside DNS-1123, on many random inputs', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'abcXYZ019-_./@ ';
    for (let i = 0; i < 2000; i++) {
      const parts = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
        Array.from({ length: Math.floor(rnd() * 30) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''),
      );
      const max = 10 + Math.floor(rnd() * 60);
      const name = stableName(parts, max);
      expect(name.length).toBeLessThanOrEqual(max);
      expect(name).toMatch(DNS_LABEL);
    }
  });
});

describe('aksPoolName', () => {
  it('is at most 12 lower-case alphanumerics starting with a letter, and distinct per parts', () => {
    const names = new Set<string>();
    for (const flavor of ['Standard_D4s_v5', 'Standard_D8s_v5', 'Standard_NC6s_v3', '4-gpu']) {
      for (const spot of ['spot', 'od']) {
        const n = aksPoolName([flavor, spot]);
        expect(n.length).toBeLessThanOrEqual(AKS_POOL_NAME_MAX);
        expect(n).toMatch(/^[a-z][a-z0-9]*$/);
        names.add(n);
      }
    }
    expect(names.size).toBe(8);
  });
});

describe('shortHash and placementId', () => {
  it('hashes to 8 hex characters and builds component@platform/region/zone', () => {
    expect(shortHash('')).toMatch(/^[0-9a-f]{8}$/);
    expect(shortHash('a')).not.toBe(shortHash('b'));
    expect(placementId('web', 'aws', 'us-east-1', 'use1-az1')).toBe('web@aws/us-east-1/use1-az1');
  });
});
