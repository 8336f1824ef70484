/**
 * The bundled catalog against figures read by hand from providers/data (never from /work/shared): counts,
 * prices, egress rules in order, measured and estimated latencies, stable order and provenance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocationRef } from '../../src/catalog/types.js';
import { estimateRttMs, greatCircleKm } from './catalog-rules.js';
import type { InMemoryCatalog } from './in-memory-catalog.js';
import { loadBundledCatalog } from './load-catalog.js';

let catalog: InMemoryCatalog;
beforeAll(() => {
  catalog = loadBundledCatalog({ from: 'data' });
});

const at = (platform: string, region: string, zone = 'default'): LocationRef => ({ platform, region, zone });

describe('content', () => {
  it('has every region of regions.csv and every offering row', () => {
    const perCloud = new Map<string, { regions: number; offerings: number }>();
    for (const s of catalog.sites()) {
      const c = perCloud.get(s.platform) ?? { regions: 0, offerings: 0 };
      c.regions += 1;
      c.offerings += catalog.offerings(s.platform, s.region).length;
      perCloud.set(s.platform, c);
    }
    expect(Object.fromEntries(perCloud)).toEqual({
      aws: { regions: 36, offerings: 10726 },
      azure: { regions: 63, offerings: 28568 },
      gcp: { regions: 43, offerings: 15652 },
    });
  });

  it('describes a cloud site with zones, location and the managed-cluster fee', () => {
    const site = catalog.site('aws', 'us-east-1');
    expect(site).toMatchObject({ key: 'aws/us-east-1', kind: 'cloud', continent: 'north-america', country: 'US', clusterFeeUsdHr: 0.1 });
    // AWS zones are the AZ ids SkyPilot stores (account independent), not account-specific names.
    expect(site?.zones.map((z) => z.name)).toEqual(['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6']);
    expect(catalog.site('gcp', 'us-east1')?.zones.find((z) => z.isDefault)?.name).toBe('us-east1-b');
    expect(catalog.site('azure', 'eastus')?.zones).toEqual([{ name: 'default', type: 'cloud', isDefault: true }]);
  });

  it('gives every site at least one zone and exactly one default', () => {
    for (const s of catalog.sites()) {
      expect(s.zones.length, s.key).toBeGreaterThan(0);
      expect(
        s.zones.filter((z) => z.isDefault),
        s.key,
      ).toHaveLength(1);
    }
  });

  it.each([
    // Karpenter on-demand, Infracost spot
    [
      'aws',
      'us-east-1',
      'm5.xlarge',
      { priceUsdHr: 0.192, spotPriceUsdHr: 0.0817, nameLabel: '4vCPU-16GB', gpuCount: 0, source: 'karpenter-2026-07-20|spot:infracost-2024-08-09' },
    ],
    // a GPU machine from the Cyclenerd list
    [
      'gcp',
      'asia-east1',
      'a2-highgpu-1g',
      { priceUsdHr: 3.790142, spotPriceUsdHr: 0.444055, gpuModel: 'A100', gpuCount: 1, nameLabel: '12vCPU-85GB' },
    ],
    // fractional vCPU label
    ['gcp', 'us-central1', 'e2-micro', { vcpus: 0.25, ramGiB: 1, nameLabel: '0.25vCPU-1GB', priceUsdHr: 0.008376 }],
    ['azure', 'eastus', 'Standard_D4s_v5', { priceUsdHr: 0.192, spotPriceUsdHr: 0.040723, source: 'anycloud-2026-05-20' }],
  ])('offers %s/%s %s at the listed price', (platform, region, name, expected) => {
    const o = catalog.offerings(platform, region).find((x) => x.name === name);
    expect(o).toMatchObject({ platform, region, name, ...expected });
  });

  it('returns nothing for an unknown site', () => {
    expect(catalog.site('aws', 'moon-1')).toBeUndefined();
    expect(catalog.offerings('aws', 'moon-1')).toEqual([]);
  });

  it('names a provenance entry for every source used', () => {
    const ids = new Set(catalog.provenance.map((p) => p.id));
    for (const s of catalog.sites()) {
      expect(ids.has(s.source)).toBe(true);
      for (const o of catalog.offerings(s.platform, s.region)) if (!ids.has(o.source)) throw new Error(`no provenance for ${o.source}`);
    }
    for (const p of catalog.provenance) expect(p.date, p.id).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
  });

  it('lists sites and offerings in a stable order', () => {
    const keys = catalog.sites().map((s) => s.key);
    expect(keys).toEqual([...keys].sort());
    const names = catalog.offerings('aws', 'us-east-1').map((o) => o.name);
    expect(names).toEqual([...names].sort());
    const again = loadBundledCatalog({ from: 'data' });
    expect(again.sites().map((s) => s.key)).toEqual(keys);
    expect(again.offerings('aws', 'us-east-1').map((o) => o.name)).toEqual(names);
  });
});

describe('egress', () => {
  it.each([
    // one zone: free
    [at('aws', 'us-east-1', 'use1-az1'), at('aws', 'us-east-1', 'use1-az1'), 100, 0, 'same-zone', 'rule-same-zone'],
    // AWS inter-AZ 0.01 USD/GB
    [at('aws', 'us-east-1', 'use1-az1'), at('aws', 'us-east-1', 'use1-az2'), 100, 1, 'inter-zone', 'inter-zone-egress-2026-11-23'],
    // Azure inter-AZ free
    [at('azure', 'eastus', '1'), at('azure', 'eastus', '2'), 100, 0, 'inter-zone', 'inter-zone-egress-2026-11-23'],
    // Skyplane grid: gcp:us-central1-a -> aws:ap-southeast-2 0.19
    [at('gcp', 'us-central1', 'us-central1-a'), at('aws', 'ap-southeast-2'), 100, 19, 'skyplane-grid', 'skyplane-cost-grid-2022-05-10'],
    // Skyplane grid, same cloud: aws:af-south-1 -> aws:ap-east-1 0.147
    [at('aws', 'af-south-1'), at('aws', 'ap-east-1'), 1000, 147, 'skyplane-grid', 'skyplane-cost-grid-2022-05-10'],
    // eu-central-2 is not in the grid; the AWS table says 0.02
    [at('aws', 'eu-central-2'), at('aws', 'us-east-1'), 100, 2, 'cloud-inter-region', 'skyplane-aws-transfer-costs-2023-04-27'],
    // ap-southeast-4 is in neither: AWS's usual Oceania -> North America price 0.098
    [at('aws', 'ap-southeast-4'), at('aws', 'us-west-2'), 100, 9.8, 'cloud-inter-region', 'derived-continent-inter-region'],
    // cross-cloud, not in the grid: AWS us-east-1 internet tiers on 200,000 GB:
    // 10240*0.09 + 40960*0.085 + 102400*0.07 + 46400*0.05
    [at('aws', 'us-east-1'), at('azure', 'southafricanorth'), 200_000, 13_891.2, 'internet-tier', 'internet-egress-coroot-infracost-2024-08-09'],
    // GCP Premium Tier to an Australian region: 1024*0.19 + 976*0.18
    [
      at('gcp', 'us-central1', 'us-central1-a'),
      at('aws', 'ap-southeast-4'),
      2000,
      370.24,
      'internet-tier',
      'gcp-internet-egress-cyclenerd-2026-07-30',
    ],
  ])('%o -> %o, %d GB', (src, dst, gb, cost, rule, source) => {
    const q = catalog.egress(src, dst, gb);
    expect(q.costUsd).toBeCloseTo(cost, 6);
    expect(q.usdPerGB).toBeCloseTo(cost / gb, 9);
    expect(q.rule).toBe(rule);
    expect(q.source).toBe(source);
  });

  it('returns 0 USD/GB for a zero volume', () => {
    expect(catalog.egress(at('aws', 'us-east-1'), at('gcp', 'us-central1'), 0)).toMatchObject({ costUsd: 0, usdPerGB: 0 });
  });

  it('prices transfers out of unknown places without throwing', () => {
    // unknown on-prem platform: free by default
    expect(catalog.egress(at('baremetal', 'nowhere'), at('aws', 'us-east-1'), 10)).toMatchObject({ costUsd: 0, rule: 'onprem-tier' });
    // unknown region of a known cloud: the cloud's default (SkyPilot) tiers
    expect(catalog.egress(at('aws', 'moon-1'), at('aws', 'us-east-1'), 10).source).toBe('skypilot-egress-constants');
  });
});

describe('latency', () => {
  it.each([
    // AWS cloudping p50
    ['aws', 'us-east-1', 'aws', 'us-west-2', 64.269, 'aws-cloudping-p50-1y'],
    // AWS intra-region diagonal
    ['aws', 'us-east-1', 'aws', 'us-east-1', 5.349, 'aws-cloudping-p50-1y'],
    // Skyplane cross-cloud ping (one Premium row)
    ['aws', 'us-east-1', 'gcp', 'us-central1', 28.539, 'skyplane-latency-2022-04-16'],
    // only australiacentral -> westindia is published: the reverse figure is used
    ['azure', 'westindia', 'azure', 'australiacentral', 144, 'azure-msdocs-rtt'],
  ])('%s/%s -> %s/%s is measured', (sp, sr, dp, dr, rtt, source) => {
    expect(catalog.latency(sp, sr, dp, dr)).toEqual({ rttMs: rtt, estimated: false, source });
  });

  it('estimates from the great-circle distance only where nothing was measured', () => {
    const a = catalog.site('aws', 'mx-central-1');
    const b = catalog.site('azure', 'mexicocentral');
    const q = catalog.latency('aws', 'mx-central-1', 'azure', 'mexicocentral');
    expect(q?.estimated).toBe(true);
    expect(q?.source).toBe('estimate-great-circle');
    expect(q?.rttMs).toBeCloseTo(estimateRttMs(greatCircleKm(a!.lat!, a!.lon!, b!.lat!, b!.lon!)), 9);
  });

  it('uses a small constant inside a site without a diagonal figure', () => {
    expect(catalog.latency('azure', 'eastus', 'azure', 'eastus')).toEqual({ rttMs: 1, estimated: true, source: 'estimate-intra-site' });
  });

  it('is undefined for an unknown site or a site without coordinates and measurements', () => {
    expect(catalog.latency('aws', 'moon-1', 'aws', 'us-east-1')).toBeUndefined();
    // regions.csv gives azure/brazilus the placeholder 0,0
    expect(catalog.site('azure', 'brazilus')?.lat).toBeUndefined();
    expect(catalog.latency('azure', 'brazilus', 'aws', 'us-east-1')).toBeUndefined();
  });
});
