/**
 * The key properties of a resource for the preview list: zone, flavor, node count, spot, CIDR, GPU, pool,
 * name, version, route target and peer, picked from its inputs by field name across the three clouds'
 * schemas. Only these whitelisted fields are ever shown, so user data and keys never reach the listing.
 */
import { POOL_LABEL, ZONE_TAG } from '../../src/atlas/labels.js';

type Bag = Record<string, unknown>;
const isBag = (v: unknown): v is Bag => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (o: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((v, k) => (isBag(v) || Array.isArray(v) ? (v as Bag)[k] : undefined), o);
const text = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(',');
  return undefined;
};
const first = (...vs: unknown[]): string | undefined => {
  for (const v of vs) {
    const t = text(v);
    if (t !== undefined) return t;
  }
  return undefined;
};

function spotOf(i: Bag): string | undefined {
  const spot =
    i['capacityType'] === 'SPOT' ||
    at(i, 'nodeConfig', 'spot') === true ||
    i['scaleSetPriority'] === 'Spot' ||
    at(i, 'instanceMarketOptions', 'marketType') === 'spot' ||
    at(i, 'scheduling', 'provisioningModel') === 'SPOT' ||
    i['priority'] === 'Spot';
  return spot ? 'yes' : undefined;
}

function cidrOf(i: Bag): string | undefined {
  const secondary = at(i, 'secondaryIpRanges');
  const extra = Array.isArray(secondary) ? secondary.map((r) => `${String(at(r, 'rangeName'))}=${String(at(r, 'ipCidrRange'))}`) : [];
  const main = first(
    i['cidrBlock'],
    i['ipCidrRange'],
    i['addressPrefix'],
    at(i, 'addressSpace', 'addressPrefixes'),
    i['destinationCidrBlock'],
    i['destRange'],
    at(i, 'kubernetesNetworkConfig', 'serviceIpv4Cidr') !== undefined
      ? `services=${String(at(i, 'kubernetesNetworkConfig', 'serviceIpv4Cidr'))}`
      : undefined,
    at(i, 'networkProfile', 'podCidr') !== undefined
      ? `pods=${String(at(i, 'networkProfile', 'podCidr'))},services=${String(at(i, 'networkProfile', 'serviceCidr'))}`
      : undefined,
  );
  const all = [...(main ? [main] : []), ...extra];
  return all.length > 0 ? all.join(',') : undefined;
}

function gpuOf(i: Bag): string | undefined {
  const acc = at(i, 'nodeConfig', 'guestAccelerators') ?? at(i, 'guestAccelerators');
  if (!Array.isArray(acc) || acc.length === 0) return undefined;
  return acc.map((a) => `${String(at(a, 'count'))}x ${String(at(a, 'type'))}`).join(',');
}

/** The key properties of one resource, by its inputs; absent fields are left out. */
export function keyProperties(inputs: unknown): Record<string, string> {
  if (!isBag(inputs)) return {};
  const i = inputs;
  const pool = first(
    at(i, 'labels', POOL_LABEL),
    at(i, 'nodeConfig', 'labels', POOL_LABEL),
    at(i, 'nodeLabels', POOL_LABEL),
    at(i, 'agentPoolProfiles', 0, 'nodeLabels', POOL_LABEL),
  );
  const props: Record<string, string | undefined> = {
    name: first(i['nodeGroupName'], i['agentPoolName'], i['subnetName'], i['name']),
    region: first(i['region'], i['location']),
    zone: first(
      i['availabilityZoneId'],
      i['availabilityZone'],
      i['zone'],
      i['nodeLocations'],
      i['availabilityZones'],
      i['zones'],
      at(i, 'agentPoolProfiles', 0, 'availabilityZones'),
      at(i, 'tags', ZONE_TAG),
    ),
    flavor: first(
      i['instanceTypes'],
      i['instanceType'],
      i['machineType'],
      at(i, 'nodeConfig', 'machineType'),
      i['vmSize'],
      at(i, 'hardwareProfile', 'vmSize'),
      at(i, 'agentPoolProfiles', 0, 'vmSize'),
    ),
    nodes: first(at(i, 'scalingConfig', 'desiredSize'), i['nodeCount'], i['count'], at(i, 'agentPoolProfiles', 0, 'count')),
    spot: spotOf(i),
    gpu: gpuOf(i),
    cidr: cidrOf(i),
    pool,
    version: first(i['version'], i['kubernetesVersion'], at(i, 'releaseChannel', 'channel')),
    via: first(i['gatewayId'], i['natGatewayId'], i['networkInterfaceId'], i['vpcPeeringConnectionId'], i['nextHopInstance'], i['nextHopType']),
    peer: first(i['peerVpcId'], i['peerNetwork'], at(i, 'remoteVirtualNetwork', 'id')),
  };
  return Object.fromEntries(Object.entries(props).filter((e): e is [string, string] => e[1] !== undefined));
}
