/** The AWS stack program: network, EKS cluster and node groups (or instances), peering and gateway. */
import * as pulumi from '@pulumi/pulumi';
import { Provider } from '@pulumi/aws/provider.js';
import { EKS_CLUSTER_NAME_MAX, stableName } from '../../../src/util/names.js';
import { gatewayUserData } from '../gateway-config.js';
import { wireguardPublicKey } from '../wireguard.js';
import { renderKubeconfig } from '../kubeconfig.js';
import { peerOutputs } from '../peer-ref.js';
import type { StackArgs, StackOutputs } from '../types.js';
import { AwsEksCluster } from './cluster.js';
import { AwsPeering, AwsWireguardGateway } from './connectivity.js';
import { AwsInstance } from './instance.js';
import { AwsNetwork } from './network.js';
import { AwsNodeGroup } from './node-group.js';

/** Builds every resource of one AWS stack; returns its outputs. */
export function awsProgram(args: StackArgs): StackOutputs {
  const c = args.cluster;
  const net = c.network;
  if (!net) throw new Error(`cluster ${c.name}: a cloud cluster needs a network`);
  const tags = { 'skycluster.io/app-id': args.application, 'skycluster.io/cluster': c.name };
  const provider = new Provider(c.name, { region: c.region, defaultTags: { tags } });
  const opts = { providers: [provider] };
  const network = new AwsNetwork(c.name, { cidr: net.cidr, subnets: net.subnets, tags }, opts);
  const subnetOf = (zone: string): pulumi.Output<string> => network.privateSubnetIds[zone] ?? pulumi.output('');
  const out: { -readonly [K in keyof StackOutputs]: StackOutputs[K] } = { networkId: network.vpcId };

  if (args.executionEnvironment === 'Kubernetes') {
    const eksName = stableName([c.name], EKS_CLUSTER_NAME_MAX);
    const cluster = new AwsEksCluster(
      c.name,
      {
        clusterName: eksName,
        subnetIds: [...Object.values(network.privateSubnetIds), ...Object.values(network.publicSubnetIds)],
        serviceCidr: net.servicesCidr,
        ...(c.kubernetesVersion ? { kubernetesVersion: c.kubernetesVersion } : {}),
        tags,
      },
      opts,
    );
    for (const pool of c.nodePools)
      new AwsNodeGroup(
        `${c.name}-${pool.name}`,
        { clusterName: cluster.clusterName, nodeRoleArn: cluster.nodeRoleArn, subnetId: subnetOf(pool.zone), pool, tags },
        opts,
      );
    out.endpoint = cluster.endpoint;
    out.caCertificate = cluster.caCertificate;
    out.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.endpoint, cluster.caCertificate])
        .apply(([e, ca]) => renderKubeconfig(eksName, e, ca, { kind: 'aws', clusterName: eksName, region: c.region })),
    );
  } else {
    for (const vm of c.instances)
      new AwsInstance(
        `${c.name}-${vm.name}`,
        { flavor: vm.flavor, zone: vm.zone, subnetId: subnetOf(vm.zone), spot: vm.spot, tags: { ...tags, ...vm.labels } },
        opts,
      );
  }

  const peered = args.peers.filter((p) => p.transport === 'peering');
  const requested: Record<string, pulumi.Output<string>> = {};
  for (const peer of peered) {
    const link = new AwsPeering(
      `${c.name}-to-${peer.name}`,
      { vpcId: network.vpcId, routeTableIds: network.routeTableIds, self: c.name, peer, peerOutputs: peerOutputs(peer, provider), tags },
      opts,
    );
    if (peer.initiator) requested[peer.name] = link.connectionId;
  }
  out.peeringIds = pulumi.output(requested);
  const tunnelled = args.peers.filter((p) => p.transport === 'wireguard');
  if (c.gateway && tunnelled.length > 0) {
    if (!args.wireguardPrivateKey) throw new Error(`cluster ${c.name}: the WireGuard gateway needs its private key`);
    const peers = tunnelled.map((p) => ({ args: p, outputs: peerOutputs(p, provider) }));
    const gw = new AwsWireguardGateway(
      `${c.name}-gateway`,
      {
        vpcId: network.vpcId,
        subnetId: network.publicSubnetIds[c.gateway.zone] ?? pulumi.output(''),
        routeTableIds: network.routeTableIds,
        flavor: c.gateway.flavor,
        zone: c.gateway.zone,
        peers: tunnelled,
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
