import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/validate/issue.js';
import { readSiteOfferings } from './onprem-offerings.js';

const SAVI = readFileSync('test/fixtures/skycluster/instancetype-savi-scinet.yaml', 'utf8');

function errors(text: string, file: string) {
  const r = readSiteOfferings(text, file);
  if (r.ok) throw new Error('expected issues');
  return r.issues.map(formatIssue);
}

describe('readSiteOfferings', () => {
  it("reads SkyCluster's InstanceType as is: its zone, flavors, labels and string prices", () => {
    const r = readSiteOfferings(SAVI, 'instancetype-savi-scinet.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.providerRef).toBe('savi-scinet-default');
    expect(r.value.zones.map((z) => [z.zone, z.flavors.length])).toEqual([['default', 13]]);
    expect(r.value.zones[0]?.flavors[0]).toEqual({ name: 'm1.small', nameLabel: '1vCPU-2GB', vcpus: 1, ram: '2GB', price: '0.0015' });
  });

  it('reads a YAML list with zones, GPUs and spot prices, and a bare number of GiB', () => {
    const text = [
      '- {name: small, vcpus: 2, ram: 4, price: 0.01}',
      '- {name: gpu, vcpus: 8, ram: 64Gi, price: "0.9", spotPrice: 0.3, gpu: {model: T4, count: 1}, zone: rack-b}',
    ].join('\n');
    const r = readSiteOfferings(text, 'flavors.yaml');
    expect(r.ok && r.value.zones).toEqual([
      { zone: 'default', flavors: [{ name: 'small', vcpus: 2, ram: '4Gi', price: 0.01 }] },
      { zone: 'rack-b', flavors: [{ name: 'gpu', vcpus: 8, ram: '64Gi', price: '0.9', spotPrice: 0.3, gpu: { model: 'T4', count: 1 } }] },
    ]);
  });

  it('reads CSV with the documented columns', () => {
    const text = 'name,vcpus,ram,price,spot_price,gpu_model,gpu_count,zone\nm1.small,1,2GB,0.0015,,,,\nv100,8,61,2.5,,V100,2,gpu-room\n';
    const r = readSiteOfferings(text, 'flavors.csv');
    expect(r.ok && r.value.zones).toEqual([
      { zone: 'default', flavors: [{ name: 'm1.small', vcpus: 1, ram: '2GB', price: '0.0015' }] },
      { zone: 'gpu-room', flavors: [{ name: 'v100', vcpus: 8, ram: '61Gi', price: '2.5', gpu: { model: 'V100', count: 2 } }] },
    ]);
  });

  it.each([
    // negative price
    ['f.csv', 'name,vcpus,ram,price\nm1,1,2GB,-0.5\n', ['f.csv: line 2, price: expected a non-negative price in USD per hour like 0.02, got "-0.5"']],
    // non-numeric price
    [
      'f.csv',
      'name,vcpus,ram,price\nm1,1,2GB,cheap\n',
      ['f.csv: line 2, price: expected a non-negative price in USD per hour like 0.02, got "cheap"'],
    ],
    // zero vCPU
    ['f.yaml', '- {name: m1, vcpus: 0, ram: 2GB, price: 0.1}', ['f.yaml: [0].vcpus: a flavor needs more than 0 vCPUs, got 0']],
    // non-numeric vCPU and unreadable memory, both reported
    [
      'f.yaml',
      '- {name: m1, vcpus: two, ram: lots, price: 0.1}',
      [
        'f.yaml: [0].vcpus: expected a number of vCPUs like 4, got "two"',
        'f.yaml: [0].ram: expected a memory size like 16Gi or 16GB (a bare number is GiB), got "lots"',
      ],
    ],
    // a CSV without the price column
    [
      'f.csv',
      'name,vcpus,ram\nm1,1,2GB\n',
      [
        'f.csv: line 1: the header row lacks the column(s) price (expected name,vcpus,ram,price[,spot_price,gpu_model,gpu_count,zone,name_label]; got name,vcpus,ram)',
      ],
    ],
    // a row with a column too many
    ['f.csv', 'name,vcpus,ram,price\nm1,1,2GB,0.1,extra\n', ['f.csv: not a readable CSV file: Invalid Record Length: expect 4, got 5 on line 2']],
    // broken YAML
    [
      'f.yaml',
      '- {name: m1, vcpus: 1\n',
      ['f.yaml document 1: YAML syntax error at line 2: Flow map in block collection must be sufficiently indented and end with a }'],
    ],
    // something that is not flavors
    [
      'f.yaml',
      'hello: world\n',
      ['f.yaml document 1: expected a list of flavors, {flavors: [...]} or a SkyCluster InstanceType (kind: InstanceType)'],
    ],
    // a flavor twice in one zone
    [
      'f.yaml',
      'flavors:\n- {name: m1, vcpus: 1, ram: 1Gi, price: 0.1}\n- {name: m1, vcpus: 2, ram: 2Gi, price: 0.2}\n',
      ['f.yaml: flavors[1].name: flavor "m1" is listed twice in zone "default"'],
    ],
    // an empty file
    ['f.yaml', '', ['f.yaml: the file lists no flavors']],
    // an InstanceType with a bad price inside
    [
      'f.yaml',
      'kind: InstanceType\nspec:\n  offerings:\n  - zone: z\n    zoneOfferings:\n    - {name: a, vcpus: 1, ram: 1GB, price: "-1"}\n',
      ['f.yaml: spec.offerings[0].zoneOfferings[0].price: expected a non-negative price in USD per hour like 0.02, got "-1"'],
    ],
  ])('%s %j is refused with the line and field', (file, text, expected) => {
    expect(errors(text, file)).toEqual(expected);
  });
});
