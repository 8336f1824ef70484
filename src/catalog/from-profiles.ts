/**
 * ProviderProfile and InstanceType objects → catalog sites and offerings (pure). This is how on-prem and edge
 * sites (SkyCluster's SAVI toronto / SCINET / VAUGHAN) join the bundled cloud catalog.
 */
import type { InstanceType, ProviderProfile } from '../api/provider.js';
import { parseMemory, parsePrice } from '../api/units.js';
import type { Issue } from '../validate/issue.js';
import type { Offering, PriceTier, SiteInfo, ZoneInfo } from './types.js';

const CLOUDS = new Set(['aws', 'gcp', 'azure']);

export interface Registration {
  readonly sites: SiteInfo[];
  readonly offerings: Offering[];
  readonly egressTiers: Map<string, PriceTier[]>;
  readonly latencies: { src: string; dst: string; rttMs: number; source: string }[];
  readonly issues: Issue[];
}

/** Formats a number of GiB as a compute-profile label part: 16 → "16", 0.5 → "0.5". */
const gb = (n: number): string => String(Math.round(n * 100) / 100);

/** Converts registered objects; problems (unknown providerRef, unreadable figures) become issues. */
export function registrationFromObjects(
  profiles: readonly ProviderProfile[],
  instanceTypes: readonly InstanceType[],
  bundledSite: (platform: string, region: string) => SiteInfo | undefined = () => undefined,
): Registration {
  const issues: Issue[] = [];
  const sites: SiteInfo[] = [];
  const siteByProfile = new Map<string, SiteInfo>();
  const egressTiers = new Map<string, PriceTier[]>();
  const latencies: Registration['latencies'] = [];
  for (const pp of profiles) {
    const object = `ProviderProfile/${pp.metadata.name}`;
    const spec = pp.spec;
    if (spec.enabled === false) continue;
    // An estimated location or egress price shows in every plan using the site through this source id.
    const source = spec.estimates ? `estimated:${object}` : `registered:${object}`;
    const enabledZones = spec.zones.filter((z) => z.enabled !== false);
    if (enabledZones.length === 0) {
      issues.push({ severity: 'error', object, path: 'spec.zones', message: 'every zone is disabled; enable at least one' });
      continue;
    }
    const defaultIndex = Math.max(
      0,
      enabledZones.findIndex((z) => z.defaultZone === true),
    );
    const zones: ZoneInfo[] = enabledZones.map((z, i) => ({ name: z.name, type: z.type ?? 'cloud', isDefault: i === defaultIndex }));
    // A profile that re-registers a bundled cloud region keeps the catalog's cluster fee unless it sets one.
    let fee = bundledSite(spec.platform, spec.region)?.clusterFeeUsdHr ?? 0;
    if (spec.clusterFeeUsdHr !== undefined) {
      const f = parsePrice(spec.clusterFeeUsdHr);
      if (f.ok) fee = f.value;
      else issues.push({ severity: 'error', object, path: 'spec.clusterFeeUsdHr', message: f.message });
    }
    const site: SiteInfo = {
      key: `${spec.platform}/${spec.region}`,
      platform: spec.platform,
      region: spec.region,
      ...(spec.regionAlias !== undefined ? { regionAlias: spec.regionAlias } : {}),
      ...(spec.continent !== undefined ? { continent: spec.continent.toLowerCase().replace(/[\s_]+/g, '-') } : {}),
      ...(spec.country !== undefined ? { country: spec.country } : {}),
      ...(spec.location ? { lat: spec.location.lat, lon: spec.location.lon } : {}),
      kind: CLOUDS.has(spec.platform.toLowerCase()) ? 'cloud' : 'onprem',
      zones,
      clusterFeeUsdHr: fee,
      ...(spec.quotas ? { quotas: { ...spec.quotas } } : {}),
      source,
    };
    sites.push(site);
    siteByProfile.set(pp.metadata.name, site);
    if (spec.egress) {
      const tiers: PriceTier[] = [];
      spec.egress.forEach((t, i) => {
        const p = parsePrice(t.usdPerGB);
        if (p.ok) tiers.push({ fromGB: t.fromGB, usdPerGB: p.value });
        else issues.push({ severity: 'error', object, path: `spec.egress[${i}].usdPerGB`, message: p.message });
      });
      egressTiers.set(site.key, tiers);
    }
    spec.latencies?.forEach((l) => latencies.push({ src: site.key, dst: `${l.platform}/${l.region}`, rttMs: Number.parseFloat(l.rtt), source }));
  }
  const offerings: Offering[] = [];
  for (const it of instanceTypes) {
    const object = `InstanceType/${it.metadata.name}`;
    const site = siteByProfile.get(it.spec.providerRef);
    if (!site) {
      issues.push({
        severity: 'error',
        object,
        path: 'spec.providerRef',
        message: `no ProviderProfile named "${it.spec.providerRef}" was given (known: ${[...siteByProfile.keys()].sort().join(', ') || 'none'})`,
      });
      continue;
    }
    it.spec.offerings.forEach((zo, i) => {
      if (!site.zones.some((z) => z.name === zo.zone)) {
        issues.push({
          severity: 'error',
          object,
          path: `spec.offerings[${i}].zone`,
          message: `zone "${zo.zone}" is not an enabled zone of ProviderProfile ${it.spec.providerRef}`,
        });
        return;
      }
      zo.zoneOfferings.forEach((f, j) => {
        const path = `spec.offerings[${i}].zoneOfferings[${j}]`;
        const ram = parseMemory(f.ram);
        const price = parsePrice(f.price);
        const spot = f.spotPrice !== undefined ? parsePrice(f.spotPrice) : undefined;
        if (!ram.ok) issues.push({ severity: 'error', object, path: `${path}.ram`, message: ram.message });
        if (!price.ok) issues.push({ severity: 'error', object, path: `${path}.price`, message: price.message });
        if (spot && !spot.ok) issues.push({ severity: 'error', object, path: `${path}.spotPrice`, message: spot.message });
        if (!ram.ok || !price.ok || (spot && !spot.ok)) return;
        // SkyCluster writes `ram: 2GB` meaning the flavor's nominal 2 GB: keep the label's number as written.
        const ramGiB = /GB$/i.test(f.ram) ? Number.parseFloat(f.ram) : ram.value;
        const gpuCount = f.gpu ? Number(f.gpu.count) : 0;
        offerings.push({
          platform: site.platform,
          region: site.region,
          zones: [zo.zone],
          name: f.name,
          nameLabel: f.nameLabel ?? `${f.vcpus}vCPU-${gb(ramGiB)}GB`,
          vcpus: f.vcpus,
          ramGiB,
          ...(f.gpu ? { gpuModel: f.gpu.model } : {}),
          gpuCount,
          priceUsdHr: price.value,
          ...(spot?.ok ? { spotPriceUsdHr: spot.value } : {}),
          source: `registered:${object}`,
        });
      });
    });
  }
  return { sites, offerings, egressTiers, latencies, issues };
}
