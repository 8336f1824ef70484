/**
 * Pure cloud-init for a WireGuard gateway instance: installs wireguard-tools, writes wg0.conf with this
 * gateway's private key and one [Peer] per linked cluster, enables IP forwarding and starts wg-quick.
 * The private key arrives through Pulumi as a secret, so the user data it is part of stays a secret output.
 * @see https://www.wireguard.com/quickstart/ and wg-quick(8)
 */
import { WIREGUARD_PORT } from './types.js';

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
