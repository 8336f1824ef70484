/**
 * A small in-memory Catalog for tests: explicit sites, offerings, an egress price per site pair (or zone pair)
 * and an RTT per site pair. Independent of the bundled catalog's implementation.
 */
import type { Catalog, EgressQuote, LatencyQuote, LocationRef, Offering, Provenance, SiteInfo } from '../../src/catalog/types.js';

export interface FakeCatalogSpec {
  readonly sites: readonly SiteInfo[];
  readonly offerings: readonly Offering[];
  /** USD/GB by `${srcSiteKey}|${dstSiteKey}`; same site, other zone: interZoneUsdPerGB; same zone: 0. */
  readonly egressUsdPerGB: ReadonlyMap<string, number>;
  readonly interZoneUsdPerGB?: number;
  /** RTT ms by `${a}|${b}` (symmetric lookup); same site: 1 ms unless given. */
  readonly rttMs: ReadonlyMap<string, number>;
}

export class FakeCatalog implements Catalog {
  readonly provenance: readonly Provenance[] = [{ id: 'test', description: 'test fixture', date: '2026-01-01' }];
  private readonly byKey: Map<string, SiteInfo>;
  private readonly offeringsByKey = new Map<string, Offering[]>();

  constructor(private readonly spec: FakeCatalogSpec) {
    this.byKey = new Map(spec.sites.map((s) => [s.key, s]));
    for (const o of spec.offerings) {
      const key = `${o.platform}/${o.region}`;
      this.offeringsByKey.set(key, [...(this.offeringsByKey.get(key) ?? []), o]);
    }
  }

  sites(): readonly SiteInfo[] {
    return this.spec.sites;
  }

  site(platform: string, region: string): SiteInfo | undefined {
    return this.byKey.get(`${platform}/${region}`);
  }

  offerings(platform: string, region: string): readonly Offering[] {
    return this.offeringsByKey.get(`${platform}/${region}`) ?? [];
  }

  egress(src: LocationRef, dst: LocationRef, monthlyGB: number): EgressQuote {
    const a = `${src.platform}/${src.region}`;
    const b = `${dst.platform}/${dst.region}`;
    let usdPerGB: number;
    let rule: string;
    if (a === b) {
      usdPerGB = src.zone === dst.zone ? 0 : (this.spec.interZoneUsdPerGB ?? 0.01);
      rule = src.zone === dst.zone ? 'same-zone' : 'inter-zone';
    } else {
      usdPerGB = this.spec.egressUsdPerGB.get(`${a}|${b}`) ?? 0.09;
      rule = 'table';
    }
    return { costUsd: usdPerGB * monthlyGB, usdPerGB: monthlyGB > 0 ? usdPerGB : 0, rule, source: 'test' };
  }

  latency(sp: string, sr: string, dp: string, dr: string): LatencyQuote | undefined {
    const a = `${sp}/${sr}`;
    const b = `${dp}/${dr}`;
    if (!this.byKey.has(a) || !this.byKey.has(b)) return undefined;
    const v = this.spec.rttMs.get(`${a}|${b}`) ?? this.spec.rttMs.get(`${b}|${a}`) ?? (a === b ? 1 : undefined);
    return v === undefined ? undefined : { rttMs: v, estimated: false, source: 'test' };
  }
}
