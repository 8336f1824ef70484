/**
 * Every schema-level rejection path of the validator, with the exact line a user sees (formatIssue output).
 * Each row starts from a valid object, breaks one thing and lists every line validation prints.
 */
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from './documents.js';
import { formatIssue } from './issue.js';
import { validateDocuments } from './validate-documents.js';

/**
 * What `skycluster validate` prints for a text (notes included), less the pairing error of a DataflowPolicy
 * validated alone: object-set checks have their own tests (object-set-checks.test.ts).
 */
function lines(text: string): string[] {
  const parsed = parseDocuments(text, 'in.yaml');
  const checked = validateDocuments(parsed.documents);
  return [...parsed.issues, ...checked.issues].map(formatIssue).filter((l) => !l.includes(': no DeploymentPolicy for application '));
}

const SERVED =
  'policy.skycluster.io/v1alpha1 DeploymentPolicy, policy.skycluster.io/v1alpha1 DataflowPolicy, ' +
  'core.skycluster.io/v1alpha1 ProviderProfile, core.skycluster.io/v1alpha1 InstanceType, core.skycluster.io/v1alpha1 DeviceNode, ' +
  'core.skycluster.io/v1alpha1 Plan, core.skycluster.io/v1alpha1 Atlas, core.skycluster.io/v1alpha1 Harbor';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DP = (): Obj => ({
  apiVersion: 'policy.skycluster.io/v1alpha1',
  kind: 'DeploymentPolicy',
  metadata: { name: 'web', namespace: 'shop', labels: { 'skycluster.io/app-id': 'web' } },
  spec: {
    costHorizon: '730h',
    deploymentPolicies: [
      {
        componentRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        virtualServiceConstraint: [{ anyOf: [{ name: '4vCPU-16GB' }] }],
        performanceConstraint: { responseTime: '100ms' },
        locationConstraint: { permitted: [{ platform: 'aws' }], required: [{ anyOf: [{ region: 'us-east-1' }] }] },
        replicas: 2,
        resources: { cpu: '500m', memory: '1Gi' },
      },
    ],
  },
});
const DF = (): Obj => ({
  apiVersion: 'policy.skycluster.io/v1alpha1',
  kind: 'DataflowPolicy',
  metadata: { name: 'web', namespace: 'shop', labels: { 'skycluster.io/app-id': 'web-flows' } },
  spec: {
    dataDependencies: [{ from: { name: 'api' }, to: { name: 'db' }, latency: '15ms', totalDataTransfer: '0.5GB', averageDataRate: '0.01GB/s' }],
  },
});
const PP = (): Obj => ({
  apiVersion: 'core.skycluster.io/v1alpha1',
  kind: 'ProviderProfile',
  metadata: { name: 'site' },
  spec: { platform: 'openstack', region: 'scinet', continent: 'north-america', zones: [{ name: 'default', defaultZone: true, type: 'edge' }] },
});
const IT = (): Obj => ({
  apiVersion: 'core.skycluster.io/v1alpha1',
  kind: 'InstanceType',
  metadata: { name: 'site-flavors' },
  spec: {
    providerRef: 'site',
    offerings: [{ zone: 'default', zoneOfferings: [{ name: 'm1.small', nameLabel: '1vCPU-2GB', vcpus: 1, ram: '2GB', price: '0.0015' }] }],
  },
});
const BASES: Record<string, () => Obj> = { DP, DF, PP, IT };
/** The `file document N (Kind/name): ` prefix of every line about an object (long names are cut to 60 characters). */
const prefixOf = (o: Obj): string => {
  const name = typeof o.metadata?.name === 'string' ? (o.metadata.name as string) : '?';
  return `in.yaml document 1 (${o.kind}/${name.length > 60 ? `${name.slice(0, 57)}...` : name}): `;
};

describe('the valid bases', () => {
  it.each(Object.keys(BASES))('%s validates with no issue', (base) => {
    expect(lines(stringify(BASES[base]!()))).toEqual([]);
  });
});

describe('lenient forms that are accepted', () => {
  it.each<[string, string, (o: Obj) => void]>([
    [
      'latency with a blank: 15 ms',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].latency = '15 ms';
      },
    ], // a blank before the unit is fine
    [
      'bit rate',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].averageDataRate = '100Mbps';
      },
    ], // bits per second
    [
      'binary size',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].totalDataTransfer = '10Gi';
      },
    ], // powers of 1024
    [
      'count as a string',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].virtualServiceConstraint[0].anyOf[0].count = '1';
      },
    ], // SkyCluster writes count: "1"
    [
      'cpu as a number',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].resources.cpu = 2;
      },
    ], // a YAML number
    [
      'price as a number',
      'IT',
      (o) => {
        o.spec.offerings[0].zoneOfferings[0].price = 0.25;
      },
    ], // not only "0.0015"
    [
      'ram in Gi',
      'IT',
      (o) => {
        o.spec.offerings[0].zoneOfferings[0].ram = '16Gi';
      },
    ], // Kubernetes quantity
    [
      'unknown metadata fields',
      'PP',
      (o) => {
        o.metadata.uid = 'x';
        o.metadata.annotations = { note: 'free text' };
      },
    ], // metadata is open
  ])('%s (%s)', (_name, base, mutate) => {
    const o = BASES[base]!();
    mutate(o);
    expect(lines(stringify(o))).toEqual([]);
  });
});

const C0 = 'spec.deploymentPolicies[0]';
describe('schema rejections: one broken field, exact lines', () => {
  it.each<[string, string, (o: Obj) => void, string[]]>([
    // .nan and .inf are named, not shown as JSON's null
    [
      '.nan replicas',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].replicas = Number.NaN;
      },
      [`${C0}.replicas: expected number, got number NaN`],
    ],
    [
      '.inf vcpus',
      'IT',
      (o) => {
        o.spec.offerings[0].zoneOfferings[0].vcpus = Number.POSITIVE_INFINITY;
      },
      ['spec.offerings[0].zoneOfferings[0].vcpus: expected number, got number Infinity'],
    ],
    // a namespace is a DNS-1123 label
    [
      'namespace Demo',
      'DP',
      (o) => {
        o.metadata.namespace = 'Demo';
      },
      [
        'metadata.namespace: expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, got string "Demo"',
      ],
    ],
    // a flavor without memory
    [
      'ram: 0GB',
      'IT',
      (o) => {
        o.spec.offerings[0].zoneOfferings[0].ram = '0GB';
      },
      ['spec.offerings[0].zoneOfferings[0].ram: expected a memory size above 0, got "0GB"'],
    ],
    // ISO 3166-1 alpha-2: the shape is not enough
    [
      'country XX',
      'PP',
      (o) => {
        o.spec.country = 'XX';
      },
      ['spec.country: not an assigned ISO 3166-1 alpha-2 country code (e.g. CA, US, DE)'],
    ],
    [
      'residency country XX',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].residency = { countries: ['CA', 'XX'] };
      },
      [`${C0}.residency.countries[1]: not an assigned ISO 3166-1 alpha-2 country code (e.g. CA, US, DE)`],
    ],
    // numbers are bounded, naming the field
    [
      'a data rate of 1e300GB/s',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].averageDataRate = '1e300GB/s';
      },
      ['spec.dataDependencies[0].averageDataRate: data rate "1e300GB/s" is above the limit of 1000GB/s'],
    ],
    [
      'a transfer of 1e20 GB',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].totalDataTransfer = '1e20 GB';
      },
      ['spec.dataDependencies[0].totalDataTransfer: data size "1e20 GB" is above the limit of 1e9GB (1 EB)'],
    ],
    [
      'two million replicas',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].replicas = 2_000_000;
      },
      [`${C0}.replicas: expected a number <= 1000000, got number 2000000`],
    ],
    [
      'a price of 1e12 USD',
      'IT',
      (o) => {
        o.spec.offerings[0].zoneOfferings[0].price = 1e12;
      },
      ['spec.offerings[0].zoneOfferings[0].price: expected a number <= 1000000000, got number 1000000000000'],
    ],
    // unknown fields (a typo) are rejected, one line per field
    [
      'unknown field',
      'DP',
      (o) => {
        o.spec.bogus = 1;
      },
      ['spec.bogus: unknown field (not in the schema; check its spelling)'],
    ],
    [
      'misspelled field',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].replica = 1;
      },
      [`${C0}.replica: unknown field (not in the schema; check its spelling)`],
    ],
    [
      'two unknown fields',
      'PP',
      (o) => {
        o.spec.zones[0].zoen = 1;
        o.spec.zones[0].typo = 2;
      },
      [
        'spec.zones[0].zoen: unknown field (not in the schema; check its spelling)',
        'spec.zones[0].typo: unknown field (not in the schema; check its spelling)',
      ],
    ],
    [
      'unknown selector field',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].locationConstraint.permitted[0].planet = 'mars';
      },
      [`${C0}.locationConstraint.permitted[0].planet: unknown field (not in the schema; check its spelling)`],
    ],
    // missing required fields
    [
      'missing spec',
      'DP',
      (o) => {
        delete o.spec;
      },
      ['spec: required field is missing (expected object)'],
    ],
    [
      'missing metadata',
      'PP',
      (o) => {
        delete o.metadata;
      },
      ['metadata: required field is missing (expected object)'],
    ],
    [
      'missing component name',
      'DP',
      (o) => {
        delete o.spec.deploymentPolicies[0].componentRef.name;
      },
      [`${C0}.componentRef.name: required field is missing (expected string)`],
    ],
    [
      'missing componentRef',
      'DP',
      (o) => {
        delete o.spec.deploymentPolicies[0].componentRef;
      },
      [`${C0}.componentRef: required field is missing (expected object)`],
    ],
    [
      'missing memory',
      'DP',
      (o) => {
        delete o.spec.deploymentPolicies[0].resources.memory;
      },
      [`${C0}.resources.memory: required field is missing (expected string)`],
    ],
    [
      'missing edge end',
      'DF',
      (o) => {
        delete o.spec.dataDependencies[0].to;
      },
      ['spec.dataDependencies[0].to: required field is missing (expected object)'],
    ],
    [
      'missing flavor price',
      'IT',
      (o) => {
        delete o.spec.offerings[0].zoneOfferings[0].price;
      },
      ['spec.offerings[0].zoneOfferings[0].price: required field is missing (expected number or string)'],
    ],
    [
      'missing providerRef',
      'IT',
      (o) => {
        delete o.spec.providerRef;
      },
      ['spec.providerRef: required field is missing (expected string)'],
    ],
    // wrong types
    [
      'replicas as a string',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].replicas = '2';
      },
      [`${C0}.replicas: expected number, got string "2" (write 2 without quotes)`],
    ],
    [
      'spot as yes (YAML 1.2 reads a string)',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].spot = 'yes';
      },
      [`${C0}.spot: expected boolean, got string "yes"`],
    ],
    [
      'null where an object goes',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].componentRef = null;
      },
      [`${C0}.componentRef: expected object, got null`],
    ],
    [
      'an object where a list goes',
      'DP',
      (o) => {
        o.spec.deploymentPolicies = { api: {} };
      },
      ['spec.deploymentPolicies: expected array, got an object'],
    ],
    [
      'a list where an object goes',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].locationConstraint = [{ platform: 'aws' }];
      },
      [`${C0}.locationConstraint: expected object, got a list`],
    ],
    [
      'rate as a number',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].averageDataRate = 12;
      },
      ['spec.dataDependencies[0].averageDataRate: expected string, got number 12'],
    ],
    [
      'cpu as a boolean (union)',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].resources.cpu = true;
      },
      [`${C0}.resources.cpu: expected number or string, got boolean true`],
    ],
    [
      'vcpus as a string',
      'IT',
      (o) => {
        o.spec.offerings[0].zoneOfferings[0].vcpus = '1';
      },
      ['spec.offerings[0].zoneOfferings[0].vcpus: expected number, got string "1" (write 1 without quotes)'],
    ],
    [
      'GPU count a fraction (union)',
      'IT',
      (o) => {
        o.spec.offerings[0].zoneOfferings[0].gpu = { model: 'T4', count: 1.5 };
      },
      ['spec.offerings[0].zoneOfferings[0].gpu.count: expected integer or string, got number 1.5'],
    ],
    [
      'replicas a fraction',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].replicas = 1.5;
      },
      [`${C0}.replicas: expected integer, got number 1.5`],
    ],
    // bad units: the pattern names the expected form
    [
      'latency 15 parsecs',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].latency = '15 parsecs';
      },
      ['spec.dataDependencies[0].latency: expected a duration like 15ms, 2s or 730h, got string "15 parsecs"'],
    ],
    [
      'latency without a unit',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].latency = '15';
      },
      ['spec.dataDependencies[0].latency: expected a duration like 15ms, 2s or 730h, got string "15"'],
    ],
    [
      'latency that overflows',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].latency = '1e400ms';
      },
      ['spec.dataDependencies[0].latency: duration "1e400ms" is out of range (at most 87600h (10 years))'],
    ],
    [
      'size without a unit',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].totalDataTransfer = '0.5';
      },
      ['spec.dataDependencies[0].totalDataTransfer: expected a data size like 0.5GB, 200MB or 10Gi, got string "0.5"'],
    ],
    [
      'rate as a size',
      'DF',
      (o) => {
        o.spec.dataDependencies[0].averageDataRate = '0.01GB';
      },
      ['spec.dataDependencies[0].averageDataRate: expected a data rate like 0.01GB/s, 5MB/s or 100Mbps, got string "0.01GB"'],
    ],
    [
      'response time in words',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].performanceConstraint.responseTime = 'fast';
      },
      [`${C0}.performanceConstraint.responseTime: expected a duration like 15ms, 2s or 730h, got string "fast"`],
    ],
    [
      'memory in words',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].resources.memory = 'lots';
      },
      [`${C0}.resources.memory: expected a memory size like 512Mi, 16Gi or 16GB, got string "lots"`],
    ],
    [
      'cpu in words',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].resources.cpu = 'two';
      },
      [`${C0}.resources.cpu: expected a CPU quantity like 2, 0.5 or 500m, got string "two"`],
    ],
    [
      'cost horizon without unit',
      'DP',
      (o) => {
        o.spec.costHorizon = '730';
      },
      ['spec.costHorizon: expected a duration like 15ms, 2s or 730h, got string "730"'],
    ],
    [
      'price with a dollar sign',
      'IT',
      (o) => {
        o.spec.offerings[0].zoneOfferings[0].price = '$0.10';
      },
      ['spec.offerings[0].zoneOfferings[0].price: expected a price like "0.0015" (USD), got string "$0.10"'],
    ],
    [
      'negative price',
      'IT',
      (o) => {
        o.spec.offerings[0].zoneOfferings[0].price = -1;
      },
      ['spec.offerings[0].zoneOfferings[0].price: expected a number >= 0, got number -1'],
    ],
    [
      'rtt with a space',
      'PP',
      (o) => {
        o.spec.latencies = [{ platform: 'aws', region: 'us-east-1', rtt: '12 ms' }];
      },
      ['spec.latencies[0].rtt: expected a round-trip time like 12ms, got string "12 ms"'],
    ],
    // bad enums
    [
      'zone type fog',
      'PP',
      (o) => {
        o.spec.zones[0].type = 'fog';
      },
      ['spec.zones[0].type: expected "cloud" or "edge" or "nte", got string "fog"'],
    ],
    [
      'selector zone type',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].locationConstraint.permitted[0].type = 'Cloud';
      },
      [`${C0}.locationConstraint.permitted[0].type: expected "cloud" or "edge" or "nte", got string "Cloud"`],
    ],
    [
      'continent',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].residency = { continents: ['atlantis'] };
      },
      [
        `${C0}.residency.continents[0]: expected "north-america" or "south-america" or "europe" or "asia" or "africa" or "oceania" or "middle-east", got string "atlantis"`,
      ],
    ],
    [
      // status is the operator's and ignored on input (kubectl get -o yaml exports carry it): no line
      'condition status',
      'PP',
      (o) => {
        o.status = {
          conditions: [{ type: 'Ready', status: 'Maybe', reason: 'Registered', message: 'm', lastTransitionTime: '2025-01-01T00:00:00Z' }],
        };
      },
      [],
    ],
    [
      'country code in lower case',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].residency = { countries: ['ca'] };
      },
      [`${C0}.residency.countries[0]: expected an ISO 3166-1 alpha-2 country code like CA, got string "ca"`],
    ],
    // empty lists and bounds
    [
      'empty virtual-service anyOf',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].virtualServiceConstraint[0].anyOf = [];
      },
      [`${C0}.virtualServiceConstraint[0].anyOf: an anyOf group needs at least one alternative`],
    ],
    [
      'empty required anyOf',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].locationConstraint.required[0].anyOf = [];
      },
      [`${C0}.locationConstraint.required[0].anyOf: an anyOf group needs at least one alternative`],
    ],
    [
      'no components',
      'DP',
      (o) => {
        o.spec.deploymentPolicies = [];
      },
      ['spec.deploymentPolicies: a DeploymentPolicy needs at least one component'],
    ],
    [
      'no zones',
      'PP',
      (o) => {
        o.spec.zones = [];
      },
      ['spec.zones: a ProviderProfile needs at least one zone'],
    ],
    [
      'no offerings',
      'IT',
      (o) => {
        o.spec.offerings = [];
      },
      ['spec.offerings: expected at least 1 item, got 0'],
    ],
    [
      'zero replicas',
      'DP',
      (o) => {
        o.spec.deploymentPolicies[0].replicas = 0;
      },
      [`${C0}.replicas: expected a number > 0, got number 0`],
    ],
    [
      'latitude out of range',
      'PP',
      (o) => {
        o.spec.location = { lat: 100, lon: 0 };
      },
      ['spec.location.lat: expected a number <= 90, got number 100'],
    ],
    [
      'empty platform',
      'PP',
      (o) => {
        o.spec.platform = '';
      },
      ['spec.platform: expected at least 1 character, got string ""'],
    ],
    // bad DNS names
    [
      'upper case and underscore',
      'DP',
      (o) => {
        o.metadata.name = 'Web_App';
      },
      [
        'metadata.name: expected a DNS-1123 name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, got string "Web_App"',
      ],
    ],
    [
      'trailing dash',
      'PP',
      (o) => {
        o.metadata.name = 'site-';
      },
      [
        'metadata.name: expected a DNS-1123 name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, got string "site-"',
      ],
    ],
    [
      'too long',
      'IT',
      (o) => {
        o.metadata.name = 'a'.repeat(254);
      },
      [`metadata.name: expected at most 253 characters, got string "${'a'.repeat(57)}..."`],
    ],
    [
      'label value not a string',
      'DF',
      (o) => {
        o.metadata.labels['skycluster.io/app-id'] = 7;
      },
      ['metadata.labels.skycluster.io/app-id: expected string, got number 7'],
    ],
  ])('%s (%s)', (_name, base, mutate, expected) => {
    const o = BASES[base]!();
    mutate(o);
    expect(lines(stringify(o))).toEqual(expected.map((l) => prefixOf(o) + l));
  });

  it('an empty name gets both the length and the DNS message, and is shown quoted', () => {
    const o = PP();
    o.metadata.name = '';
    expect(lines(stringify(o))).toEqual([
      'in.yaml document 1 (ProviderProfile/""): metadata.name: expected at least 1 character, got string ""',
      'in.yaml document 1 (ProviderProfile/""): metadata.name: expected a DNS-1123 name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, got string ""',
    ]);
  });
});

describe('document-level rejections: exact lines', () => {
  it.each<[string, string, string[]]>([
    // a YAML list is not an object
    ['a list', '- a\n- b\n', ['in.yaml document 1: expected a Kubernetes object (a mapping), got a list']],
    // a scalar is not an object
    ['a number', '42\n', ['in.yaml document 1: expected a Kubernetes object (a mapping), got number 42']],
    ['a string', 'just words\n', ['in.yaml document 1: expected a Kubernetes object (a mapping), got string "just words"']],
    // an empty document is skipped
    ['empty', '', []],
    ['only a comment', '# nothing here\n', []],
    // a kind this tool does not serve
    [
      'unknown kind',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n',
      [`in.yaml document 1 (Pod/p): kind: v1 Pod is not a kind this tool reads; expected one of: ${SERVED}`],
    ],
    [
      'known kind, wrong version',
      'apiVersion: policy.skycluster.io/v1\nkind: DeploymentPolicy\nmetadata: {name: p}\n',
      [
        'in.yaml document 1 (DeploymentPolicy/p): apiVersion: DeploymentPolicy is served as policy.skycluster.io/v1alpha1, got policy.skycluster.io/v1',
      ],
    ],
    [
      'known kind, wrong group',
      'apiVersion: core.skycluster.io/v1alpha1\nkind: DataflowPolicy\nmetadata: {name: p}\n',
      [
        'in.yaml document 1 (DataflowPolicy/p): apiVersion: DataflowPolicy is served as policy.skycluster.io/v1alpha1, got core.skycluster.io/v1alpha1',
      ],
    ],
    // missing apiVersion and/or kind
    ['neither apiVersion nor kind', 'metadata: {name: q}\n', [`in.yaml document 1 (?/q): missing apiVersion and kind; expected one of: ${SERVED}`]],
    [
      'no apiVersion',
      'kind: DeploymentPolicy\nmetadata: {name: q}\n',
      [`in.yaml document 1 (DeploymentPolicy/q): apiVersion: required field is missing; served kinds: ${SERVED}`],
    ],
    [
      'no kind',
      'apiVersion: policy.skycluster.io/v1alpha1\nmetadata: {name: q}\n',
      [`in.yaml document 1 (?/q): kind: required field is missing; served kinds: ${SERVED}`],
    ],
    [
      'apiVersion a number',
      'apiVersion: 5\nkind: X\n',
      [`in.yaml document 1 (X/?): apiVersion: expected a string, got number 5; served kinds: ${SERVED}`],
    ],
    ['kind a list', 'apiVersion: v1\nkind: [a]\n', [`in.yaml document 1 (?/?): kind: expected a string, got a list; served kinds: ${SERVED}`]],
    // user-written names are shown on one line, quoted when odd, cut when long
    [
      'kind with a newline',
      'apiVersion: v1\nkind: "Po\\nd"\nmetadata: {name: "my pod"}\n',
      [`in.yaml document 1 ("Po\\nd"/"my pod"): kind: v1 "Po\\nd" is not a kind this tool reads; expected one of: ${SERVED}`],
    ],
    [
      'very long kind',
      `apiVersion: v1\nkind: ${'K'.repeat(500)}\n`,
      [`in.yaml document 1 (${'K'.repeat(57)}.../?): kind: v1 ${'K'.repeat(57)}... is not a kind this tool reads; expected one of: ${SERVED}`],
    ],
    [
      'unknown field with a newline in its name',
      'apiVersion: core.skycluster.io/v1alpha1\nkind: ProviderProfile\nmetadata: {name: p}\nspec: {platform: aws, region: r, zones: [{name: a}], "x\\ny": 1}\n',
      ['in.yaml document 1 (ProviderProfile/p): spec["x\\ny"]: unknown field (not in the schema; check its spelling)'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(lines(text)).toEqual(expected);
  });
});

describe('bare ProviderProfile spec (SkyCluster writes them without apiVersion/kind)', () => {
  const BARE = 'platform: aws\nregion: us-east-1\ncontinent: north-america\nzones:\n  - {name: us-east-1a, defaultZone: true, type: cloud}\n';

  it('is read and said so in a note', () => {
    expect(lines(BARE)).toEqual([
      'in.yaml document 1 (ProviderProfile/aws-us-east-1): note: no apiVersion/kind: read as a bare ProviderProfile spec named aws-us-east-1',
    ]);
  });

  it.each<[string, string, string[]]>([
    // errors in a bare spec carry the spec. prefix of the full object
    ['bad zone type', BARE.replace('type: cloud', 'type: fog'), ['spec.zones[0].type: expected "cloud" or "edge" or "nte", got string "fog"']],
    ['unknown field', `${BARE}bogus: 1\n`, ['spec.bogus: unknown field (not in the schema; check its spelling)']],
    ['no zones', 'platform: aws\nregion: us-east-1\nzones: []\n', ['spec.zones: a ProviderProfile needs at least one zone']],
  ])('%s', (_name, text, expected) => {
    expect(lines(text)).toEqual(expected.map((l) => `in.yaml document 1 (ProviderProfile/aws-us-east-1): ${l}`));
  });

  it('its name is derived from platform and region, made DNS-safe', () => {
    expect(lines('platform: OpenStack\nregion: SCINET_1\nzones: [{name: default}]\n')).toEqual([
      'in.yaml document 1 (ProviderProfile/openstack-scinet-1): note: no apiVersion/kind: read as a bare ProviderProfile spec named openstack-scinet-1',
    ]);
  });
});

describe('objects exported with kubectl get -o yaml read as input', () => {
  /** What the API server adds: status with the operator's condition types, managedFields and server metadata. */
  const exported = (o: Obj): Obj => ({
    ...o,
    metadata: {
      ...o.metadata,
      uid: '0b6f1c2e-7d1a-4b8e-9f7e-1b2c3d4e5f60',
      resourceVersion: '4242',
      generation: 3,
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"policy.skycluster.io/v1alpha1"}' },
    },
    status: { conditions: [{ type: 'Synced', status: 'True', reason: 'ReconcileSuccess', lastTransitionTime: 'yesterday' }] },
  });

  it.each(Object.keys(BASES))('%s with status and server metadata: no line', (base) => {
    expect(lines(stringify(exported(BASES[base]!())))).toEqual([]);
  });

  it('a v1 List of exported objects: each item is validated, paths start at items[N]', () => {
    const bad = exported(DP());
    bad.spec.deploymentPolicies[0].replicas = 0;
    const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [exported(PP()), bad] };
    expect(lines(stringify(list))).toEqual([
      'in.yaml document 1 (DeploymentPolicy/web): items[1].spec.deploymentPolicies[0].replicas: expected a number > 0, got number 0',
    ]);
  });
});

describe('several documents', () => {
  it('reports each by its 1-based index and keeps going after a bad one', () => {
    const text = ['- not an object', stringify(PP()), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}', stringify(IT())].join('\n---\n');
    const parsed = parseDocuments(text, 'multi.yaml');
    const checked = validateDocuments(parsed.documents);
    expect(checked.objects.map((o) => `${o.source.document} ${o.kind}/${o.name}`)).toEqual(['2 ProviderProfile/site', '4 InstanceType/site-flavors']);
    expect(checked.issues.map((i) => `${i.document} ${i.path}`)).toEqual(['1 ', '3 kind']);
  });
});
