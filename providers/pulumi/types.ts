/**
 * What every stack program receives and returns. A stack is one Atlas cluster (one application, provider
 * and region); its Pulumi program is built only from these Args, never from env or stack config read
 * inside a component.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { AtlasCluster, Link } from '../../src/api/atlas.js';

/** The other end of a link, as this stack sees it. */
export interface PeerArgs {
  /** Peer cluster name. */
  readonly name: string;
  readonly platform: string;
  readonly region: string;
  readonly transport: Link['transport'];
  /** CIDRs reachable through the link (the peer's network, pods and services ranges). */
  readonly cidrs: readonly string[];
  /** Fully qualified stack name of the peer (`organization/<project>/<stack>`); absent for on-prem peers. */
  readonly stackRef?: string;
  /** True on the side that creates a peering request (the lower cluster name). */
  readonly initiator: boolean;
  /** On-prem WireGuard peer: endpoint `host:port` and public key supplied by the site. */
  readonly external?: { readonly endpoint: pulumi.Input<string>; readonly publicKey: pulumi.Input<string> };
}

/** Everything a stack program needs. Secret values arrive as pulumi secrets, never as plain strings. */
export interface StackArgs {
  readonly application: string;
  readonly executionEnvironment: 'Kubernetes' | 'VirtualMachine';
  readonly cluster: AtlasCluster;
  readonly peers: readonly PeerArgs[];
  /** GCP project id (from the ProviderProfile's credentials Secret). */
  readonly gcpProject?: pulumi.Input<string>;
  /** WireGuard private key of this cluster's gateway (a pulumi secret). */
  readonly wireguardPrivateKey?: pulumi.Input<string>;
  /** Public SSH key for Azure VMs (Azure requires one). */
  readonly sshPublicKey?: pulumi.Input<string>;
}

/** Stack outputs. `kubeconfig` is a pulumi secret; the controller writes it to a Secret, never to status. */
export interface StackOutputs {
  readonly endpoint?: pulumi.Output<string>;
  readonly caCertificate?: pulumi.Output<string>;
  readonly kubeconfig?: pulumi.Output<string>;
  /** Network id peers reference (VPC id, network self link, VNet id). */
  readonly networkId?: pulumi.Output<string>;
  readonly gatewayIp?: pulumi.Output<string>;
  readonly gatewayPublicKey?: pulumi.Output<string>;
  /** AWS: peering connection ids this stack requested, by peer cluster name. */
  readonly peeringIds?: pulumi.Output<Record<string, string>>;
}

/** WireGuard's UDP port on every gateway. */
export const WIREGUARD_PORT = 51820;
