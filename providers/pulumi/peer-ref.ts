/**
 * Reads a peer stack's outputs through a StackReference: how two stacks of one link learn each other's
 * network id, gateway address and public key. A peer that has not run yet yields undefined outputs; the
 * controller runs `up` again once every stack has outputs, so links converge in a second pass.
 */
import * as pulumi from '@pulumi/pulumi';
import type { PeerArgs } from './types.js';

/** Outputs of one peer stack, as Outputs of this stack. */
export interface PeerOutputs {
  readonly networkId: pulumi.Output<string>;
  readonly gatewayIp: pulumi.Output<string>;
  readonly gatewayPublicKey: pulumi.Output<string>;
  readonly peeringIds: pulumi.Output<Record<string, string>>;
}

/** One StackReference per peer with a stack; on-prem peers give their external endpoint instead. */
export function peerOutputs(peer: PeerArgs, parent: pulumi.Resource): PeerOutputs {
  if (!peer.stackRef) {
    const ext = peer.external;
    return {
      networkId: pulumi.output(''),
      gatewayIp: pulumi.output(ext?.endpoint ?? ''),
      gatewayPublicKey: pulumi.output(ext?.publicKey ?? ''),
      peeringIds: pulumi.output<Record<string, string>>({}),
    };
  }
  const ref = new pulumi.StackReference(`peer-${peer.name}`, { name: peer.stackRef }, { parent });
  const str = (key: string) => ref.getOutput(key).apply((v) => (typeof v === 'string' ? v : ''));
  return {
    networkId: str('networkId'),
    gatewayIp: str('gatewayIp'),
    gatewayPublicKey: str('gatewayPublicKey'),
    peeringIds: ref.getOutput('peeringIds').apply((v) => (v && typeof v === 'object' ? (v as Record<string, string>) : {})),
  };
}
