/**
 * Every cross-field and cross-object rejection path (and note), with the exact line a user sees.
 * Inputs are schema-valid, so only the semantic checks speak.
 */
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from './documents.js';
import { formatIssue } from './issue.js';
import { applicationKey } from './semantic-checks.js';
import { validateDocuments } from './validate-documents.js';

function lines(...objects: unknown[]): string[] {
  const parsed = parseDocuments(objects.map((o) => stringify(o)).join('---\n'), 'app.yaml');
  const checked = validateDocuments(parsed.documents);
  return [...parsed.issues, ...checked.issues].map(formatIssue);
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const POLICY = 'policy.skycluster.io/v1alpha1';
const CORE = 'core.skycluster.io/v1alpha1';
const META = { name: 'shop', labels: { 'skycluster.io/app-id': 'shop' } };

const component = (name: string, extra: Obj = {}): Obj => ({ componentRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, ...extra });
const dp = (...items: Obj[]): Obj => ({ apiVersion: POLICY, kind: 'DeploymentPolicy', metadata: META, spec: { deploymentPolicies: items } });
const edge = (from: string, to: string, extra: Obj = { averageDataRate: '0.01GB/s' }): Obj => ({ from: { name: from }, to: { name: to }, ...extra });
const df = (...edges: Obj[]): Obj => ({ apiVersion: POLICY, kind: 'DataflowPolicy', metadata: META, spec: { dataDependencies: edges } });
const pp = (zones: Obj[], name = 'site'): Obj => ({
  apiVersion: CORE,
  kind: 'ProviderProfile',
  metadata: { name },
  spec: { platform: 'openstack', region: 'scinet', zones },
});
const it_ = (providerRef: string, offerings: Obj[]): Obj => ({
  apiVersion: CORE,
  kind: 'InstanceType',
  metadata: { name: 'flavors' },
  spec: { providerRef, offerings },
});
const flavor = (name: string): Obj => ({ name, vcpus: 1, ram: '2GB', price: '0.01' });
const vsc = (...alternatives: Obj[]): Obj => ({ virtualServiceConstraint: [{ anyOf: alternatives }] });

const DPL = 'app.yaml document 1 (DeploymentPolicy/shop): ';
const DFL = 'app.yaml document 2 (DataflowPolicy/shop): ';
const PPL = 'app.yaml document 1 (ProviderProfile/site): ';
const ITL = 'app.yaml document 2 (InstanceType/flavors): ';
const VS0 = 'spec.deploymentPolicies[0].virtualServiceConstraint[0].anyOf[0]';

describe('DeploymentPolicy checks', () => {
  it.each<[string, Obj, string[]]>([
    // the same component twice
    [
      'duplicate component',
      dp(component('api'), component('db'), component('api')),
      [`${DPL}spec.deploymentPolicies[2].componentRef.name: component "api" is already defined at spec.deploymentPolicies[0]`],
    ],
    // compute-profile specs are read here; their errors carry the full path
    [
      'compute profile spec with an unknown field',
      dp(component('api', vsc({ kind: 'ComputeProfile', spec: { cpu: 4, disk: '1Ti' } }))),
      [`${DPL}${VS0}.spec.disk: unknown field (expected cpu, ram or gpu)`],
    ],
    [
      'compute profile spec that is not YAML',
      dp(component('api', vsc({ kind: 'ComputeProfile', spec: 'cpu: [4' }))),
      [`${DPL}${VS0}.spec: spec is a string but not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`],
    ],
    [
      'compute profile spec a number',
      dp(component('api', vsc({ kind: 'ComputeProfile', spec: 5 }))),
      [`${DPL}${VS0}.spec: expected a compute profile spec with cpu, ram and/or gpu`],
    ],
    [
      'compute profile bad ram',
      dp(component('api', vsc({ kind: 'ComputeProfile', spec: { ram: 'lots' } }))),
      [`${DPL}${VS0}.spec.ram: expected a memory size like 512Mi, 16Gi or 16GB, got "lots"`],
    ],
    [
      'compute profile GPU as a string',
      dp(component('api', vsc({ kind: 'ComputeProfile', spec: { gpu: 'A100' } }))),
      [`${DPL}${VS0}.spec.gpu: expected an object with model and count`],
    ],
    [
      'compute profile GPU count a list',
      dp(component('api', vsc({ kind: 'ComputeProfile', spec: { gpu: { count: [8] } } }))),
      [`${DPL}${VS0}.spec.gpu.count: expected a whole number like 2, got [8]`],
    ],
    [
      'alternative with neither name nor spec',
      dp(component('api', vsc({ kind: 'ComputeProfile' }))),
      [`${DPL}${VS0}.name: an alternative needs a name (e.g. 4vCPU-16GB) or a kind: ComputeProfile with a spec`],
    ],
    // SkyCluster's ManagedKubernetes is a service name: accepted with a note
    [
      'ManagedKubernetes note',
      dp(component('api', vsc({ name: 'ManagedKubernetes' }))),
      [`${DPL}note: ${VS0}.name: "ManagedKubernetes" is not a compute profile like 4vCPU-16GB; read as a service name that constrains no flavor`],
    ],
    // spread asks for more locations than maxLocations allows
    [
      'spread minRegions > maxLocations',
      dp(component('api', { spread: { minRegions: 3 }, maxLocations: 2 })),
      [`${DPL}spec.deploymentPolicies[0].spread: asks for 3 locations but maxLocations is 2`],
    ],
    [
      'spread minProviders > maxLocations',
      dp(component('api', { spread: { minRegions: 1, minProviders: 2 }, maxLocations: 1 })),
      [`${DPL}spec.deploymentPolicies[0].spread: asks for 2 locations but maxLocations is 1`],
    ],
    // required groups each need a placement
    [
      'required groups > maxLocations',
      dp(
        component('api', {
          maxLocations: 1,
          locationConstraint: { required: [{ anyOf: [{ region: 'us-east-1' }] }, { anyOf: [{ region: 'us-east1' }] }] },
        }),
      ),
      [`${DPL}spec.deploymentPolicies[0].maxLocations: 2 required location groups cannot be met with at most 1 placements`],
    ],
    // costs are summed over the horizon: it must not be empty
    [
      'zero cost horizon',
      { ...dp(component('api')), spec: { costHorizon: '0h', deploymentPolicies: [component('api')] } },
      [`${DPL}spec.costHorizon: the cost horizon must be longer than 0`],
    ],
    // both at once: two lines
    [
      'spread and required over maxLocations',
      dp(
        component('api', {
          maxLocations: 1,
          spread: { minRegions: 2 },
          locationConstraint: { required: [{ anyOf: [{ region: 'a' }] }, { anyOf: [{ region: 'b' }] }] },
        }),
      ),
      [
        `${DPL}spec.deploymentPolicies[0].spread: asks for 2 locations but maxLocations is 1`,
        `${DPL}spec.deploymentPolicies[0].maxLocations: 2 required location groups cannot be met with at most 1 placements`,
      ],
    ],
  ])('%s', (_name, policy, expected) => {
    expect(lines(policy)).toEqual(expected);
  });

  it.each<[string, Obj]>([
    // equal bounds are fine
    ['spread == maxLocations', dp(component('api', { spread: { minRegions: 2 }, maxLocations: 2 }))],
    // no maxLocations means unlimited, as SkyCluster's ILP task (MaxReplicas -1)
    ['spread without maxLocations', dp(component('api', { spread: { minRegions: 5, minProviders: 3 } }))],
    [
      'required groups without maxLocations',
      dp(
        component('api', {
          locationConstraint: { required: [{ anyOf: [{ region: 'a' }] }, { anyOf: [{ region: 'b' }] }, { anyOf: [{ region: 'c' }] }] },
        }),
      ),
    ],
    // label globs and YAML-string specs read without a note
    ['label globs and specs', dp(component('api', vsc({ name: '4vCPU-*GB*' }, { kind: 'ComputeProfile', spec: 'cpu: 2\nram: 4GB' })))],
  ])('%s passes', (_name, policy) => {
    expect(lines(policy)).toEqual([]);
  });
});

describe('DataflowPolicy checks', () => {
  const app = dp(component('api'), component('db'));
  it.each<[string, Obj[], string[]]>([
    // an edge from a component to itself
    ['self-loop', [edge('api', 'api')], [`${DFL}spec.dataDependencies[0].to.name: an edge from "api" to itself is not a data dependency`]],
    // edges must name components of the same application's DeploymentPolicy
    [
      'unknown to',
      [edge('api', 'cache')],
      [`${DFL}spec.dataDependencies[0].to.name: component "cache" is not in the application's DeploymentPolicy (known: api, db)`],
    ],
    [
      'unknown from',
      [edge('web', 'api')],
      [`${DFL}spec.dataDependencies[0].from.name: component "web" is not in the application's DeploymentPolicy (known: api, db)`],
    ],
    [
      'both ends unknown',
      [edge('a', 'b')],
      [
        `${DFL}spec.dataDependencies[0].from.name: component "a" is not in the application's DeploymentPolicy (known: api, db)`,
        `${DFL}spec.dataDependencies[0].to.name: component "b" is not in the application's DeploymentPolicy (known: api, db)`,
      ],
    ],
    // an edge with no volume is allowed, with a note
    [
      'no transfer note',
      [edge('api', 'db', { latency: '20ms' })],
      [`${DFL}note: spec.dataDependencies[0]: no totalDataTransfer or averageDataRate: the edge carries no transfer cost`],
    ],
    // cycles are allowed
    ['cycle', [edge('api', 'db'), edge('db', 'api')], []],
  ])('%s', (_name, edges, expected) => {
    expect(lines(app, df(...edges))).toEqual(expected);
  });

  it('a DataflowPolicy with no DeploymentPolicy of its application: the one error is the missing partner', () => {
    expect(lines(df(edge('x', 'y')))).toEqual([
      'app.yaml document 1 (DataflowPolicy/shop): metadata.labels["skycluster.io/app-id"]: no DeploymentPolicy for application shop (match by label skycluster.io/app-id, or by namespace/name)',
    ]);
  });

  it('components are looked up in the same application only (app-id label, else namespace/name)', () => {
    const other = { ...dp(component('x'), component('y')), metadata: { name: 'other', labels: { 'skycluster.io/app-id': 'other' } } };
    // DataflowPolicy "shop" has no DeploymentPolicy of its own app, so x and y are not checked against "other"
    expect(lines(other, df(edge('x', 'y')))).toEqual([
      'app.yaml document 2 (DataflowPolicy/shop): metadata.labels["skycluster.io/app-id"]: no DeploymentPolicy for application shop (match by label skycluster.io/app-id, or by namespace/name)',
    ]);
    // and edges of app "shop" do not see the components of app "other"
    expect(lines(other, app, df(edge('api', 'x'))).map((l) => l.replace(/document \d/, 'document N'))).toEqual([
      'app.yaml document N (DataflowPolicy/shop): spec.dataDependencies[0].to.name: component "x" is not in the application\'s DeploymentPolicy (known: api, db)',
    ]);
    expect(applicationKey({ name: 'p', namespace: 'ns' })).toBe('ns/p');
    expect(applicationKey({ name: 'p' })).toBe('default/p');
    expect(applicationKey({ name: 'p', labels: { 'skycluster.io/app-id': 'shop' } })).toBe('shop');
  });

  it('two DeploymentPolicies of one application: one error naming both, and no edge blamed for it', () => {
    const second = { ...dp(component('cache')), metadata: { name: 'shop-extra', labels: { 'skycluster.io/app-id': 'shop' } } };
    expect(lines(app, second, df(edge('api', 'cache'))).filter((l) => !l.includes('note:'))).toEqual([
      'app.yaml document 2 (DeploymentPolicy/shop-extra): metadata.labels["skycluster.io/app-id"]: a second DeploymentPolicy for application shop (the first is DeploymentPolicy/shop in app.yaml document 1); an application has one DeploymentPolicy',
    ]);
  });
});

describe('ProviderProfile checks', () => {
  it.each<[string, Obj[], string[]]>([
    // a zone name used twice
    ['duplicate zone', [{ name: 'a' }, { name: 'b' }, { name: 'a' }], [`${PPL}spec.zones[2].name: zone "a" is declared twice`]],
    // at most one default zone
    [
      'two default zones',
      [
        { name: 'a', defaultZone: true },
        { name: 'b', defaultZone: true },
      ],
      [`${PPL}spec.zones: 2 zones are marked defaultZone; at most one may be`],
    ],
    [
      'three default zones',
      [
        { name: 'a', defaultZone: true },
        { name: 'b', defaultZone: true },
        { name: 'c', defaultZone: true },
      ],
      [`${PPL}spec.zones: 3 zones are marked defaultZone; at most one may be`],
    ],
    // none or one default is fine
    ['no default zone', [{ name: 'a' }, { name: 'b', defaultZone: false }], []],
  ])('%s', (_name, zones, expected) => {
    expect(lines(pp(zones))).toEqual(expected);
  });
});

describe('InstanceType checks', () => {
  const profile = pp([{ name: 'default', defaultZone: true }, { name: 'rack-2' }]);
  it.each<[string, Obj, string[]]>([
    // offerings in a zone the ProviderProfile does not declare
    [
      'zone not in its ProviderProfile',
      it_('site', [{ zone: 'rack-9', zoneOfferings: [flavor('m1.small')] }]),
      [`${ITL}spec.offerings[0].zone: zone "rack-9" is not a zone of ProviderProfile site (zones: default, rack-2)`],
    ],
    // a flavor listed twice in one zone
    [
      'duplicate flavor',
      it_('site', [{ zone: 'default', zoneOfferings: [flavor('m1.small'), flavor('m1.large'), flavor('m1.small')] }]),
      [`${ITL}spec.offerings[0].zoneOfferings[2].name: flavor "m1.small" is listed twice in zone default`],
    ],
    // the same flavor in two zones is fine
    [
      'same flavor in two zones',
      it_('site', [
        { zone: 'default', zoneOfferings: [flavor('m1.small')] },
        { zone: 'rack-2', zoneOfferings: [flavor('m1.small')] },
      ]),
      [],
    ],
    // a providerRef to a profile not in the input is not checked (it may be registered elsewhere)
    ['unknown providerRef', it_('elsewhere', [{ zone: 'anything', zoneOfferings: [flavor('m1.small')] }]), []],
  ])('%s', (_name, instanceType, expected) => {
    expect(lines(profile, instanceType)).toEqual(expected);
  });

  it('a bare ProviderProfile spec is known by its derived name', () => {
    const bare = { platform: 'openstack', region: 'scinet', zones: [{ name: 'default' }] };
    expect(lines(bare, it_('openstack-scinet', [{ zone: 'nope', zoneOfferings: [flavor('m1')] }]))).toEqual([
      'app.yaml document 1 (ProviderProfile/openstack-scinet): note: no apiVersion/kind: read as a bare ProviderProfile spec named openstack-scinet',
      `${ITL}spec.offerings[0].zone: zone "nope" is not a zone of ProviderProfile openstack-scinet (zones: default)`,
    ]);
  });
});
