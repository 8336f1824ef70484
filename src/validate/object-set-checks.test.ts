/**
 * Checks over the whole input set, with the exact line a user sees: objects defined twice, two policies for one
 * application, a DataflowPolicy without its DeploymentPolicy or in another namespace, InstanceTypes of a
 * disabled ProviderProfile, and the first cause only when a partner failed its schema.
 */
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from './documents.js';
import { formatIssue } from './issue.js';
import { validateDocuments } from './validate-documents.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every line validation prints for the objects, written as documents 1..n of app.yaml. */
function lines(...objects: Obj[]): string[] {
  const parsed = parseDocuments(objects.map((o) => stringify(o)).join('---\n'), 'app.yaml');
  const checked = validateDocuments(parsed.documents);
  return [...parsed.issues, ...checked.issues].map(formatIssue);
}

const POLICY = 'policy.skycluster.io/v1alpha1';
const CORE = 'core.skycluster.io/v1alpha1';
const meta = (name: string, extra: Obj = {}): Obj => ({ name, ...extra });
const app = (id: string): Obj => ({ labels: { 'skycluster.io/app-id': id } });
const dp = (metadata: Obj, component = 'api'): Obj => ({
  apiVersion: POLICY,
  kind: 'DeploymentPolicy',
  metadata,
  spec: { deploymentPolicies: [{ componentRef: { name: component } }] },
});
const df = (metadata: Obj): Obj => ({ apiVersion: POLICY, kind: 'DataflowPolicy', metadata, spec: { dataDependencies: [] } });
const pp = (name: string, extra: Obj = {}): Obj => ({
  apiVersion: CORE,
  kind: 'ProviderProfile',
  metadata: { name },
  spec: { platform: 'openstack', region: name, zones: [{ name: 'z' }], ...extra },
});
const it_ = (name: string, providerRef: string): Obj => ({
  apiVersion: CORE,
  kind: 'InstanceType',
  metadata: { name },
  spec: { providerRef, offerings: [{ zone: 'z', zoneOfferings: [{ name: 'f', vcpus: 1, ram: '2GB', price: 1 }] }] },
});
const NO_DP = (key: string) => `no DeploymentPolicy for application ${key} (match by label skycluster.io/app-id, or by namespace/name)`;

describe('objects defined twice', () => {
  it.each<[string, Obj[], string[]]>([
    // two ProviderProfiles with one name: one would silently replace the other
    [
      'ProviderProfile',
      [pp('site'), pp('site')],
      [
        'app.yaml document 2 (ProviderProfile/site): metadata.name: ProviderProfile/site is defined twice: here and in app.yaml document 1; one would replace the other (rename or remove one)',
      ],
    ],
    // the same DeploymentPolicy twice is reported once, as defined twice (not also as a second policy of its app)
    [
      'DeploymentPolicy',
      [dp(meta('shop')), dp(meta('shop'))],
      [
        'app.yaml document 2 (DeploymentPolicy/shop): metadata.name: DeploymentPolicy/shop is defined twice: here and in app.yaml document 1; one would replace the other (rename or remove one)',
      ],
    ],
    // one name in two namespaces is two objects
    ['two namespaces', [dp(meta('shop', { namespace: 'a' })), dp(meta('shop', { namespace: 'b' }))], []],
  ])('%s', (_, objects, expected) => {
    expect(lines(...objects)).toEqual(expected);
  });
});

describe('policies of one application', () => {
  it('a second DeploymentPolicy for an application names the first', () => {
    expect(lines(dp(meta('shop', app('shop'))), dp(meta('shop-2', app('shop'))))).toEqual([
      'app.yaml document 2 (DeploymentPolicy/shop-2): metadata.labels["skycluster.io/app-id"]: a second DeploymentPolicy for application shop (the first is DeploymentPolicy/shop in app.yaml document 1); an application has one DeploymentPolicy',
    ]);
  });

  it('a second DataflowPolicy for an application names the first', () => {
    expect(lines(dp(meta('shop', app('shop'))), df(meta('flows', app('shop'))), df(meta('more-flows', app('shop'))))).toEqual([
      'app.yaml document 3 (DataflowPolicy/more-flows): metadata.labels["skycluster.io/app-id"]: a second DataflowPolicy for application shop (the first is DataflowPolicy/flows in app.yaml document 2); merge the edges into one',
    ]);
  });

  it('a DataflowPolicy without its DeploymentPolicy', () => {
    expect(lines(df(meta('shop')))).toEqual([`app.yaml document 1 (DataflowPolicy/shop): metadata.name: ${NO_DP('default/shop')}`]);
  });

  it('a DataflowPolicy whose namesake DeploymentPolicy is in another namespace: the namespace is blamed', () => {
    expect(lines(dp(meta('shop', { namespace: 'prod' })), df(meta('shop')))).toEqual([
      `app.yaml document 2 (DataflowPolicy/shop): metadata.namespace: ${NO_DP('default/shop')}; DeploymentPolicy/shop (app.yaml document 1) is in namespace prod, this DataflowPolicy in default`,
    ]);
  });

  it('policies paired by label but in two namespaces', () => {
    expect(lines(dp(meta('shop', { namespace: 'prod', ...app('shop') })), df(meta('shop', { namespace: 'dev', ...app('shop') })))).toEqual([
      'app.yaml document 2 (DataflowPolicy/shop): metadata.namespace: namespace dev differs from namespace prod of DeploymentPolicy/shop (app.yaml document 1) of the same application shop',
    ]);
  });

  it('first cause only: a DeploymentPolicy with a field error does not make its DataflowPolicy an orphan', () => {
    const broken = { ...dp(meta('shop', app('shop'))), spec: { deploymentPolicies: [{ componentRef: { name: 'api' }, replicas: 0 }] } };
    expect(lines(broken, df(meta('shop', app('shop'))))).toEqual([
      'app.yaml document 1 (DeploymentPolicy/shop): spec.deploymentPolicies[0].replicas: expected a number > 0, got number 0',
    ]);
  });
});

describe('InstanceTypes and their ProviderProfile', () => {
  it('an InstanceType of a disabled ProviderProfile gets a note, not "known: none"', () => {
    expect(lines(pp('site', { enabled: false }), it_('flavors', 'site'))).toEqual([
      'app.yaml document 2 (InstanceType/flavors): note: spec.providerRef: ProviderProfile site (app.yaml document 1) is disabled (spec.enabled: false): these offerings are not registered',
    ]);
  });

  it('first cause only: an InstanceType of a ProviderProfile with a field error adds nothing', () => {
    const broken = pp('site', { country: 'XX' });
    expect(lines(broken, it_('flavors', 'site'))).toEqual([
      'app.yaml document 1 (ProviderProfile/site): spec.country: not an assigned ISO 3166-1 alpha-2 country code (e.g. CA, US, DE)',
    ]);
  });
});
