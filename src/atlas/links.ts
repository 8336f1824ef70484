/**
 * Inter-cluster connectivity: a link between two clusters of one plan exactly when a component placed in one
 * exchanges data with a component placed in the other (a Plan transfer's edge, `from → to`, taken over every
 * cluster of each end: Harbor imports the receiver's Service into every cluster of the sender, and a clusterset
 * Service may send to any of its exporting clusters). Inside one cloud the link is VPC/VNet peering; across
 * clouds, and to on-prem sites, a WireGuard tunnel between the two clusters' gateways (src/catalog/gateway.ts,
 * the rule the optimizer prices).
 */
import type { Link } from '../api/atlas.js';
import { joinedByTunnel } from '../catalog/gateway.js';

/** The part of a cluster the link rule reads. */
export interface LinkEndpoint {
  readonly name: string;
  readonly platform: string;
  readonly region: string;
  readonly siteKind: 'cloud' | 'onprem';
}

/** The part of a Plan placement the link rule reads. */
export interface LinkPlacement {
  readonly component: string;
  readonly platform: string;
  readonly region: string;
}

/** The part of a Plan transfer the link rule reads: its edge. */
export interface LinkTransfer {
  readonly from: string;
  readonly to: string;
}

/** Peering inside one cloud, WireGuard otherwise (across clouds or with an on-prem site). */
export function transportBetween(a: LinkEndpoint, b: LinkEndpoint): Link['transport'] {
  return joinedByTunnel({ platform: a.platform, kind: a.siteKind }, { platform: b.platform, kind: b.siteKind }) ? 'wireguard' : 'peering';
}

/**
 * The links of one plan, sorted by (from, to), `from` the lower cluster name. An edge whose two ends share a
 * cluster needs no link there; placements whose site has no cluster are ignored (renderAtlas reports them first).
 */
export function linksOf(clusters: readonly LinkEndpoint[], placements: readonly LinkPlacement[], transfers: readonly LinkTransfer[]): Link[] {
  const bySite = new Map(clusters.map((c) => [`${c.platform}/${c.region}`, c]));
  const clustersOf = new Map<string, LinkEndpoint[]>();
  for (const p of placements) {
    const c = bySite.get(`${p.platform}/${p.region}`);
    if (!c) continue;
    const list = clustersOf.get(p.component) ?? [];
    if (!list.includes(c)) list.push(c);
    clustersOf.set(p.component, list);
  }
  const pairs = new Map<string, { a: LinkEndpoint; b: LinkEndpoint; components: Set<string> }>();
  for (const t of transfers) {
    for (const x of clustersOf.get(t.from) ?? []) {
      for (const y of clustersOf.get(t.to) ?? []) {
        if (x.name === y.name) continue;
        const [a, b] = x.name < y.name ? [x, y] : [y, x];
        const key = `${a.name} ${b.name}`;
        const entry = pairs.get(key) ?? { a, b, components: new Set<string>() };
        entry.components.add(`${t.from}->${t.to}`);
        pairs.set(key, entry);
      }
    }
  }
  return [...pairs.values()]
    .sort((p, q) => (p.a.name === q.a.name ? p.b.name.localeCompare(q.b.name) : p.a.name.localeCompare(q.a.name)))
    .map((p) => ({ from: p.a.name, to: p.b.name, transport: transportBetween(p.a, p.b), components: [...p.components].sort() }));
}
