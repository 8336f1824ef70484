/** renderAtlases: CIDRs, links, pools and every rejection path with its message. */
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../catalog/types.js';
import { allocateCidrs } from './cidr-allocator.js';
import { fixturePlan } from './fixtures.js';
import { isCidrError, overlaps, parseCidr } from './ipv4.js';
import { renderAtlases } from './render-atlas.js';

const FLAVORS = new Set([
  'm5.large',
  'g4dn.xlarge',
  't3.small',
  'n2-standard-4',
  'g2-standard-4',
  'e2-small',
  'Standard_D4s_v5',
  'Standard_B2als_v2',
]);
const catalog: Pick<Catalog, 'offerings'> = {
  offerings: (platform, region) =>
    [...FLAVORS].map((name) => ({ platform, region, name, nameLabel: 'x', vcpus: 2, ramGiB: 8, gpuCount: 0, priceUsdHr: 0.1, source: 'test' })),
};
const PLATFORMS = [
  ['aws', 'us-east-1', 'use1-az1', 'use1-az2'],
  ['gcp', 'us-central1', 'us-central1-a', 'us-central1-b'],
  ['azure', 'eastus', '1', '2'],
] as const;

function twelveClusters(app: string) {
  const regions = ['r1', 'r2', 'r3', 'r4'];
  return fixturePlan(
    app,
    regions.flatMap((r) => PLATFORMS.map(([p]) => ({ component: `c-${p}-${r}`, platform: p, region: r, zone: 'default', flavor: 'm5.large' }))),
  );
}

describe('allocateCidrs', () => {
  it('gives twelve clusters over three applications non-overlapping ranges that survive a re-plan', () => {
    const plans = ['a', 'b', 'c'].map((a) =>
      fixturePlan(
        a,
        [0, 1, 2, 3].map((i) => ({ component: `x${i}`, platform: 'aws', region: `r${i}`, zone: 'default', flavor: 'm5.large' })),
      ),
    );
    const first = renderAtlases(plans, { catalog });
    expect(first.issues).toEqual([]);
    const ranges = first.atlases.flatMap((a) => a.spec.clusters.flatMap((c) => [c.network!.cidr, c.network!.podsCidr, c.network!.servicesCidr]));
    expect(ranges).toHaveLength(36);
    const parsed = ranges.map((r) => parseCidr(r)).map((c) => (isCidrError(c) ? undefined : c)!);
    for (let i = 0; i < parsed.length; i++)
      for (let j = i + 1; j < parsed.length; j++) expect(overlaps(parsed[i]!, parsed[j]!), `${ranges[i]} vs ${ranges[j]}`).toBe(false);
    const previous = Object.fromEntries(
      first.atlases.flatMap((a) =>
        a.spec.clusters.map((c) => [c.name, { network: c.network!.cidr, pods: c.network!.podsCidr, services: c.network!.servicesCidr }]),
      ),
    );
    // Re-plan: application b drops a cluster and a new application arrives; every staying cluster keeps its blocks.
    const b = fixturePlan(
      'b',
      [0, 1, 2].map((i) => ({ component: `x${i}`, platform: 'aws', region: `r${i}`, zone: 'default', flavor: 'm5.large' })),
    );
    const again = renderAtlases(
      [plans[0]!, b, plans[2]!, fixturePlan('d', [{ component: 'y', platform: 'gcp', region: 'r9', zone: 'default', flavor: 'n2-standard-4' }])],
      { catalog, previous },
    );
    expect(again.issues).toEqual([]);
    for (const c of again.atlases.flatMap((a) => a.spec.clusters)) {
      const before = previous[c.name];
      if (before) expect(c.network!.cidr).toBe(before.network);
      else expect(Object.values(previous).some((p) => p.network === c.network!.cidr)).toBe(false);
    }
  });

  it('rejects overlapping user-given CIDRs, naming the object and field, and allocates nothing', () => {
    const r = allocateCidrs({
      clusters: ['x', 'y'],
      user: [
        { cluster: 'x', network: '10.9.0.0/16', object: 'cidrs.yaml', path: 'x' },
        { cluster: 'y', network: '10.9.128.0/17', object: 'cidrs.yaml', path: 'y' },
      ],
    });
    expect(r.allocation).toEqual({});
    expect(r.issues).toEqual([
      { severity: 'error', object: 'cidrs.yaml', path: 'y.network', message: '10.9.128.0/17 overlaps 10.9.0.0/16, the network range of cluster x' },
    ]);
  });

  it('rejects a CIDR with host bits', () => {
    const r = allocateCidrs({ clusters: ['x'], user: [{ cluster: 'x', pods: '10.1.2.3/16', object: 'f', path: 'x' }] });
    expect(r.issues[0]?.message).toBe('10.1.2.3/16 has host bits set; the block starting there is 10.1.0.0/16');
  });
});

describe('renderAtlases', () => {
  it.each(PLATFORMS)('%s: two flavors (one spot) across two zones → one pool per placement with labels', (platform, region, z1, z2) => {
    const plan = fixturePlan('shop', [
      {
        component: 'web',
        platform,
        region,
        zone: z1,
        flavor: platform === 'aws' ? 'm5.large' : platform === 'gcp' ? 'n2-standard-4' : 'Standard_D4s_v5',
        nodes: 2,
      },
      {
        component: 'batch',
        platform,
        region,
        zone: z2,
        flavor: platform === 'gcp' ? 'g2-standard-4' : 'g4dn.xlarge',
        spot: true,
        gpuModel: platform === 'gcp' ? 'L4' : 'T4',
        gpusPerNode: 1,
      },
    ]);
    if (platform === 'azure') plan.spec.placements[1] = { ...plan.spec.placements[1]!, flavor: 'Standard_D4s_v5' };
    const r = renderAtlases([plan], { catalog });
    expect(r.issues).toEqual([]);
    const c = r.atlases[0]!.spec.clusters[0]!;
    expect(c.nodePools.map((p) => [p.component, p.zone, p.spot, p.nodes])).toEqual([
      ['batch', z2, true, 1],
      ['web', z1, false, 2],
    ]);
    for (const p of c.nodePools) expect(p.labels).toMatchObject({ 'skycluster.io/component': p.component, 'skycluster.io/pool': p.name });
    if (platform === 'azure') for (const p of c.nodePools) expect(p.name).toMatch(/^[a-z][a-z0-9]{0,11}$/);
    if (platform === 'gcp') expect(c.nodePools[0]!.gpu).toEqual({ model: 'L4', count: 1, acceleratorType: 'nvidia-l4' });
    if (platform === 'aws')
      expect(c.network!.subnets.map((s) => `${s.role}:${s.zone}:${s.cidr}`)).toEqual([
        `public:${z1}:10.0.0.0/20`,
        `private:${z1}:10.0.16.0/20`,
        `public:${z2}:10.0.32.0/20`,
        `private:${z2}:10.0.48.0/20`,
      ]);
  });

  it('links exactly the clusters whose components exchange data', () => {
    const plan = fixturePlan(
      'app',
      [
        { component: 'a', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor: 'm5.large' },
        { component: 'b', platform: 'aws', region: 'us-west-2', zone: 'default', flavor: 'm5.large' },
        { component: 'c', platform: 'gcp', region: 'us-central1', zone: 'us-central1-a', flavor: 'n2-standard-4' },
        { component: 'd', platform: 'azure', region: 'eastus', zone: '1', flavor: 'Standard_D4s_v5' },
        { component: 'e', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor: 'm5.large' },
      ],
      [
        ['a', 'b'],
        ['a', 'c'],
        ['a', 'e'],
      ],
    );
    const atlas = renderAtlases([plan], { catalog }).atlases[0]!;
    const name = (p: string, r: string) => plan.spec.clusters.find((c) => c.platform === p && c.region === r)!.name;
    expect(atlas.spec.links.map((l) => [l.from, l.to, l.transport].join(' ')).sort()).toEqual(
      [
        [name('aws', 'us-east-1'), name('aws', 'us-west-2'), 'peering']
          .sort((x, y) => (x === 'peering' ? 1 : y === 'peering' ? -1 : x.localeCompare(y)))
          .join(' '),
        [name('aws', 'us-east-1'), name('gcp', 'us-central1'), 'wireguard'].join(' '),
      ].sort(),
    );
    // d exchanges nothing: no link and no gateway.
    expect(atlas.spec.clusters.find((c) => c.platform === 'azure')!.gateway).toBeUndefined();
    expect(atlas.spec.clusters.find((c) => c.platform === 'gcp')!.gateway?.flavor).toBe('e2-small');
  });

  it.each([
    // a platform without a program
    [
      { platform: 'oracle', flavor: 'm5.large' },
      'spec.placements[0].platform',
      'no Pulumi program for cloud platform "oracle" (Atlas provisions aws, gcp, azure; an existing cluster is registered as an on-prem site)',
    ],
    // a flavor the cloud does not offer
    [{ platform: 'aws', flavor: 'x9.huge' }, 'spec.placements[0].flavor', 'flavor "x9.huge" is not offered by aws in r1'],
  ])('rejects bad input with nothing rendered: %o', (p, path, message) => {
    const plan = fixturePlan('bad', [{ component: 'a', region: 'r1', zone: 'default', ...p }]);
    const r = renderAtlases([plan, twelveClusters('ok')], { catalog });
    expect(r.atlases).toEqual([]);
    expect(r.issues).toContainEqual({ severity: 'error', object: 'Plan/bad-plan', path, message });
  });

  it('VirtualMachine mode: one instance per planned node, no pools', () => {
    const plan = fixturePlan(
      'vm',
      [{ component: 'a', platform: 'aws', region: 'r1', zone: 'use1-az1', flavor: 'm5.large', nodes: 3 }],
      [],
      'VirtualMachine',
    );
    const c = renderAtlases([plan], { catalog }).atlases[0]!.spec.clusters[0]!;
    expect(c.nodePools).toEqual([]);
    expect(c.instances.map((i) => i.name)).toHaveLength(3);
    expect(new Set(c.instances.map((i) => i.name)).size).toBe(3);
  });
});
