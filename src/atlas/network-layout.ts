/**
 * How one cluster's network block is cut into subnets, per cloud. Pure: the Pulumi programs only create
 * what this returns, so every CIDR a user reviews in `atlas preview` was computed (and tested) here.
 *
 * AWS subnets are zonal: zone k (in planned order, at most 8) gets public /20 number 2k and private /20
 * number 2k+1 of the /16. GCP subnetworks are regional: one subnetwork over the first /17, the pod and
 * service ranges as its secondary ranges. Azure: one node subnet over the first /17 and a `gateway` subnet
 * (a /27) for the WireGuard gateway VM at the top of the /16 — not Azure's reserved `GatewaySubnet`,
 * which may hold only Azure's own VPN gateways.
 */
import { formatCidr, parseCidr, isCidrError, subBlock } from './ipv4.js';

/** What a subnet is for. */
export type SubnetRole = 'public' | 'private' | 'nodes' | 'gateway';

/** One subnet of a cluster network. */
export interface SubnetLayout {
  readonly name: string;
  readonly role: SubnetRole;
  readonly cidr: string;
  /** The zone of a zonal subnet (AWS); absent for regional ones. */
  readonly zone?: string;
}

/** Most zones one AWS network can hold in this layout (two /20 per zone in a /16). */
export const MAX_ZONES_PER_NETWORK = 8;

/**
 * The subnets of a cluster network. `zones` are the planned zones in a stable order (duplicates removed by
 * the caller); `network` is the cluster's /16 from the allocator.
 * @throws RangeError when the network is not a /16 or there are more than MAX_ZONES_PER_NETWORK zones;
 *   renderAtlas checks both before calling.
 */
export function layoutSubnets(platform: string, network: string, zones: readonly string[]): SubnetLayout[] {
  const net = parseCidr(network);
  if (isCidrError(net) || net.prefix !== 16) throw new RangeError(`layoutSubnets: expected a /16 network, got ${network}`);
  if (platform === 'aws') {
    if (zones.length > MAX_ZONES_PER_NETWORK) throw new RangeError(`layoutSubnets: ${zones.length} zones exceed ${MAX_ZONES_PER_NETWORK}`);
    return zones.flatMap((zone, k) => [
      { name: `public-${zone}`, role: 'public' as const, zone, cidr: formatCidr(subBlock(net, 20, 2 * k)) },
      { name: `private-${zone}`, role: 'private' as const, zone, cidr: formatCidr(subBlock(net, 20, 2 * k + 1)) },
    ]);
  }
  const nodes: SubnetLayout = { name: 'nodes', role: 'nodes', cidr: formatCidr(subBlock(net, 17, 0)) };
  if (platform === 'azure') return [nodes, { name: 'gateway', role: 'gateway', cidr: formatCidr(subBlock(net, 27, 2047)) }];
  return [nodes];
}
