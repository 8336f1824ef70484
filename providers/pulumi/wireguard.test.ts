/** WireGuard keys: public key derivation (RFC 7748 test vector), generation, the format check and wg0.conf. */
import { describe, expect, it } from 'vitest';
import { generateWireguardKeyPair, isWireguardKey, renderWireguardConfig, wireguardPublicKey } from './wireguard.js';

const hex64 = (h: string) => Buffer.from(h, 'hex').toString('base64');

describe('WireGuard keys', () => {
  it('derives the X25519 public key of RFC 7748 section 6.1 (Alice)', () => {
    const alicePrivate = hex64('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    expect(wireguardPublicKey(alicePrivate)).toBe(hex64('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'));
  });

  it('generates distinct, well-formed pairs whose public half matches the private one', () => {
    const a = generateWireguardKeyPair();
    const b = generateWireguardKeyPair();
    expect(isWireguardKey(a.privateKey) && isWireguardKey(a.publicKey)).toBe(true);
    expect(a.privateKey).not.toBe(b.privateKey);
    expect(wireguardPublicKey(a.privateKey)).toBe(a.publicKey);
  });

  it('rejects values that are not 32 bytes of base64', () => {
    expect(isWireguardKey('short')).toBe(false);
    expect(isWireguardKey(Buffer.alloc(31).toString('base64'))).toBe(false);
    expect(() => wireguardPublicKey('preview-private-key')).toThrow('not a WireGuard private key (32 bytes, base64)');
  });

  it('wg0.conf lists peers in name order, with an endpoint only when known', () => {
    const conf = renderWireguardConfig('PRIV', '10.0.0.1/32', [
      { name: 'b', publicKey: 'PB', endpoint: '', allowedIps: ['10.2.0.0/16'] },
      { name: 'a', publicKey: 'PA', endpoint: '198.51.100.1:51820', allowedIps: ['10.1.0.0/16', '10.3.0.0/17'] },
    ]);
    expect(conf).toBe(
      [
        '[Interface]',
        'Address = 10.0.0.1/32',
        'ListenPort = 51820',
        'PrivateKey = PRIV',
        '',
        '# a',
        '[Peer]',
        'PublicKey = PA',
        'AllowedIPs = 10.1.0.0/16, 10.3.0.0/17',
        'Endpoint = 198.51.100.1:51820',
        'PersistentKeepalive = 25',
        '',
        '# b',
        '[Peer]',
        'PublicKey = PB',
        'AllowedIPs = 10.2.0.0/16',
        'PersistentKeepalive = 25',
        '',
      ].join('\n'),
    );
  });
});
