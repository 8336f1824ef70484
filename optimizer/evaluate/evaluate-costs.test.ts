import { describe, expect, it } from 'vitest';
import { GATEWAY_FLAVORS } from '../../src/catalog/gateway.js';
import type { Catalog, Offering } from '../../src/catalog/types.js';
import { evaluatePlan } from './evaluate.js';
import { dataflowPolicy, deploymentPolicy, fakeCatalog, item, place } from './fixtures.js';
import { selectorMatches } from './locations.js';
import { sizeFlavor, flavorRules } from './sizing.js';

const HORIZON = 100;

/**
 * api: two placements (aws us-east-1a m5.xlarge x1, gcp us-central1-a n2-standard-2 x3), db: spot m5.large in
 * us-east-1b, ingest: baremetal lab. Edges: api -> db (50 GB, 30ms), ingest -> api (0.001 GB/s, 10ms),
 * db -> ingest (no volume, no bound).
 */
const deployment = deploymentPolicy(
  [
    item('api', {
      locationConstraint: { permitted: [{ platform: 'AWS', regionAlias: 'us-east' }, { platform: 'gcp' }] },
      virtualServiceConstraint: [{ anyOf: [{ name: '2vCPU-8GB' }, { name: '4vCPU-16GB' }] }],
      resources: { cpu: '1', memory: '3Gi' },
      replicas: 3,
      spread: { minProviders: 2, minRegions: 2 },
    }),
    item('db', { spot: true, residency: { countries: ['US'], continents: ['north-america'] }, maxLocations: 1 }),
    item('ingest', { locationConstraint: { required: [{ anyOf: [{ type: 'edge' }] }] } }),
  ],
  { budget: '89.30' },
);
const dataflow = dataflowPolicy([
  ['api', 'db', { totalDataTransfer: '50GB', latency: '30ms' }],
  ['ingest', 'api', { averageDataRate: '0.001GB/s', totalDataTransfer: '1GB', latency: '10ms' }],
  ['db', 'ingest'],
]);
const placements = [
  place('api', 'aws/us-east-1/us-east-1a', 'm5.xlarge', 1),
  place('api', 'gcp/us-central1/us-central1-a', 'n2-standard-2', 3),
  place('db', 'aws/us-east-1/us-east-1b', 'm5.large', 1, { spot: true }),
  place('ingest', 'baremetal/lab/lab-edge', 'small', 1),
];

/** The fake catalog plus the gateway flavors of src/catalog/gateway.ts in the given sites, at the given prices. */
function withGateways(prices: Record<string, number>): Catalog {
  return {
    ...fakeCatalog,
    offerings: (platform, region) => {
      const usd = prices[`${platform}/${region}`];
      const flavor = (GATEWAY_FLAVORS as Record<string, string>)[platform];
      const extra: Offering[] =
        usd === undefined || flavor === undefined
          ? []
          : [{ platform, region, name: flavor, nameLabel: '2vCPU-2GB', vcpus: 2, ramGiB: 2, gpuCount: 0, priceUsdHr: usd, source: 'fake' }];
      return [...fakeCatalog.offerings(platform, region), ...extra];
    },
  };
}

describe('evaluatePlan: WireGuard gateways in the cluster fee', () => {
  const priced = withGateways({ 'aws/us-east-1': 0.02, 'aws/eu-west-1': 0.03, 'gcp/us-central1': 0.01 });

  it('charges a gateway to each cloud site at the end of a tunnel (another cloud or an on-prem site) and counts it in the budget', () => {
    const ev = evaluatePlan({ deploymentPolicy: deployment, dataflowPolicy: dataflow, placements, catalog: priced, horizonHours: HORIZON });
    // api@gcp sends to db@aws, ingest@baremetal to api@aws and api@gcp: both cloud sites are tunnel ends.
    expect(ev.clusters).toEqual([
      { site: 'aws/us-east-1', feeUsd: expect.closeTo(10 + 2, 9), gatewayUsd: expect.closeTo(2, 9), components: ['api', 'db'] },
      { site: 'baremetal/lab', feeUsd: 0, gatewayUsd: 0, components: ['ingest'] },
      { site: 'gcp/us-central1', feeUsd: expect.closeTo(5 + 1, 9), gatewayUsd: expect.closeTo(1, 9), components: ['api'] },
    ]);
    expect(ev.costs.clusterFeesUsd).toBeCloseTo(18, 9);
    expect(ev.perComponent.find((c) => c.component === 'db')?.clusterFeeShareUsd).toBeCloseTo(6, 9);
    // The budget was met exactly without gateways; the 3 USD of gateways break it.
    expect(ev.violations.map((v) => v.rule)).toEqual(['budget']);
  });

  const pair = deploymentPolicy([item('a'), item('b')]);
  const flow = dataflowPolicy([['a', 'b', { totalDataTransfer: '10GB' }]]);

  it('charges none between two regions of one cloud (peering)', () => {
    const ev = evaluatePlan({
      deploymentPolicy: pair,
      dataflowPolicy: flow,
      placements: [place('a', 'aws/us-east-1/us-east-1a', 'm5.large'), place('b', 'aws/eu-west-1/eu-west-1a', 'm5.large')],
      catalog: priced,
      horizonHours: HORIZON,
    });
    expect(ev.clusters.map((c) => c.gatewayUsd)).toEqual([0, 0]);
    expect(ev.costs.clusterFeesUsd).toBeCloseTo(20, 9);
  });

  it('charges none when the two ends share a site, or when no data dependency joins them', () => {
    const same = evaluatePlan({
      deploymentPolicy: pair,
      dataflowPolicy: flow,
      placements: [place('a', 'aws/us-east-1/us-east-1a', 'm5.large'), place('b', 'aws/us-east-1/us-east-1b', 'm5.large')],
      catalog: priced,
      horizonHours: HORIZON,
    });
    expect(same.clusters.map((c) => c.gatewayUsd)).toEqual([0]);
    const apart = evaluatePlan({
      deploymentPolicy: pair,
      dataflowPolicy: dataflowPolicy([]),
      placements: [place('a', 'aws/us-east-1/us-east-1a', 'm5.large'), place('b', 'gcp/us-central1/us-central1-a', 'n2-standard-2')],
      catalog: priced,
      horizonHours: HORIZON,
    });
    expect(apart.clusters.map((c) => c.gatewayUsd)).toEqual([0, 0]);
  });

  it('charges a gateway to a cloud linked to an on-prem site even in VirtualMachine mode, which pays no control plane', () => {
    const vm = deploymentPolicy([item('a'), item('b')]);
    const ev = evaluatePlan({
      deploymentPolicy: { ...vm, spec: { ...vm.spec, executionEnvironment: 'VirtualMachine' } },
      dataflowPolicy: flow,
      placements: [place('a', 'baremetal/lab/lab-edge', 'small'), place('b', 'aws/us-east-1/us-east-1a', 'm5.large')],
      catalog: priced,
      horizonHours: HORIZON,
    });
    expect(ev.clusters).toEqual([
      { site: 'aws/us-east-1', feeUsd: expect.closeTo(2, 9), gatewayUsd: expect.closeTo(2, 9), components: ['b'] },
      { site: 'baremetal/lab', feeUsd: 0, gatewayUsd: 0, components: ['a'] },
    ]);
  });
});

describe('evaluatePlan: costs of a valid plan', () => {
  const ev = evaluatePlan({ deploymentPolicy: deployment, dataflowPolicy: dataflow, placements, catalog: fakeCatalog, horizonHours: HORIZON });

  it('finds no violation (the budget is met exactly)', () => {
    expect(ev.violations).toEqual([]);
  });

  it('computes compute cost = price x nodes x horizon (spot price for spot)', () => {
    // api: 0.192*1*100 + 0.097*3*100 = 19.2 + 29.1; db: 0.03*100 = 3; ingest: 0
    expect(ev.costs.computeUsd).toBeCloseTo(51.3, 9);
    const api = ev.perComponent.find((c) => c.component === 'api');
    expect(api?.computeUsd).toBeCloseTo(48.3, 9);
    expect(ev.perComponent.find((c) => c.component === 'db')?.computeUsd).toBeCloseTo(3, 9);
  });

  it('charges one cluster fee per site and splits it over the placements there', () => {
    expect(ev.clusters).toEqual([
      // The fake catalog offers no gateway flavor: no gateway price is known, none is charged.
      { site: 'aws/us-east-1', feeUsd: expect.closeTo(10, 9), gatewayUsd: 0, components: ['api', 'db'] },
      { site: 'baremetal/lab', feeUsd: 0, gatewayUsd: 0, components: ['ingest'] },
      { site: 'gcp/us-central1', feeUsd: expect.closeTo(5, 9), gatewayUsd: 0, components: ['api'] },
    ]);
    expect(ev.costs.clusterFeesUsd).toBeCloseTo(15, 9);
    expect(ev.perComponent.find((c) => c.component === 'api')?.clusterFeeShareUsd).toBeCloseTo(5 + 5, 9);
    expect(ev.perComponent.find((c) => c.component === 'db')?.clusterFeeShareUsd).toBeCloseTo(5, 9);
    expect(ev.perComponent.find((c) => c.component === 'ingest')?.clusterFeeShareUsd).toBe(0);
  });

  it('routes every source placement to the cheapest destination within the latency bound', () => {
    expect(ev.transfers).toEqual([
      // api has two placements, each sends 50 GB to the only db placement.
      {
        edge: 0,
        from: 'api',
        to: 'db',
        fromSite: 'aws/us-east-1/us-east-1a',
        toSite: 'aws/us-east-1/us-east-1b',
        volumeGB: 50,
        usdPerGB: 0.01,
        costUsd: expect.closeTo(0.5, 9),
        rule: 'inter-zone',
        rttMs: 1,
        rttEstimated: false,
        latencyBoundMs: 30,
      },
      {
        edge: 0,
        from: 'api',
        to: 'db',
        fromSite: 'gcp/us-central1/us-central1-a',
        toSite: 'aws/us-east-1/us-east-1b',
        volumeGB: 50,
        usdPerGB: 0.09,
        costUsd: expect.closeTo(4.5, 9),
        rule: 'internet-tier',
        rttMs: 20,
        rttEstimated: false,
        latencyBoundMs: 30,
      },
      // The rate wins over totalDataTransfer: 0.001 GB/s x 100 h = 360 GB, i.e. 2628 GB a month -> 0.05/GB tier.
      // gcp would be cheaper (0.01) but its RTT is unknown, so it is out of the 10ms bound.
      {
        edge: 1,
        from: 'ingest',
        to: 'api',
        fromSite: 'baremetal/lab/lab-edge',
        toSite: 'aws/us-east-1/us-east-1a',
        volumeGB: expect.closeTo(360, 9),
        usdPerGB: 0.05,
        costUsd: expect.closeTo(18, 9),
        rule: 'onprem-tier',
        rttMs: 5,
        rttEstimated: true,
        latencyBoundMs: 10,
      },
      // No volume: a zero-cost row, still routed.
      {
        edge: 2,
        from: 'db',
        to: 'ingest',
        fromSite: 'aws/us-east-1/us-east-1b',
        toSite: 'baremetal/lab/lab-edge',
        volumeGB: 0,
        usdPerGB: 0,
        costUsd: 0,
        rule: 'internet-tier',
        rttMs: 5,
        rttEstimated: true,
      },
    ]);
    expect(ev.costs.transferUsd).toBeCloseTo(23, 9);
  });

  it('totals compute + fees + transfer', () => {
    expect(ev.costs.totalUsd).toBeCloseTo(51.3 + 15 + 23, 9);
  });

  it('uses the catalog price for costs even when the placement states another', () => {
    const wrong = placements.map((p, i) => (i === 0 ? { ...p, priceUsdHr: 1 } : p));
    const e2 = evaluatePlan({
      deploymentPolicy: deployment,
      dataflowPolicy: dataflow,
      placements: wrong,
      catalog: fakeCatalog,
      horizonHours: HORIZON,
    });
    expect(e2.costs.computeUsd).toBeCloseTo(51.3, 9);
    expect(e2.violations.map((v) => v.rule)).toEqual(['price-mismatch']);
  });
});

describe('routing ties and volume tiers', () => {
  const two = [
    place('a', 'aws/us-east-1/us-east-1a', 'm5.large'),
    place('b', 'aws/eu-west-1/eu-west-1a', 'm5.large'),
    place('b', 'gcp/us-central1/us-central1-a', 'n2-standard-2'),
    place('b', 'gcp/us-central1/us-central1-b', 'n2-standard-2'),
  ];
  const dep = deploymentPolicy([item('a'), item('b')]);
  const run = (edge: Parameters<typeof dataflowPolicy>[0], ps = two) =>
    evaluatePlan({ deploymentPolicy: dep, dataflowPolicy: dataflowPolicy(edge), placements: ps, catalog: fakeCatalog, horizonHours: 730 });

  it('prefers the cheaper destination when no bound is given, whatever the RTT', () => {
    // a -> eu-west-1: 0.02 (same platform, RTT 70); a -> gcp: 0.09 (RTT 20).
    const t = run([['a', 'b', { totalDataTransfer: '100GB' }]]).transfers;
    expect(t.map((x) => [x.toSite, x.usdPerGB, x.costUsd])).toEqual([['aws/eu-west-1/eu-west-1a', 0.02, 2]]);
  });

  it('prices at the monthly volume: 20,000 GB over 730 h reaches the 0.05 tier', () => {
    const ps = [two[0], two[2]] as typeof two;
    const t = run([['a', 'b', { totalDataTransfer: '20000GB' }]], ps).transfers;
    expect(t.map((x) => [x.usdPerGB, x.costUsd])).toEqual([[0.05, 1000]]);
  });

  it('breaks price ties by RTT, then by platform/region/zone order', () => {
    // With a 50ms bound only the two gcp zones remain: same price, same RTT -> us-central1-a first.
    const t = run([['a', 'b', { totalDataTransfer: '1GB', latency: '50ms' }]]).transfers;
    expect(t.map((x) => x.toSite)).toEqual(['gcp/us-central1/us-central1-a']);
    // From gcp both aws placements cost 0.09/GB: the lower RTT (us-east-1, 20ms, against eu-west-1, 100ms) wins.
    const tie = [
      place('a', 'gcp/us-central1/us-central1-a', 'n2-standard-2'),
      place('b', 'aws/eu-west-1/eu-west-1a', 'm5.large'),
      place('b', 'aws/us-east-1/us-east-1b', 'm5.large'),
    ];
    const t2 = run([['a', 'b', { totalDataTransfer: '1GB' }]], tie).transfers;
    expect(t2.map((x) => [x.toSite, x.rttMs])).toEqual([['aws/us-east-1/us-east-1b', 20]]);
  });
});

describe('location selectors and sizing', () => {
  const site = fakeCatalog.site('aws', 'us-east-1');
  const zone = site?.zones[1];
  it('matches name as platform/region, platform-region or region, case-insensitively', () => {
    if (site === undefined || zone === undefined) throw new Error('fixture');
    for (const name of ['aws/us-east-1', 'AWS-us-east-1', 'us-east-1']) expect(selectorMatches({ name }, site, zone)).toBe(true);
    expect(selectorMatches({ name: 'us-east' }, site, zone)).toBe(false);
    expect(selectorMatches({ zone: 'US-EAST-1B', type: 'cloud', regionAlias: 'us-east' }, site, zone)).toBe(true);
    expect(selectorMatches({ zone: 'us-east-1a' }, site, zone)).toBe(false);
    expect(selectorMatches({}, site, zone)).toBe(true);
  });

  it('needs max(profile nodes, ceil(replicas / replicas per node)) nodes', () => {
    const flavor = { nameLabel: '4vCPU-16GB', vcpus: 4, ramGiB: 16, gpuCount: 0 };
    // cpu: floor(3.9 / 0.5) = 7; memory: floor(14.4 / 2) = 7 -> 7 per node; 15 replicas -> 3 nodes.
    const r = flavorRules(item('x', { resources: { cpu: '500m', memory: '2Gi' }, replicas: 15 }));
    expect(sizeFlavor(r, 'f', flavor)).toEqual({ ok: true, neededNodes: 3, replicasPerNode: 7 });
    // profile: group 0 satisfied by 4vCPU-*GB* (count 5) and by a spec (count 2) -> min 2 (the unmet 8vCPU-32GB, count 1, does not count); group 1 -> 1; max = 2.
    const p = flavorRules(
      item('x', {
        virtualServiceConstraint: [
          { anyOf: [{ name: '4vCPU-*GB*', count: 5 }, { kind: 'ComputeProfile', spec: 'cpu: 2\nram: 8Gi', count: '2' }, { name: '8vCPU-32GB' }] },
          { anyOf: [{ name: 'ManagedKubernetes' }] },
        ],
      }),
    );
    expect(sizeFlavor(p, 'f', flavor)).toEqual({ ok: true, neededNodes: 2, replicasPerNode: Infinity });
    expect(sizeFlavor(flavorRules(item('x')), 'f', flavor)).toEqual({ ok: true, neededNodes: 1, replicasPerNode: Infinity });
  });
});
