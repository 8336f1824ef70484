/** secretsFromProfiles: where each site's Secret references come from. */
import { describe, expect, it } from 'vitest';
import type { ProviderProfile } from '../api/provider.js';
import { secretsFromProfiles } from './site-secrets.js';

function profile(
  platform: string,
  region: string,
  annotations: Record<string, string>,
  extra: Partial<ProviderProfile['spec']> = {},
): ProviderProfile {
  return {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'ProviderProfile',
    metadata: { name: `${platform}-${region}`, namespace: 'skycluster-system', annotations },
    spec: { platform, region, zones: [{ name: 'z1' }], ...extra },
  };
}

describe('secretsFromProfiles', () => {
  const secrets = secretsFromProfiles([
    profile('aws', 'us-east-1', { 'skycluster.io/credentials-secret': 'aws-creds' }),
    profile('baremetal', 'lab', { 'skycluster.io/kubeconfig-secret': 'lab-kc' }),
    profile('baremetal', 'edge', {}, { kubeconfigSecretRef: { namespace: 'sites', name: 'edge-kc' } }),
  ]);
  it('the credentials Secret is taken from the profile namespace', () => {
    expect(secrets('aws', 'us-east-1')).toEqual({ credentials: { namespace: 'skycluster-system', name: 'aws-creds', key: 'credentials' } });
  });
  it('kubeconfig: the spec reference wins over the annotation; a site without references gets none', () => {
    expect(secrets('baremetal', 'lab')).toEqual({ kubeconfig: { name: 'lab-kc', key: 'kubeconfig' } });
    expect(secrets('baremetal', 'edge')).toEqual({ kubeconfig: { namespace: 'sites', name: 'edge-kc', key: 'kubeconfig' } });
    expect(secrets('gcp', 'us-central1')).toBeUndefined();
  });
});
