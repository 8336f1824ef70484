/**
 * Egress pricing over precomputed maps. The rule of a pair of sites is resolved once and cached in a dense
 * per-pair array, so a call is two map lookups, one array read and one small result object; tier arithmetic
 * runs only for tiered rules.
 *
 * Rules, in order:
 * 1. same site, same zone: 0 (same-zone); same site, other zone: the cloud's inter-zone price (inter-zone);
 * 2. out of an on-prem site: its registered tiers, else 0 (onprem-tier);
 * 3. cloud into an on-prem site: the source's internet tiers (internet-tier);
 * 4. the Skyplane grid's price for the pair (skyplane-grid);
 * 5. same cloud: the cloud's inter-region table, else its continent-pair price (cloud-inter-region);
 * 6. otherwise: the source region's internet tiers, else the cloud's default tiers (internet-tier).
 */
import type { EgressQuote, LocationRef, SiteInfo } from '../../src/catalog/types.js';
import type { ContinentPrice, EgressData, FlatPrice, InternetDestination, PairPrice, TierTable } from './catalog-data.js';
import { RULE_SOURCES } from './catalog-rules.js';
import type { SiteIndex } from './site-index.js';
import { priceTiered } from './tier-pricing.js';

/** A resolved pricing rule of one pair: a flat price or a tier table. */
type PairRule =
  | { readonly kind: 'flat'; readonly rule: string; readonly source: string; readonly usdPerGB: number }
  | { readonly kind: 'tiered'; readonly rule: string; readonly source: string; readonly table: TierTable };

const SAME_ZONE: PairRule = Object.freeze({ kind: 'flat', rule: 'same-zone', source: RULE_SOURCES.sameZone, usdPerGB: 0 });
const INTER_ZONE_FREE: PairRule = Object.freeze({ kind: 'flat', rule: 'inter-zone', source: RULE_SOURCES.onpremFree, usdPerGB: 0 });
const ONPREM_FREE: PairRule = Object.freeze({ kind: 'flat', rule: 'onprem-tier', source: RULE_SOURCES.onpremFree, usdPerGB: 0 });

function flat(rule: string, price: FlatPrice): PairRule {
  return Object.freeze({ kind: 'flat', rule, source: price.source, usdPerGB: price.usdPerGB });
}

function tiered(rule: string, table: TierTable): PairRule {
  return Object.freeze({ kind: 'tiered', rule, source: table.source, table });
}

/** Destination class of an internet price list for a destination site (GCP prices China and Australia apart). */
function destinationOf(dst: SiteInfo | undefined): InternetDestination {
  if (dst?.country === 'AU') return 'australia';
  if (dst?.country === 'CN') return 'china';
  return 'worldwide';
}

/** Prices transfers between locations of a fixed set of sites. */
export class EgressModel {
  private readonly pairs = new Map<string, PairPrice>();
  private readonly continents = new Map<string, ContinentPrice>();
  private readonly internet = new Map<string, TierTable>();
  private readonly own = new Map<string, TierTable>();
  private readonly defaults = new Map<string, TierTable>();
  private readonly interZone: PairRule[];
  private readonly interZoneByPlatform = new Map<string, PairRule>();
  private readonly cache: (PairRule | undefined)[];
  private readonly n: number;

  /**
   * @param index positions of the catalog's sites
   * @param data the egress tables
   */
  constructor(
    private readonly index: SiteIndex,
    data: EgressData,
  ) {
    for (const p of data.pairs) this.pairs.set(`${p.src}|${p.dst}`, p);
    for (const c of data.continentPrices) this.continents.set(`${c.platform}|${c.srcContinent}|${c.dstContinent}`, c);
    for (const t of data.internetTiers) this.internet.set(`${t.site}|${t.destination}`, t.table);
    for (const t of data.siteOwnTiers) this.own.set(t.site, t.table);
    for (const [platform, table] of Object.entries(data.defaultInternetTiers)) this.defaults.set(platform, table);
    this.n = index.size;
    for (const [platform, price] of Object.entries(data.interZone)) this.interZoneByPlatform.set(platform, flat('inter-zone', price));
    this.interZone = index.sites.map((s) => this.interZoneOf(s.platform));
    // A dense array (not a Map): the pair's position is computed, no key string is built per call.
    this.cache = new Array<PairRule | undefined>(this.n * this.n);
  }

  /** Egress price from `src` to `dst` for `monthlyGB` (see the rules in the module comment). */
  quote(src: LocationRef, dst: LocationRef, monthlyGB: number): EgressQuote {
    const i = this.index.indexOf(src.platform, src.region);
    const j = this.index.indexOf(dst.platform, dst.region);
    let rule: PairRule;
    if (i >= 0 && j >= 0) {
      if (i === j) rule = src.zone === dst.zone ? SAME_ZONE : this.interZone[i]!;
      else rule = this.cache[i * this.n + j] ?? (this.cache[i * this.n + j] = this.resolve(this.index.sites[i]!, this.index.sites[j]));
    } else {
      rule = this.resolveUnknown(src, dst, i, j);
    }
    return toQuote(rule, monthlyGB);
  }

  /** Rule of two different sites; `b` undefined means a destination outside the catalog. */
  private resolve(a: SiteInfo, b: SiteInfo | undefined): PairRule {
    if (a.kind === 'onprem') {
      const own = this.own.get(a.key);
      return own === undefined ? ONPREM_FREE : tiered('onprem-tier', own);
    }
    if (b === undefined || b.kind === 'onprem') return this.internetRule(a, b);
    const pair = this.pairs.get(`${a.key}|${b.key}`);
    if (pair !== undefined) return flat(pair.rule, pair);
    if (a.platform === b.platform) {
      const c = this.continents.get(`${a.platform}|${a.continent ?? ''}|${b.continent ?? ''}`);
      if (c !== undefined) return flat('cloud-inter-region', c);
    }
    return this.internetRule(a, b);
  }

  private internetRule(a: SiteInfo, b: SiteInfo | undefined): PairRule {
    const table =
      this.own.get(a.key) ??
      this.internet.get(`${a.key}|${destinationOf(b)}`) ??
      this.internet.get(`${a.key}|worldwide`) ??
      this.defaults.get(a.platform);
    return table === undefined ? ONPREM_FREE : tiered('internet-tier', table);
  }

  /** Slow path for locations outside the catalog (not cached: the key space is open). */
  private resolveUnknown(src: LocationRef, dst: LocationRef, i: number, j: number): PairRule {
    if (src.platform === dst.platform && src.region === dst.region) {
      if (src.zone === dst.zone) return SAME_ZONE;
      return this.interZoneOf(src.platform);
    }
    if (i >= 0) return this.resolve(this.index.sites[i]!, j >= 0 ? this.index.sites[j] : undefined);
    const defaults = this.defaults.get(src.platform);
    return defaults === undefined ? ONPREM_FREE : tiered('internet-tier', defaults);
  }

  /** Inter-zone rule of a platform; platforms without a listed price (on-prem) transfer between zones for free. */
  private interZoneOf(platform: string): PairRule {
    return this.interZoneByPlatform.get(platform) ?? INTER_ZONE_FREE;
  }
}

function toQuote(rule: PairRule, monthlyGB: number): EgressQuote {
  if (rule.kind === 'flat') {
    return { costUsd: rule.usdPerGB * monthlyGB, usdPerGB: monthlyGB > 0 ? rule.usdPerGB : 0, rule: rule.rule, source: rule.source };
  }
  const costUsd = priceTiered(rule.table, monthlyGB);
  return { costUsd, usdPerGB: monthlyGB > 0 ? costUsd / monthlyGB : 0, rule: rule.rule, source: rule.source };
}
