import { describe, expect, it } from 'vitest';
import type { ProviderProfile } from '../../src/api/provider.js';
import { setEnabled } from './profile-edit.js';

const profile: ProviderProfile = {
  apiVersion: 'core.skycluster.io/v1alpha1',
  kind: 'ProviderProfile',
  metadata: { name: 'aws-us-east-1' },
  spec: {
    platform: 'aws',
    region: 'us-east-1',
    zones: [
      { name: 'use1-az1', defaultZone: true, enabled: true },
      { name: 'use1-az2', enabled: true },
    ],
  },
};

describe('setEnabled', () => {
  it('disables and enables the whole profile', () => {
    const off = setEnabled({ profile }, false);
    expect(off.ok && off.value.profile.spec.enabled).toBe(false);
    const on = setEnabled({ profile }, true);
    expect(on.ok && on.value.profile.spec.enabled).toBe(true);
  });

  it('disabling the default zone moves the default to the next enabled zone', () => {
    const r = setEnabled({ profile }, false, 'use1-az1');
    expect(r.ok && r.value.profile.spec.zones).toEqual([
      { name: 'use1-az1', defaultZone: false, enabled: false },
      { name: 'use1-az2', defaultZone: true, enabled: true },
    ]);
  });

  it.each([
    // the last enabled zone
    [
      { ...profile, spec: { ...profile.spec, zones: [{ name: 'use1-az1', enabled: true }] } },
      'use1-az1',
      'use1-az1 is the last enabled zone of aws-us-east-1; disable the provider instead (provider disable aws-us-east-1)',
    ],
    // an unknown zone names the zones there are
    [profile, 'us-east-1a', 'unknown zone of aws-us-east-1 "us-east-1a"; closest: use1-az1, use1-az2'],
  ])('refuses %#', (p, zone, message) => {
    const r = setEnabled({ profile: p }, false, zone);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ severity: 'error', object: 'ProviderProfile/aws-us-east-1', path: '--zone', message }]);
  });
});
