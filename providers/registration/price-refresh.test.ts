import { describe, expect, it } from 'vitest';
import type { InstanceType, ProviderProfile } from '../../src/api/provider.js';
import { formatIssue } from '../../src/validate/issue.js';
import { SPOT_ANNOTATION } from './constants.js';
import { planRefresh, readPriceFile } from './price-refresh.js';

const HEADER = 'cloud,region,instance_type,vcpus,memory_gib,gpu_model,gpu_count,ondemand_usd_hr,spot_usd_hr,source';
const profile: ProviderProfile = {
  apiVersion: 'core.skycluster.io/v1alpha1',
  kind: 'ProviderProfile',
  metadata: { name: 'aws-us-east-1', annotations: { [SPOT_ANNOTATION]: 'true' } },
  spec: { platform: 'aws', region: 'us-east-1', zones: [{ name: 'use1-az1' }, { name: 'use1-az2' }] },
};
const onprem: ProviderProfile = {
  ...profile,
  metadata: { name: 'lab' },
  spec: { platform: 'baremetal', region: 'toronto', zones: [{ name: 'default' }] },
};
const offers = (list: [string, number][]) => list.map(([name, price]) => ({ name, vcpus: 2, ram: '8Gi', price }));
const instanceType: InstanceType = {
  apiVersion: 'core.skycluster.io/v1alpha1',
  kind: 'InstanceType',
  metadata: { name: 'aws-us-east-1' },
  spec: {
    providerRef: 'aws-us-east-1',
    offerings: ['use1-az1', 'use1-az2'].map((zone) => ({
      zone,
      zoneOfferings: offers([
        ['m5.large', 0.096],
        ['c5.large', 0.085],
        ['t3.large', 0.0832],
        ['r5.large', 0.126],
      ]),
    })),
  },
};

describe('price refresh', () => {
  it('reports added, removed and changed offerings with the median change, and rewrites the InstanceType for every zone', () => {
    const csv = [
      HEADER,
      'aws,us-east-1,m5.large,2,8,,0,0.1056,0.04,newlist-2026-12-01',
      'aws,us-east-1,c5.large,2,4,,0,0.085,,newlist-2026-12-01',
      'aws,us-east-1,t3.large,2,8,,0,0.0832,,newlist-2026-12-01',
      'aws,us-east-1,g5.xlarge,4,16,A10G,1,1.006,0.4,newlist-2026-12-01',
      'aws,eu-west-1,m5.large,2,8,,0,0.107,,newlist-2026-12-01',
    ].join('\n');
    const prices = readPriceFile(csv, 'new.csv');
    if (!prices.ok) throw new Error(prices.issues.map(formatIssue).join('\n'));
    expect(prices.value.date).toBe('2026-12-01');
    const plan = planRefresh([{ profile, instanceType }, { profile: onprem }], prices.value, 'new.csv');
    // m5.large +10 %, c5.large and t3.large unchanged: median 0 %.
    expect(plan.changes).toEqual([
      { provider: 'aws-us-east-1', site: 'aws/us-east-1', added: ['g5.xlarge'], removed: ['r5.large'], changed: 1, unchanged: 2, medianChangePct: 0 },
    ]);
    expect(plan.untouched).toEqual(['lab']);
    const it = plan.updated[0]?.instanceType;
    expect(it?.spec.offerings.map((o) => [o.zone, o.zoneOfferings.map((f) => f.name)])).toEqual([
      ['use1-az1', ['c5.large', 'g5.xlarge', 'm5.large', 't3.large']],
      ['use1-az2', ['c5.large', 'g5.xlarge', 'm5.large', 't3.large']],
    ]);
    // Spot prices are kept because the provider was registered with --spot.
    expect(it?.spec.offerings[0]?.zoneOfferings.find((f) => f.name === 'g5.xlarge')).toEqual({
      name: 'g5.xlarge',
      nameLabel: '4vCPU-16GB',
      vcpus: 4,
      ram: '16Gi',
      price: 1.006,
      spotPrice: 0.4,
      gpu: { model: 'A10G', count: 1 },
    });
    expect(it?.metadata.annotations).toEqual({ 'skycluster.io/price-source': 'refresh new.csv', 'skycluster.io/price-date': '2026-12-01' });
  });

  it('an unchanged price list changes nothing', () => {
    const csv = [
      HEADER,
      ...['m5.large,0.096', 'c5.large,0.085', 't3.large,0.0832', 'r5.large,0.126'].map((r) => {
        const [n, p] = r.split(',');
        return `aws,us-east-1,${n},2,8,,0,${p},,x`;
      }),
    ].join('\n');
    const prices = readPriceFile(csv, 'same.csv');
    if (!prices.ok) throw new Error('unreadable');
    const plan = planRefresh([{ profile, instanceType }], prices.value, 'same.csv');
    expect(plan.updated).toEqual([]);
    expect(plan.changes[0]).toMatchObject({ added: [], removed: [], changed: 0, unchanged: 4, medianChangePct: 0 });
  });

  it.each([
    // negative price
    [`${HEADER}\naws,us-east-1,m5.large,2,8,,0,-1,,x`, ['new.csv: line 2, ondemand_usd_hr: expected a non-negative price in USD per hour, got "-1"']],
    // non-numeric price and zero vCPU on one line: both
    [
      `${HEADER}\naws,us-east-1,m5.large,0,8,,0,free,,x`,
      [
        'new.csv: line 2, ondemand_usd_hr: expected a non-negative price in USD per hour, got "free"',
        'new.csv: line 2, vcpus: expected a number above 0, got "0"',
      ],
    ],
    // missing columns
    [
      'cloud,region,name,price\naws,us-east-1,m5.large,0.1',
      [
        'new.csv: line 1: the header row lacks the column(s) instance_type, vcpus, memory_gib, ondemand_usd_hr (expected cloud,region,instance_type,vcpus,memory_gib,gpu_model,gpu_count,ondemand_usd_hr,spot_usd_hr,source)',
      ],
    ],
  ])('refuses a malformed price file %#', (csv, expected) => {
    const r = readPriceFile(csv, 'new.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map(formatIssue)).toEqual(expected);
  });
});
