/**
 * Pure cloud-init for a WireGuard gateway instance: installs wireguard-tools, writes wg0.conf with this
 * gateway's private key and one [Peer] per linked cluster, enables IP forwarding and starts wg-quick.
 * The private key arrives through Pulumi as a secret, so the user data it is part of stays a secret output.
 * @see https://www.wireguard.com/quickstart/ and wg-quick(8)
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { WIREGUARD_PORT } from './types.js';

/** PKCS#8 DER prefix of a raw 32-byte X25519 private key (RFC 8410). */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** Whether `key` is a WireGuard key: 32 bytes, base64. */
export function isWireguardKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(key) && Buffer.from(key, 'base64').length === 32;
}

/**
 * The public key of a WireGuard private key (both base64 X25519 keys, as `wg pubkey` prints them).
 * Throws on a value that is not a WireGuard key.
 */
export function wireguardPublicKey(privateKey: string): string {
  if (!isWireguardKey(privateKey)) throw new Error('not a WireGuard private key (32 bytes, base64)');
  const der = Buffer.concat([X25519_PKCS8_PREFIX, Buffer.from(privateKey, 'base64')]);
  const jwk = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url').toString('base64');
}

/** A new WireGuard key pair (base64), as `wg genkey | tee priv | wg pubkey` makes one. */
export function generateWireguardKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey } = generateKeyPairSync('x25519');
  const d = privateKey.export({ format: 'jwk' }).d ?? '';
  const raw = Buffer.from(d, 'base64url').toString('base64');
  return { privateKey: raw, publicKey: wireguardPublicKey(raw) };
}

/** One peer of the gateway. */
export interface WireguardPeer {
  readonly name: string;
  readonly publicKey: string;
  /** `host:port`, or empty when the peer is not known yet (its stack has not run): it then dials us. */
  readonly endpoint: string;
  readonly allowedIps: readonly string[];
}

/** The wg0.conf text. `address` is the tunnel address of this gateway, e.g. 10.0.0.1/32 of its network. */
export function renderWireguardConfig(privateKey: string, address: string, peers: readonly WireguardPeer[]): string {
  const lines = ['[Interface]', `Address = ${address}`, `ListenPort = ${WIREGUARD_PORT}`, `PrivateKey = ${privateKey}`];
  for (const p of [...peers].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push('', `# ${p.name}`, '[Peer]', `PublicKey = ${p.publicKey}`, `AllowedIPs = ${p.allowedIps.join(', ')}`);
    if (p.endpoint !== '') lines.push(`Endpoint = ${p.endpoint}`);
    lines.push('PersistentKeepalive = 25');
  }
  return `${lines.join('\n')}\n`;
}

/** cloud-config user data that sets the gateway up from `config` (the wg0.conf text). */
export function renderGatewayUserData(config: string): string {
  const indented = config
    .split('\n')
    .map((l) => (l === '' ? '' : `      ${l}`))
    .join('\n');
  return [
    '#cloud-config',
    'packages: [wireguard-tools]',
    'write_files:',
    '  - path: /etc/wireguard/wg0.conf',
    "    permissions: '0600'",
    '    content: |',
    indented.trimEnd(),
    '  - path: /etc/sysctl.d/99-skycluster-forward.conf',
    "    content: 'net.ipv4.ip_forward = 1'",
    'runcmd:',
    '  - [sysctl, --system]',
    '  - [systemctl, enable, --now, wg-quick@wg0]',
    '',
  ].join('\n');
}
