import { describe, expect, it } from 'vitest';
import { registrationFromObjects } from '../../src/catalog/from-profiles.js';
import { validateDocument } from '../../src/validate/validate-object.js';
import { extendCatalog, loadBundledCatalog } from '../catalog/load-catalog.js';
import { registerOnpremSite, type OnpremRequest } from './onprem-site.js';

const catalog = loadBundledCatalog();
const offerings = { zones: [{ zone: 'default', flavors: [{ name: 'm1.medium', vcpus: 2, ram: '4GB', price: '0.02' }] }] };
const base: OnpremRequest = { name: 'lab', region: 'toronto', offerings, offeringsFile: 'lab.yaml' };

describe('registerOnpremSite', () => {
  it('--near takes the region location and country, estimates egress from the nearest region, and marks both', () => {
    const r = registerOnpremSite(catalog, { ...base, near: 'aws/ca-central-1' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const spec = r.value.profile.spec;
    const site = catalog.site('aws', 'ca-central-1');
    expect(spec.location).toEqual({ lat: site?.lat, lon: site?.lon });
    expect(spec.country).toBe('CA');
    expect(spec.platform).toBe('baremetal');
    expect(spec.zones).toEqual([{ name: 'default', defaultZone: true, enabled: true, type: 'edge' }]);
    expect(spec.clusterFeeUsdHr).toBe(0);
    expect(spec.estimates?.fields).toEqual(['location', 'egress']);
    expect(spec.estimates?.basis).toMatch(
      /^location: coordinates, country and continent of aws\/ca-central-1; egress: internet egress tiers of the nearest cloud region aws\/ca-central-1 \(0 km\)$/,
    );
    expect(spec.egress?.[0]?.fromGB).toBe(0);
    expect(Number(spec.egress?.[0]?.usdPerGB)).toBeGreaterThan(0);
    expect(validateDocument({ file: 'x', document: 1, value: JSON.parse(JSON.stringify(r.value.profile)) }).issues).toEqual([]);
  });

  it('coordinates with a given egress price: only what is estimated is marked, and the catalog estimates latency from them', () => {
    const r = registerOnpremSite(catalog, {
      ...base,
      lat: 43.66,
      lon: -79.4,
      egressUsdPerGB: 0.05,
      country: 'CA',
      platform: 'openstack',
      zoneType: 'nte',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const spec = r.value.profile.spec;
    expect(spec.estimates).toBeUndefined();
    expect(spec.egress).toEqual([{ fromGB: 0, usdPerGB: 0.05 }]);
    expect(spec.zones[0]?.type).toBe('nte');
    const reg = registrationFromObjects([r.value.profile], r.value.instanceType ? [r.value.instanceType] : []);
    expect(reg.issues).toEqual([]);
    const ext = extendCatalog(catalog, reg.sites, reg.offerings, reg.egressTiers, reg.latencies);
    const lat = ext.latency('openstack', 'toronto', 'gcp', 'northamerica-northeast2');
    expect(lat?.estimated).toBe(true);
    expect(lat?.rttMs).toBeLessThan(10);
  });

  it('an estimated site shows as estimated:ProviderProfile/NAME in the catalog', () => {
    const r = registerOnpremSite(catalog, { ...base, near: 'gcp/northamerica-northeast2' });
    if (!r.ok) throw new Error('not ok');
    const reg = registrationFromObjects([r.value.profile], []);
    expect(reg.sites[0]?.source).toBe('estimated:ProviderProfile/lab');
  });

  it.each([
    // no location at all
    [{}, '--lat', 'give the site location: --lat and --lon, or --near CLOUD/REGION (latency and egress are estimated from it)'],
    // half a location
    [{ lat: 43 }, '--lon', 'give both --lat and --lon'],
    // both ways
    [{ lat: 43, lon: -79, near: 'aws/ca-central-1' }, '--near', 'give either --lat/--lon or --near, not both'],
    // unknown region near a cloud
    [{ near: 'aws/ca-centrl-1' }, '--near', 'unknown region of aws "ca-centrl-1"; closest: ca-central-1, eu-central-1, il-central-1'],
    // unknown cloud
    [{ near: 'ovh/gra' }, '--near', 'expected CLOUD/REGION like aws/ca-central-1; unknown cloud "ovh"; closest: aws, gcp, azure'],
    // a cloud as platform
    [{ near: 'aws/ca-central-1', platform: 'aws' }, '--platform', 'aws is a cloud: use provider register aws'],
    // lower-case country
    [{ near: 'aws/ca-central-1', country: 'ca' }, '--country', 'expected an ISO 3166-1 alpha-2 code like CA, got "ca"'],
  ])('%o is refused', (extra, path, message) => {
    const r = registerOnpremSite(catalog, { ...base, ...extra });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ severity: 'error', path, message }]);
  });
});
