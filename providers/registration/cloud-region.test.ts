import { describe, expect, it } from 'vitest';
import { registrationFromObjects } from '../../src/catalog/from-profiles.js';
import { validateDocument } from '../../src/validate/validate-object.js';
import { extendCatalog, loadBundledCatalog } from '../catalog/load-catalog.js';
import { registerCloudRegion, regionsOf } from './cloud-region.js';
import { FEE_SOURCE_ANNOTATION, PRICE_DATE_ANNOTATION, SPOT_ANNOTATION } from './constants.js';

const catalog = loadBundledCatalog();

function ok(r: ReturnType<typeof registerCloudRegion>) {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('registerCloudRegion', () => {
  it('writes every catalog offering in every chosen zone, with the cloud fee, location and price date', () => {
    const e = ok(registerCloudRegion(catalog, { cloud: 'gcp', region: 'us-east1', zones: ['us-east1-c', 'us-east1-b'] }));
    const p = e.profile;
    expect(p.metadata.name).toBe('gcp-us-east1');
    expect(p.metadata.namespace).toBe('skycluster-system');
    expect(p.spec.zones.map((z) => [z.name, z.defaultZone, z.type])).toEqual([
      ['us-east1-c', true, 'cloud'],
      ['us-east1-b', false, 'cloud'],
    ]);
    expect(p.spec.clusterFeeUsdHr).toBe(0.1);
    expect(p.metadata.annotations?.[FEE_SOURCE_ANNOTATION]).toBe('cluster-fees-2026-11-23 (2026-11-23)');
    expect(p.metadata.annotations?.[PRICE_DATE_ANNOTATION]).toBe('2026-07-30');
    expect(p.spec.country).toBe('US');
    expect(p.spec.continent).toBe('north-america');
    const n = catalog.offerings('gcp', 'us-east1').filter((o) => Number.isInteger(o.gpuCount)).length;
    expect(e.instanceType?.spec.offerings.map((o) => [o.zone, o.zoneOfferings.length])).toEqual([
      ['us-east1-c', n],
      ['us-east1-b', n],
    ]);
    // No --spot: on-demand prices only.
    expect(e.instanceType?.spec.offerings[0]?.zoneOfferings.some((f) => f.spotPrice !== undefined)).toBe(false);
  });

  it('leaves out flavors with a fraction of a GPU (gpu.count is a whole number) and says so; the InstanceType passes its schema', () => {
    const r = registerCloudRegion(catalog, { cloud: 'gcp', region: 'us-central1', zones: ['us-central1-a'] });
    if (!r.ok) throw new Error('not ok');
    expect(r.notes.map((n) => n.message)).toEqual([
      '3 flavors with a fraction of a GPU left out (gpu.count is a whole number): g4-standard-12 (0.25 RTX PRO 6000), g4-standard-24 (0.5 RTX PRO 6000), g4-standard-6 (0.125 RTX PRO 6000)',
    ]);
    const names = r.value.instanceType?.spec.offerings[0]?.zoneOfferings.map((f) => f.name) ?? [];
    expect(names).not.toContain('g4-standard-6');
    expect(names).toContain('g4-standard-48');
    expect(names.length).toBe(catalog.offerings('gcp', 'us-central1').length - 3);
    expect(validateDocument({ file: 'x', document: 1, value: r.value.instanceType }).issues).toEqual([]);
  });

  it('the objects pass their schemas and register into the catalog with the same offerings and prices', () => {
    const e = ok(registerCloudRegion(catalog, { cloud: 'aws', region: 'eu-west-1', spot: true, quotaVcpu: 64, quotaGpu: 2, clusterFeeUsdHr: 0.6 }));
    expect(e.profile.metadata.annotations?.[SPOT_ANNOTATION]).toBe('true');
    expect(e.profile.spec.quotas).toEqual({ vcpus: 64, gpus: 2 });
    for (const [i, o] of [e.profile, e.instanceType].entries()) {
      const r = validateDocument({ file: 'x.yaml', document: i + 1, value: JSON.parse(JSON.stringify(o)) });
      expect(r.issues.filter((x) => x.severity === 'error')).toEqual([]);
    }
    const reg = registrationFromObjects([e.profile], e.instanceType ? [e.instanceType] : [], (p, r) => catalog.site(p, r));
    expect(reg.issues).toEqual([]);
    const extended = extendCatalog(catalog, reg.sites, reg.offerings, reg.egressTiers, reg.latencies);
    expect(extended.site('aws', 'eu-west-1')?.clusterFeeUsdHr).toBe(0.6);
    const bundled = catalog.offerings('aws', 'eu-west-1').find((o) => o.name === 'm5.xlarge');
    const mine = extended.offerings('aws', 'eu-west-1').filter((o) => o.name === 'm5.xlarge');
    expect(mine).toHaveLength(e.profile.spec.zones.length);
    expect(
      mine.every((o) => o.priceUsdHr === bundled?.priceUsdHr && o.spotPriceUsdHr === bundled?.spotPriceUsdHr && o.ramGiB === bundled?.ramGiB),
    ).toBe(true);
  });

  it.each([
    // unknown cloud: the clouds and onprem are suggested
    [{ cloud: 'amazon', region: 'us-east-1' }, 'cloud', 'unknown cloud "amazon"; closest: aws, azure, gcp'],
    // unknown region: the closest regions of that cloud
    [{ cloud: 'aws', region: 'us-est-1' }, '--region', 'unknown region of aws "us-est-1"; closest: us-east-1, us-west-1, us-east-2'],
    // a region of another cloud
    [{ cloud: 'gcp', region: 'eastus' }, '--region', 'unknown region of gcp "eastus"; closest: us-east1, us-east4, us-east5'],
    // unknown zone: the zones of the region
    [
      { cloud: 'gcp', region: 'us-east1', zones: ['us-east1-a'] },
      '--zones',
      'unknown zone of gcp/us-east1 "us-east1-a"; closest: us-east1-b, us-east1-c, us-east1-d',
    ],
  ])('%o fails with the closest names', (req, path, message) => {
    const r = registerCloudRegion(catalog, req);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ severity: 'error', path, message }]);
  });

  it('lists every region of a cloud for --all-regions', () => {
    expect(regionsOf(catalog, 'azure').length).toBeGreaterThan(40);
    expect(regionsOf(catalog, 'aws')).toContain('us-east-1');
  });
});
