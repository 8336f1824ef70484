/** The GCP stack program: network, GKE cluster and node pools (or instances), peering and gateway. */
import * as pulumi from '@pulumi/pulumi';
import { Provider } from '@pulumi/gcp/provider.js';
import { GKE_CLUSTER_NAME_MAX, stableName } from '../../../src/util/names.js';
import { gatewayUserData } from '../gateway-config.js';
import { wireguardPublicKey } from '../wireguard.js';
import { renderKubeconfig } from '../kubeconfig.js';
import { peerOutputs } from '../peer-ref.js';
import type { StackArgs, StackOutputs } from '../types.js';
import { GcpGkeCluster } from './cluster.js';
import { GcpPeering, GcpWireguardGateway } from './connectivity.js';
import { GcpInstance } from './instance.js';
import { GcpNetwork, GKE_RANGE_NAMES } from './network.js';
import { GcpNodePool } from './node-pool.js';

/** Builds every resource of one GCP stack; returns its outputs. */
export function gcpProgram(args: StackArgs): StackOutputs {
  const c = args.cluster;
  const net = c.network;
  if (!net) throw new Error(`cluster ${c.name}: a cloud cluster needs a network`);
  const nodes = net.subnets.find((s) => s.role === 'nodes');
  if (!nodes) throw new Error(`cluster ${c.name}: a GCP network needs a nodes subnet`);
  const provider = new Provider(c.name, { region: c.region, ...(args.gcpProject ? { project: args.gcpProject } : {}) });
  const opts = { providers: [provider] };
  const project = args.gcpProject ? { project: args.gcpProject } : {};
  const network = new GcpNetwork(
    c.name,
    { ...project, region: c.region, nodesCidr: nodes.cidr, podsCidr: net.podsCidr, servicesCidr: net.servicesCidr },
    opts,
  );
  const out: { -readonly [K in keyof StackOutputs]: StackOutputs[K] } = { networkId: network.networkSelfLink };

  if (args.executionEnvironment === 'Kubernetes') {
    const gkeName = stableName([c.name], GKE_CLUSTER_NAME_MAX);
    const cluster = new GcpGkeCluster(
      c.name,
      {
        clusterName: gkeName,
        ...project,
        region: c.region,
        network: network.networkSelfLink,
        subnetwork: network.subnetworkSelfLink,
        podsRangeName: GKE_RANGE_NAMES.pods,
        servicesRangeName: GKE_RANGE_NAMES.services,
        ...(c.kubernetesVersion ? { kubernetesVersion: c.kubernetesVersion } : {}),
      },
      opts,
    );
    for (const pool of c.nodePools)
      new GcpNodePool(`${c.name}-${pool.name}`, { cluster: cluster.clusterName, ...project, region: c.region, pool }, opts);
    out.endpoint = cluster.endpoint;
    out.caCertificate = cluster.caCertificate;
    out.kubeconfig = pulumi.secret(
      pulumi.all([cluster.endpoint, cluster.caCertificate]).apply(([e, ca]) => renderKubeconfig(gkeName, e, ca, { kind: 'gcp' })),
    );
  } else {
    for (const vm of c.instances)
      new GcpInstance(
        `${c.name}-${vm.name}`,
        {
          ...project,
          region: c.region,
          zone: vm.zone,
          flavor: vm.flavor,
          spot: vm.spot,
          ...(vm.gpu ? { gpu: vm.gpu } : {}),
          subnetwork: network.subnetworkSelfLink,
          labels: vm.labels,
        },
        opts,
      );
  }

  for (const peer of args.peers.filter((p) => p.transport === 'peering'))
    new GcpPeering(`${c.name}-to-${peer.name}`, { network: network.networkSelfLink, peerOutputs: peerOutputs(peer, provider) }, opts);
  const tunnelled = args.peers.filter((p) => p.transport === 'wireguard');
  if (c.gateway && tunnelled.length > 0) {
    if (!args.wireguardPrivateKey) throw new Error(`cluster ${c.name}: the WireGuard gateway needs its private key`);
    const peers = tunnelled.map((p) => ({ args: p, outputs: peerOutputs(p, provider) }));
    const gw = new GcpWireguardGateway(
      `${c.name}-gateway`,
      {
        ...project,
        region: c.region,
        zone: c.gateway.zone,
        flavor: c.gateway.flavor,
        network: network.networkSelfLink,
        subnetwork: network.subnetworkSelfLink,
        peers: tunnelled,
        userData: gatewayUserData(net.cidr, args.wireguardPrivateKey, peers),
      },
      opts,
    );
    out.gatewayIp = gw.publicIp;
    // The public half is public: peers read it through their StackReference.
    out.gatewayPublicKey = pulumi.unsecret(pulumi.output(args.wireguardPrivateKey).apply(wireguardPublicKey));
  }
  return out;
}
