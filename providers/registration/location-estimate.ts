/**
 * Estimates for a site registered by location only: the nearest cloud regions (great-circle distance), the RTT
 * the catalog will estimate to them, and an egress price taken from the nearest cloud region's internet egress
 * tiers (a proxy: what that region would charge for the same traffic). Everything here is an estimate and is
 * marked as one (ProviderProfile spec.estimates). Pure.
 */
import type { PriceTier, SiteInfo } from '../../src/catalog/types.js';
import { estimateRttMs, greatCircleKm } from '../catalog/catalog-rules.js';
import type { InMemoryCatalog } from '../catalog/in-memory-catalog.js';

/** A cloud region near a point, with the distance and the RTT the catalog estimates for it. */
export interface NearRegion {
  readonly site: SiteInfo;
  readonly km: number;
  /** Distance-based RTT estimate (catalog-rules estimateRttMs), ms. */
  readonly rttMs: number;
}

/** The cloud regions closest to a point, nearest first. */
export function nearestCloudRegions(catalog: InMemoryCatalog, lat: number, lon: number, limit = 3): NearRegion[] {
  return catalog
    .sites()
    .filter((s) => s.kind === 'cloud' && s.lat !== undefined && s.lon !== undefined)
    .map((site) => {
      const km = greatCircleKm(lat, lon, site.lat as number, site.lon as number);
      return { site, km, rttMs: estimateRttMs(km) };
    })
    .sort((a, b) => a.km - b.km || (a.site.key < b.site.key ? -1 : 1))
    .slice(0, limit);
}

/** Egress tiers estimated for a point: the worldwide internet tiers of the nearest region priced per tier (marginal). */
export function estimatedEgressTiers(catalog: InMemoryCatalog, lat: number, lon: number): { tiers: PriceTier[]; from: NearRegion } | undefined {
  const egress = catalog.data.egress;
  const marginal = new Map(
    egress.internetTiers.filter((t) => t.destination === 'worldwide' && t.table.mode === 'marginal').map((t) => [t.site, t.table] as const),
  );
  for (const near of nearestCloudRegions(catalog, lat, lon, 20)) {
    const table = marginal.get(near.site.key);
    if (table) return { tiers: table.tiers.map((t) => ({ fromGB: t.fromGB, usdPerGB: t.usdPerGB })), from: near };
  }
  return undefined;
}
