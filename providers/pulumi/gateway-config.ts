/**
 * The WireGuard user data of a gateway as a Pulumi Output: this cluster's private key (a secret) and each
 * peer's public key, endpoint and ranges, read from the peers' stacks. Stays secret end to end.
 */
import * as pulumi from '@pulumi/pulumi';
import { addressAt } from '../../src/atlas/ipv4.js';
import type { PeerOutputs } from './peer-ref.js';
import type { PeerArgs } from './types.js';
import { WIREGUARD_PORT } from './types.js';
import { renderGatewayUserData, renderWireguardConfig } from './wireguard.js';

/** The user data of the gateway of a cluster whose network is `networkCidr`. */
export function gatewayUserData(
  networkCidr: string,
  privateKey: pulumi.Input<string>,
  peers: readonly { readonly args: PeerArgs; readonly outputs: PeerOutputs }[],
): pulumi.Output<string> {
  // Peers without a public key yet (an on-prem site that has not published its end) are left out.
  // The tunnel address is the network's last usable address, which no subnet layout hands out.
  const address = `${addressAt(networkCidr, 65534)}/32`;
  const resolved = peers.map((p) =>
    pulumi.all([p.outputs.gatewayPublicKey, p.outputs.gatewayIp]).apply(([publicKey, ip]) => ({
      name: p.args.name,
      publicKey,
      endpoint: ip === '' ? '' : ip.includes(':') ? ip : `${ip}:${WIREGUARD_PORT}`,
      allowedIps: p.args.cidrs,
    })),
  );
  return pulumi.secret(
    pulumi.all([pulumi.output(privateKey), pulumi.all(resolved)]).apply(([key, list]) =>
      renderGatewayUserData(
        renderWireguardConfig(
          key,
          address,
          list.filter((p) => p.publicKey !== ''),
        ),
      ),
    ),
  );
}
