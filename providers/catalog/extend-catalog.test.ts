/**
 * extendCatalog: on-prem sites with offerings, coordinates, egress tiers and measured latencies join the
 * bundled catalog; a registered cloud region overrides the bundled one; invalid input lists every issue.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Offering, SiteInfo } from '../../src/catalog/types.js';
import { CatalogInputError, extendCatalog } from './extend-catalog.js';
import type { InMemoryCatalog } from './in-memory-catalog.js';
import { loadBundledCatalog } from './load-catalog.js';

let base: InMemoryCatalog;
let extended: InMemoryCatalog;

const toronto: SiteInfo = {
  key: 'baremetal/toronto',
  platform: 'baremetal',
  region: 'toronto',
  continent: 'north-america',
  country: 'CA',
  lat: 43.6596,
  lon: -79.3977,
  kind: 'onprem',
  clusterFeeUsdHr: 0,
  source: 'registered:ProviderProfile/savi-toronto',
  zones: [{ name: 'default', type: 'edge', isDefault: true }],
};
const scinet: SiteInfo = {
  key: 'openstack/scinet',
  platform: 'openstack',
  region: 'scinet',
  kind: 'onprem',
  clusterFeeUsdHr: 0.05,
  source: 'registered:ProviderProfile/scinet',
  zones: [{ name: 'default', type: 'nte', isDefault: true }],
};
const offering = (site: SiteInfo, name: string, vcpus: number, ramGiB: number, priceUsdHr: number): Offering => ({
  platform: site.platform,
  region: site.region,
  name,
  nameLabel: `${vcpus}vCPU-${ramGiB}GB`,
  vcpus,
  ramGiB,
  gpuCount: 0,
  priceUsdHr,
  source: site.source,
});

beforeAll(() => {
  base = loadBundledCatalog({ from: 'data' });
  extended = extendCatalog(
    base,
    [toronto, scinet],
    [offering(toronto, 'm1.small', 1, 2, 0.02), offering(toronto, 'm1.large', 4, 8, 0.08), offering(scinet, 'c1', 2, 4, 0.03)],
    new Map([
      [
        'baremetal/toronto',
        [
          { fromGB: 0, usdPerGB: 0 },
          { fromGB: 1000, usdPerGB: 0.01 },
        ],
      ],
    ]),
    [{ src: 'baremetal/toronto', dst: 'aws/ca-central-1', rttMs: 7, source: 'registered:ProviderProfile/savi-toronto' }],
  );
});

describe('extendCatalog', () => {
  it('adds on-prem sites in the stable order with their offerings', () => {
    expect(extended.sites()).toHaveLength(base.sites().length + 2);
    const keys = extended.sites().map((s) => s.key);
    expect(keys).toEqual([...keys].sort());
    expect(extended.offerings('baremetal', 'toronto').map((o) => o.name)).toEqual(['m1.large', 'm1.small']);
    expect(extended.site('openstack', 'scinet')?.clusterFeeUsdHr).toBe(0.05);
    // the base is unchanged
    expect(base.site('baremetal', 'toronto')).toBeUndefined();
  });

  it('uses registered latencies both ways and estimates the rest from coordinates', () => {
    expect(extended.latency('baremetal', 'toronto', 'aws', 'ca-central-1')).toMatchObject({ rttMs: 7, estimated: false });
    expect(extended.latency('aws', 'ca-central-1', 'baremetal', 'toronto')).toMatchObject({ rttMs: 7, estimated: false });
    const q = extended.latency('baremetal', 'toronto', 'aws', 'us-east-1');
    expect(q?.estimated).toBe(true);
    // Toronto - northern Virginia is about 700 km: 0.015 ms/km + 5 ms
    expect(q?.rttMs).toBeGreaterThan(10);
    expect(q?.rttMs).toBeLessThan(20);
    // scinet has no coordinates and no measurement: no figure, the caller reports it
    expect(extended.latency('openstack', 'scinet', 'aws', 'us-east-1')).toBeUndefined();
    expect(extended.latency('openstack', 'scinet', 'openstack', 'scinet')?.rttMs).toBe(1);
  });

  it('prices egress into and out of on-prem sites', () => {
    const aws = { platform: 'aws', region: 'us-east-1', zone: 'use1-az1' };
    const tor = { platform: 'baremetal', region: 'toronto', zone: 'default' };
    const sci = { platform: 'openstack', region: 'scinet', zone: 'default' };
    // into on-prem: the cloud's internet egress (AWS us-east-1 first tier 0.09)
    expect(extended.egress(aws, tor, 100)).toMatchObject({ costUsd: 9, rule: 'internet-tier' });
    // out of toronto: its own tiers, first 1000 GB free
    expect(extended.egress(tor, aws, 1500)).toMatchObject({ costUsd: 5, rule: 'onprem-tier', source: toronto.source });
    // out of scinet: no tiers registered, free
    expect(extended.egress(sci, tor, 1500)).toMatchObject({ costUsd: 0, rule: 'onprem-tier', source: 'rule-onprem-free' });
  });

  it('describes the sources it was not given', () => {
    expect(extended.provenanceOf(toronto.source)).toMatchObject({ id: toronto.source, date: 'unknown' });
  });

  it('overrides the zones, fee and offerings of a bundled region', () => {
    const site = base.site('aws', 'us-east-1')!;
    const zones = ['us-east-1a', 'us-east-1b'].map((name, i) => ({ name, type: 'cloud' as const, isDefault: i === 0 }));
    const custom: Offering = { ...base.offerings('aws', 'us-east-1').find((o) => o.name === 'm5.xlarge')!, priceUsdHr: 0.15, source: 'registered:x' };
    const over = extendCatalog(base, [{ ...site, zones, clusterFeeUsdHr: 0, quotas: { vcpus: 64 }, source: 'registered:x' }], [custom]);
    const s = over.site('aws', 'us-east-1');
    expect(s).toMatchObject({ kind: 'cloud', clusterFeeUsdHr: 0, quotas: { vcpus: 64 }, country: 'US' });
    expect(s?.zones.map((z) => z.name)).toEqual(['us-east-1a', 'us-east-1b']);
    const list = over.offerings('aws', 'us-east-1');
    expect(list).toHaveLength(base.offerings('aws', 'us-east-1').length);
    expect(list.find((o) => o.name === 'm5.xlarge')?.priceUsdHr).toBe(0.15);
    expect(over.sites()).toHaveLength(base.sites().length);
  });

  it("keeps every other site's offerings as the base has them, without materializing them when it extends", () => {
    const fresh = loadBundledCatalog();
    const asked: number[] = [];
    const set = fresh.data.offerings;
    const ofSite = set.ofSite.bind(set);
    (set as { ofSite: (i: number) => readonly Offering[] }).ofSite = (i) => (asked.push(i), ofSite(i));
    const over = extendCatalog(fresh, [toronto], [offering(toronto, 'm1.small', 1, 2, 0.02)]);
    expect(asked).toEqual([]);
    for (const site of fresh.sites()) expect(over.offerings(site.platform, site.region)).toEqual(fresh.offerings(site.platform, site.region));
    expect(over.offerings('baremetal', 'toronto').map((o) => o.name)).toEqual(['m1.small']);
    expect(over.data.offerings.size).toBe(fresh.data.offerings.size + 1);
  });

  it('lists every problem of invalid input', () => {
    const bad: SiteInfo = { ...scinet, key: 'openstack/wrong', zones: [] };
    try {
      extendCatalog(base, [bad], [{ ...offering(toronto, 'x', 1, 1, 1), zones: ['nope'] }]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CatalogInputError);
      expect((err as CatalogInputError).issues.map((i) => i.code)).toEqual(['site-key', 'zones', 'unknown-site']);
    }
  });
});
