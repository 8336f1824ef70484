/**
 * The WireGuard gateway: what links two sites, and what the gateway costs. Shared by the optimizer (which
 * prices gateways in the objective), the independent evaluator and Atlas (which provisions them), so the
 * three agree on which clusters run one and on its price.
 *
 * Two different sites whose components exchange data are joined by VPC/VNet peering when both are regions
 * of one cloud, and by a WireGuard tunnel otherwise (across clouds, or with an on-prem site). Each cloud
 * cluster at the end of a tunnel runs one gateway instance around the clock; its hourly price is the
 * catalog's on-demand price of the gateway flavor in that region. An on-prem site runs its own end, at no
 * cost the catalog knows.
 */
import { siteOfferingsOf } from './site-offerings.js';
import type { Catalog, SiteInfo } from './types.js';

/** Flavor of the WireGuard gateway instance per cloud: the smallest general-purpose x86 size with 2 GiB. */
export const GATEWAY_FLAVORS: Readonly<Record<'aws' | 'gcp' | 'azure', string>> = {
  aws: 't3.small',
  gcp: 'e2-small',
  azure: 'Standard_B2als_v2',
};

/** The part of a site the link rule reads. */
export interface TunnelEnd {
  readonly platform: string;
  readonly kind: SiteInfo['kind'];
}

/** True when two different sites are joined by a WireGuard tunnel (not peering): across clouds, or with an on-prem site. */
export function joinedByTunnel(a: TunnelEnd, b: TunnelEnd): boolean {
  return !(a.kind === 'cloud' && b.kind === 'cloud' && a.platform === b.platform);
}

/** The gateway flavor of a cloud site, undefined for an on-prem site or a cloud without one. */
export function gatewayFlavor(site: Pick<SiteInfo, 'platform' | 'kind'>): string | undefined {
  if (site.kind !== 'cloud') return undefined;
  return (GATEWAY_FLAVORS as Readonly<Record<string, string>>)[site.platform];
}

/**
 * USD per hour of the gateway a site runs while it is at the end of a tunnel: the catalog's on-demand price of
 * its gateway flavor there. Undefined for an on-prem site, and for a region whose catalog lacks the flavor (no
 * price is known, so none is charged; Atlas then records the gateway without a price).
 */
export function gatewayUsdHr(
  catalog: Pick<Catalog, 'offerings' | 'siteOfferings'>,
  site: Pick<SiteInfo, 'platform' | 'region' | 'kind'>,
): number | undefined {
  const flavor = gatewayFlavor(site);
  if (flavor === undefined) return undefined;
  const offerings = siteOfferingsOf(catalog, site.platform, site.region);
  const at = offerings.indexOf(flavor);
  return at < 0 ? undefined : offerings.at(at).priceUsdHr;
}
