/** The stack programs under Pulumi's mocks: resources and key properties per cloud, GPUs, links, no secret leaks. */
import { describe, expect, it } from 'vitest';
import { fixturePlan } from '../../src/atlas/fixtures.js';
import { renderAtlases } from '../../src/atlas/render-atlas.js';
import { loadBundledCatalog } from '../catalog/load-catalog.js';
import { wireguardPublicKey } from './wireguard.js';
import { previewAtlas } from './mock-preview.js';

const catalog = loadBundledCatalog();
const SECRET = Buffer.from('wg-private-key-DO-NOT-LEAK-12345').toString('base64');

async function preview(plan: ReturnType<typeof fixturePlan>) {
  const r = renderAtlases([plan], { catalog });
  expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return previewAtlas(r.atlases[0]!, { wireguardPrivateKey: SECRET, gcpProject: 'p', sshPublicKey: 'ssh-ed25519 AAAA' });
}
const of = (stack: Awaited<ReturnType<typeof previewAtlas>>[number], type: string) => stack.resources.filter((r) => r.type === type);

describe('stack programs under mocks', () => {
  it('aws: VPC, subnets in both zones, IGW, NAT, EKS with roles and OIDC, one node group per placement', async () => {
    const [s] = await preview(
      fixturePlan('shop', [
        { component: 'web', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor: 'm5.large', nodes: 2 },
        {
          component: 'gpu',
          platform: 'aws',
          region: 'us-east-1',
          zone: 'use1-az2',
          flavor: 'g4dn.xlarge',
          spot: true,
          gpuModel: 'T4',
          gpusPerNode: 1,
        },
      ]),
    );
    expect(of(s!, 'aws:ec2/vpc:Vpc')[0]?.properties['cidr']).toBe('10.0.0.0/16');
    expect(of(s!, 'aws:ec2/subnet:Subnet').map((r) => r.properties['zone'])).toEqual(['use1-az1', 'use1-az1', 'use1-az2', 'use1-az2']);
    for (const t of [
      'aws:ec2/internetGateway:InternetGateway',
      'aws:ec2/natGateway:NatGateway',
      'aws:eks/cluster:Cluster',
      'aws:iam/openIdConnectProvider:OpenIdConnectProvider',
    ])
      expect(of(s!, t)).toHaveLength(1);
    expect(of(s!, 'aws:iam/role:Role')).toHaveLength(2);
    const groups = of(s!, 'aws:eks/nodeGroup:NodeGroup').map((r) => [
      r.properties['flavor'],
      r.properties['nodes'],
      r.properties['spot'] ?? 'no',
      r.properties['zone'],
    ]);
    expect(groups.sort()).toEqual([
      ['g4dn.xlarge', '1', 'yes', 'use1-az2'],
      ['m5.large', '2', 'no', 'use1-az1'],
    ]);
    expect(s!.outputs['kubeconfig']).toBe('[secret]');
  });

  it('gcp: network, subnetwork with secondary ranges, GKE, pools with spot and a GPU accelerator', async () => {
    const [s] = await preview(
      fixturePlan('ml', [
        { component: 'api', platform: 'gcp', region: 'us-central1', zone: 'us-central1-a', flavor: 'n2-standard-4' },
        {
          component: 'infer',
          platform: 'gcp',
          region: 'us-central1',
          zone: 'us-central1-b',
          flavor: 'g2-standard-4',
          spot: true,
          gpuModel: 'L4',
          gpusPerNode: 1,
        },
      ]),
    );
    expect(of(s!, 'gcp:compute/subnetwork:Subnetwork')[0]?.properties['cidr']).toBe('10.0.0.0/17,pods=10.1.0.0/17,services=10.1.128.0/20');
    expect(of(s!, 'gcp:container/cluster:Cluster')[0]?.properties['version']).toBe('REGULAR');
    const pools = of(s!, 'gcp:container/nodePool:NodePool').map((r) => [
      r.properties['flavor'],
      r.properties['zone'],
      r.properties['spot'] ?? 'no',
      r.properties['gpu'] ?? '',
    ]);
    expect(pools.sort()).toEqual([
      ['g2-standard-4', 'us-central1-b', 'yes', '1x nvidia-l4'],
      ['n2-standard-4', 'us-central1-a', 'no', ''],
    ]);
  });

  it('azure: resource group, VNet, subnets, AKS with the on-demand pool as System pool, a spot agent pool', async () => {
    const [s] = await preview(
      fixturePlan('web', [
        { component: 'api', platform: 'azure', region: 'eastus', zone: '1', flavor: 'Standard_D4s_v5', nodes: 2 },
        { component: 'batch', platform: 'azure', region: 'eastus', zone: '2', flavor: 'Standard_B2als_v2', spot: true },
      ]),
    );
    expect(of(s!, 'azure-native:resources:ResourceGroup')).toHaveLength(1);
    expect(of(s!, 'azure-native:network:VirtualNetwork')[0]?.properties['cidr']).toBe('10.0.0.0/16');
    const aks = of(s!, 'azure-native:containerservice:ManagedCluster')[0]!.properties;
    expect([aks['flavor'], aks['nodes'], aks['zone']]).toEqual(['Standard_D4s_v5', '2', '1']);
    const pools = of(s!, 'azure-native:containerservice:AgentPool');
    expect(pools.map((p) => [p.properties['flavor'], p.properties['spot'], p.properties['zone']])).toEqual([['Standard_B2als_v2', 'yes', '2']]);
    expect(pools[0]!.properties['name']).toMatch(/^[a-z][a-z0-9]{0,11}$/);
  });

  it('links: peering inside a cloud, WireGuard gateways across clouds, none elsewhere; no secret value in any output', async () => {
    const stacks = await preview(
      fixturePlan(
        'x',
        [
          { component: 'a', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor: 'm5.large' },
          { component: 'b', platform: 'aws', region: 'us-west-2', zone: 'usw2-az1', flavor: 'm5.large' },
          { component: 'c', platform: 'gcp', region: 'us-central1', zone: 'us-central1-a', flavor: 'n2-standard-4' },
          { component: 'd', platform: 'azure', region: 'eastus', zone: '1', flavor: 'Standard_D4s_v5' },
        ],
        [
          ['a', 'b'],
          ['b', 'c'],
        ],
      ),
    );
    const by = (p: string, r: string) => stacks.find((s) => s.platform === p && s.region === r)!;
    expect(of(by('aws', 'us-east-1'), 'aws:ec2/vpcPeeringConnection:VpcPeeringConnection')).toHaveLength(1);
    expect(of(by('aws', 'us-west-2'), 'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter')).toHaveLength(1);
    expect(by('aws', 'us-east-1').resources.some((r) => r.type === 'skycluster:aws:WireguardGateway')).toBe(false);
    expect(by('aws', 'us-west-2').resources.some((r) => r.type === 'skycluster:aws:WireguardGateway')).toBe(true);
    expect(by('gcp', 'us-central1').resources.some((r) => r.type === 'skycluster:gcp:WireguardGateway')).toBe(true);
    const azure = by('azure', 'eastus').resources.map((r) => r.type);
    expect(azure.some((t) => /Peering|Wireguard|StackReference/.test(t))).toBe(false);
    // Each gateway publishes the public half of its key for its peers (derived from the private key).
    expect(by('aws', 'us-west-2').outputs['gatewayPublicKey']).toBe(wireguardPublicKey(SECRET));
    expect(by('gcp', 'us-central1').outputs['gatewayPublicKey']).toBe(wireguardPublicKey(SECRET));
    expect(by('aws', 'us-east-1').outputs['gatewayPublicKey']).toBeUndefined();
    expect(JSON.stringify(stacks)).not.toContain(SECRET);
  });
});
