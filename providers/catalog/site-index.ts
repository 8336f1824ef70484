/** O(1) lookup of a site's position by (platform, region) without building a key string per call. */
import type { SiteInfo } from '../../src/catalog/types.js';

/** Positions of sites in a fixed array, by platform then region. */
export class SiteIndex {
  private readonly byPlatform = new Map<string, Map<string, number>>();

  /** @param sites the catalog's sites; positions refer to this array */
  constructor(readonly sites: readonly SiteInfo[]) {
    sites.forEach((site, i) => {
      let regions = this.byPlatform.get(site.platform);
      if (regions === undefined) this.byPlatform.set(site.platform, (regions = new Map()));
      regions.set(site.region, i);
    });
  }

  /** Number of sites. */
  get size(): number {
    return this.sites.length;
  }

  /** Position of the site, or -1 when unknown. */
  indexOf(platform: string, region: string): number {
    return this.byPlatform.get(platform)?.get(region) ?? -1;
  }
}
