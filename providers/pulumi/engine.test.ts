/** The engine's secret handling on plain values: redact, secretValues, resolveCredentials and resolveStackSecrets with every failure message. */
import { describe, expect, it } from 'vitest';
import type { AtlasCluster } from '../../src/api/atlas.js';
import { externalPeerSecretName, redact, resolveCredentials, resolveStackSecrets, secretValues, type SecretReader } from './engine.js';
import type { StackDefinition } from './stacks.js';

const WG = Buffer.alloc(32, 9).toString('base64');
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvAbc123\n-----END PRIVATE KEY-----\n';
const GCP_JSON = JSON.stringify({ type: 'service_account', project_id: 'proj-1', private_key_id: 'kid-0123456789', private_key: PRIVATE_KEY });

function reader(secrets: Record<string, Record<string, string>>, seen: string[] = []): SecretReader {
  return (name, namespace) => {
    seen.push(`${namespace ?? '-'}/${name}`);
    return Promise.resolve(secrets[`${namespace ?? '-'}/${name}`]);
  };
}

function stack(cluster: Partial<AtlasCluster>, peers: StackDefinition['peers'] = []): StackDefinition {
  const c: AtlasCluster = { name: 'c1', platform: 'aws', region: 'r', siteKind: 'cloud', nodePools: [], instances: [], ...cluster };
  return { name: c.name, fullName: `organization/skycluster-atlas/${c.name}`, cluster: c, peers };
}

describe('redact', () => {
  it('replaces every occurrence, longest value first, and leaves other text', () => {
    expect(redact('key abcd1234 and abcd1234-long here', ['abcd1234', 'abcd1234-long'])).toBe('key [redacted] and [redacted] here');
    expect(redact('nothing secret', ['abcd1234'])).toBe('nothing secret');
    expect(redact('x', [])).toBe('x');
  });
});

describe('secretValues', () => {
  it('takes every env value and the WireGuard key, and the secret fields of a JSON key alone and escaped', () => {
    const values = secretValues({ env: { AWS_SECRET_ACCESS_KEY: 'aws-secret-1', GOOGLE_CREDENTIALS: GCP_JSON }, wireguardPrivateKey: 'wg-key-1' });
    expect(values).toEqual(
      expect.arrayContaining(['aws-secret-1', GCP_JSON, PRIVATE_KEY, JSON.stringify(PRIVATE_KEY).slice(1, -1), 'kid-0123456789', 'wg-key-1']),
    );
    expect(values).not.toContain('proj-1'); // the project id is not a secret
    // A private key quoted alone in an error (raw or JSON-escaped) is caught.
    expect(redact(`bad key ${PRIVATE_KEY}`, values)).toBe('bad key [redacted]');
    expect(redact(`{"k":${JSON.stringify(PRIVATE_KEY)}}`, values)).toBe('{"k":"[redacted]"}');
  });

  it('ignores values too short to be secrets (they would blank ordinary text)', () => {
    expect(secretValues({ env: { A: 'abc', B: '' } })).toEqual([]);
  });
});

describe('resolveCredentials', () => {
  it('maps the Secret keys to the provider variables, reading the ref namespace', async () => {
    const seen: string[] = [];
    const r = await resolveCredentials(
      'c1',
      'aws',
      { namespace: 'ops', name: 'aws' },
      reader({ 'ops/aws': { accessKeyId: 'AKIA1', secretAccessKey: 's3cr3t!' } }, seen),
    );
    expect(r).toEqual({
      ok: true,
      env: { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's3cr3t!' },
      data: { accessKeyId: 'AKIA1', secretAccessKey: 's3cr3t!' },
    });
    expect(seen).toEqual(['ops/aws']);
  });

  it('names the missing Secret or key, never a value', async () => {
    expect(await resolveCredentials('c1', 'azure', undefined, reader({}))).toEqual({
      ok: false,
      message:
        'cluster c1: no credentials Secret (spec.clusters[].credentialsSecretRef, from the annotation skycluster.io/credentials-secret on the ProviderProfile of its site)',
    });
    expect(await resolveCredentials('c1', 'azure', { name: 'az' }, reader({}))).toEqual({
      ok: false,
      secret: 'az',
      message: 'cluster c1: Secret az not found',
    });
    expect(await resolveCredentials('c1', 'azure', { name: 'az' }, reader({ '-/az': { clientId: 'x', clientSecret: 'y', tenantId: 'z' } }))).toEqual({
      ok: false,
      secret: 'az',
      message: 'cluster c1: Secret az has no key subscriptionId',
    });
  });
});

describe('resolveStackSecrets', () => {
  it('GCP: the project comes from the key JSON, else from key project, else an error naming the Secret', async () => {
    const ref = { credentialsSecretRef: { name: 'g' }, platform: 'gcp' };
    const ok = await resolveStackSecrets(stack(ref), reader({ '-/g': { credentials: GCP_JSON } }));
    expect(ok).toEqual({ ok: true, secrets: { env: { GOOGLE_CREDENTIALS: GCP_JSON }, gcpProject: 'proj-1' } });
    const fallback = await resolveStackSecrets(stack(ref), reader({ '-/g': { credentials: 'not json', project: 'p2' } }));
    expect(fallback.ok && fallback.secrets.gcpProject).toBe('p2');
    expect(await resolveStackSecrets(stack(ref), reader({ '-/g': { credentials: '{}' } }))).toEqual({
      ok: false,
      secret: 'g',
      message: 'cluster c1: Secret g: no project_id in key credentials and no key project',
    });
  });

  it('a WireGuard gateway needs its private key; published on-prem peers are passed on, unpublished ones left out', async () => {
    const cluster = {
      credentialsSecretRef: { name: 'a' },
      gateway: { flavor: 't3.small', zone: 'z', privateKeySecretRef: { name: 'c1-wg', key: 'privateKey' } },
    };
    const peers = [
      { name: 'edge1', platform: 'baremetal', region: 'x', transport: 'wireguard' as const, cidrs: [], initiator: false },
      { name: 'edge2', platform: 'baremetal', region: 'y', transport: 'wireguard' as const, cidrs: [], initiator: false },
    ];
    const creds = { '-/a': { accessKeyId: 'AKIA', secretAccessKey: 'secret-1' } };
    expect(await resolveStackSecrets(stack(cluster, peers), reader(creds))).toEqual({
      ok: false,
      secret: 'c1-wg',
      message: 'cluster c1: Secret c1-wg has no key privateKey',
    });
    expect(await resolveStackSecrets(stack(cluster, peers), reader({ ...creds, '-/c1-wg': { privateKey: 'not-a-key' } }))).toEqual({
      ok: false,
      secret: 'c1-wg',
      message: 'cluster c1: Secret c1-wg key privateKey is not a WireGuard key (32 bytes, base64)',
    });
    const r = await resolveStackSecrets(
      stack(cluster, peers),
      reader({
        ...creds,
        '-/c1-wg': { privateKey: WG },
        [`-/${externalPeerSecretName('edge1')}`]: { endpoint: '198.51.100.7:51820', publicKey: 'pub1' },
      }),
    );
    expect(r.ok && r.secrets).toEqual({
      env: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'secret-1' },
      wireguardPrivateKey: WG,
      externalPeers: { edge1: { endpoint: '198.51.100.7:51820', publicKey: 'pub1' } },
    });
  });

  it('on-prem clusters need no Secret', async () => {
    expect(await resolveStackSecrets(stack({ siteKind: 'onprem', platform: 'baremetal' }), reader({}))).toEqual({ ok: true, secrets: { env: {} } });
  });
});
