/**
 * Inter-cluster connectivity: a link between two clusters of one plan exactly when components placed in
 * them exchange data (a Plan transfer between their sites). Inside one cloud the link is VPC/VNet peering;
 * across clouds, and to on-prem sites, it is a WireGuard tunnel between the two clusters' gateways.
 */
import type { Link } from '../api/atlas.js';

/** The part of a cluster the link rule reads. */
export interface LinkEndpoint {
  readonly name: string;
  readonly platform: string;
  readonly region: string;
  readonly siteKind: 'cloud' | 'onprem';
}

/** The part of a Plan transfer the link rule reads (sites are `platform/region/zone`). */
export interface LinkTransfer {
  readonly from: string;
  readonly to: string;
  readonly fromSite: string;
  readonly toSite: string;
}

/** `platform/region` of a `platform/region/zone` site. */
function regionOf(site: string): string {
  return site.split('/').slice(0, 2).join('/');
}

/** Peering inside one cloud, WireGuard otherwise (across clouds or with an on-prem site). */
export function transportBetween(a: LinkEndpoint, b: LinkEndpoint): Link['transport'] {
  return a.siteKind === 'cloud' && b.siteKind === 'cloud' && a.platform === b.platform ? 'peering' : 'wireguard';
}

/**
 * The links of one plan, sorted by (from, to), `from` the lower cluster name. Transfers inside one cluster
 * need no link; transfers whose site has no cluster are ignored (renderAtlas reports them first).
 */
export function linksOf(clusters: readonly LinkEndpoint[], transfers: readonly LinkTransfer[]): Link[] {
  const bySite = new Map(clusters.map((c) => [`${c.platform}/${c.region}`, c]));
  const pairs = new Map<string, { a: LinkEndpoint; b: LinkEndpoint; components: Set<string> }>();
  for (const t of transfers) {
    const x = bySite.get(regionOf(t.fromSite));
    const y = bySite.get(regionOf(t.toSite));
    if (!x || !y || x.name === y.name) continue;
    const [a, b] = x.name < y.name ? [x, y] : [y, x];
    const key = `${a.name} ${b.name}`;
    const entry = pairs.get(key) ?? { a, b, components: new Set<string>() };
    entry.components.add(`${t.from}->${t.to}`);
    pairs.set(key, entry);
  }
  return [...pairs.values()]
    .sort((p, q) => (p.a.name === q.a.name ? p.b.name.localeCompare(q.b.name) : p.a.name.localeCompare(q.a.name)))
    .map((p) => ({ from: p.a.name, to: p.b.name, transport: transportBetween(p.a, p.b), components: [...p.components].sort() }));
}
