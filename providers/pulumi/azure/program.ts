/** The Azure stack program: resource group and network, AKS cluster and agent pools (or VMs), peering and gateway. */
import * as pulumi from '@pulumi/pulumi';
import { Provider } from '@pulumi/azure-native/provider.js';
import { GATEWAY_FLAVORS } from '../../../src/catalog/gateway.js';
import { gatewayUserData } from '../gateway-config.js';
import { wireguardPublicKey } from '../wireguard.js';
import { renderKubeconfig } from '../kubeconfig.js';
import { peerOutputs } from '../peer-ref.js';
import type { StackArgs, StackOutputs } from '../types.js';
import { AzureAgentPool } from './agent-pool.js';
import { aksSystemPool, AzureAksCluster } from './cluster.js';
import { AzurePeering, AzureWireguardGateway } from './connectivity.js';
import { AzureInstance } from './instance.js';
import { AKS_AAD_SERVER_ID } from './naming.js';
import { AzureNetwork } from './network.js';

/** Builds every resource of one Azure stack; returns its outputs. */
export function azureProgram(args: StackArgs): StackOutputs {
  const c = args.cluster;
  const net = c.network;
  if (!net) throw new Error(`cluster ${c.name}: a cloud cluster needs a network`);
  const tags = { 'skycluster.io/app-id': args.application, 'skycluster.io/cluster': c.name };
  const provider = new Provider(c.name, { location: c.region });
  const opts = { providers: [provider] };
  const network = new AzureNetwork(c.name, { location: c.region, cidr: net.cidr, subnets: net.subnets, tags }, opts);
  const out: { -readonly [K in keyof StackOutputs]: StackOutputs[K] } = { networkId: network.vnetId };
  const needKey = (what: string) => {
    if (!args.sshPublicKey) throw new Error(`cluster ${c.name}: Azure ${what} need an SSH public key`);
    return args.sshPublicKey;
  };

  if (args.executionEnvironment === 'Kubernetes') {
    const system = aksSystemPool(c.nodePools);
    const cluster = new AzureAksCluster(
      c.name,
      {
        resourceGroupName: network.resourceGroupName,
        location: c.region,
        dnsPrefix: c.name,
        subnetId: network.nodeSubnetId,
        podsCidr: net.podsCidr,
        servicesCidr: net.servicesCidr,
        ...(system ? { systemPool: system } : {}),
        fallbackSystemFlavor: GATEWAY_FLAVORS.azure,
        ...(c.kubernetesVersion ? { kubernetesVersion: c.kubernetesVersion } : {}),
        tags,
      },
      opts,
    );
    for (const pool of c.nodePools.filter((p) => p !== system))
      new AzureAgentPool(
        `${c.name}-${pool.name}`,
        { resourceGroupName: network.resourceGroupName, clusterName: cluster.clusterName, subnetId: network.nodeSubnetId, pool },
        opts,
      );
    out.endpoint = cluster.endpoint;
    out.caCertificate = cluster.caCertificate;
    out.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.clusterName, cluster.endpoint, cluster.caCertificate])
        .apply(([n, e, ca]) => renderKubeconfig(n, e, ca, { kind: 'azure', serverId: AKS_AAD_SERVER_ID })),
    );
  } else {
    for (const vm of c.instances)
      new AzureInstance(
        `${c.name}-${vm.name}`,
        {
          resourceGroupName: network.resourceGroupName,
          location: c.region,
          zone: vm.zone,
          flavor: vm.flavor,
          spot: vm.spot,
          subnetId: network.nodeSubnetId,
          sshPublicKey: needKey('VMs'),
          tags: { ...tags, ...vm.labels },
        },
        opts,
      );
  }

  for (const peer of args.peers.filter((p) => p.transport === 'peering'))
    new AzurePeering(
      `${c.name}-to-${peer.name}`,
      { resourceGroupName: network.resourceGroupName, vnetName: network.vnetName, peerOutputs: peerOutputs(peer, provider) },
      opts,
    );
  const tunnelled = args.peers.filter((p) => p.transport === 'wireguard');
  if (c.gateway && tunnelled.length > 0) {
    if (!args.wireguardPrivateKey) throw new Error(`cluster ${c.name}: the WireGuard gateway needs its private key`);
    const peers = tunnelled.map((p) => ({ args: p, outputs: peerOutputs(p, provider) }));
    const gw = new AzureWireguardGateway(
      `${c.name}-gateway`,
      {
        resourceGroupName: network.resourceGroupName,
        location: c.region,
        zone: c.gateway.zone,
        flavor: c.gateway.flavor,
        subnetId: network.gatewaySubnetId,
        routeTableName: network.routeTableName,
        peers: tunnelled,
        sshPublicKey: needKey('gateways'),
        userData: gatewayUserData(net.cidr, args.wireguardPrivateKey, peers),
        tags,
      },
      opts,
    );
    out.gatewayIp = gw.publicIp;
    // The public half is public: peers read it through their StackReference.
    out.gatewayPublicKey = pulumi.unsecret(pulumi.output(args.wireguardPrivateKey).apply(wireguardPublicKey));
  }
  return out;
}
