/**
 * The index file is a faithful encoding: data decoded from it deep-equals the data built from providers/data,
 * and catalogs made from either answer every query identically. Also the loader's fallbacks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogData } from './catalog-data.js';
import { CatalogIndexVersionError, decodeCatalogIndex, encodeCatalogIndex } from './catalog-index.js';
import { writeCatalogIndex } from './build-index.js';
import { InMemoryCatalog } from './in-memory-catalog.js';
import { allOfferings } from './offering-set.js';
import { buildCatalogDataFromDir, loadBundledCatalogWithInfo, readCatalogIndex } from './load-catalog.js';

/** The data with its offerings as one plain array (the two builds hold them in different OfferingSet classes). */
const plain = (d: CatalogData): object => ({ ...d, offerings: allOfferings(d.offerings, d.sites.length) });

let dir: string;
let indexPath: string;
let built: CatalogData;
let fromIndex: CatalogData;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skycluster-catalog-'));
  indexPath = join(dir, 'catalog-index.json');
  writeCatalogIndex(indexPath);
  built = buildCatalogDataFromDir();
  fromIndex = readCatalogIndex(indexPath);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('catalog index', () => {
  it('decodes to exactly the data built from the files', () => {
    expect(plain(fromIndex)).toEqual(plain(built));
  });

  it('round-trips through encode/decode without the file', () => {
    expect(plain(decodeCatalogIndex(JSON.parse(JSON.stringify(encodeCatalogIndex(built)))))).toEqual(plain(built));
  });

  it('answers every egress and latency query like the in-memory build', () => {
    const a = new InMemoryCatalog(built);
    const b = new InMemoryCatalog(fromIndex);
    const sites = a.sites();
    expect(b.sites()).toEqual(sites);
    for (const s of sites) {
      expect(b.offerings(s.platform, s.region)).toEqual(a.offerings(s.platform, s.region));
      const src = { platform: s.platform, region: s.region, zone: s.zones[0]!.name };
      for (const d of sites) {
        const dst = { platform: d.platform, region: d.region, zone: d.zones[d.zones.length - 1]!.name };
        for (const gb of [1, 5_000, 250_000]) {
          const qa = a.egress(src, dst, gb);
          const qb = b.egress(src, dst, gb);
          if (qa.costUsd !== qb.costUsd || qa.rule !== qb.rule || qa.source !== qb.source) {
            throw new Error(`egress ${s.key} -> ${d.key} @${gb}: ${JSON.stringify(qa)} vs ${JSON.stringify(qb)}`);
          }
        }
        const la = a.latency(s.platform, s.region, d.platform, d.region);
        const lb = b.latency(s.platform, s.region, d.platform, d.region);
        if (JSON.stringify(la) !== JSON.stringify(lb)) throw new Error(`latency ${s.key} -> ${d.key}`);
      }
    }
  });

  it('rejects a document of another version', () => {
    expect(() => decodeCatalogIndex({ format: 'skycluster-catalog-index', version: -1 })).toThrow(CatalogIndexVersionError);
    expect(() => decodeCatalogIndex(null)).toThrow(CatalogIndexVersionError);
  });
});

describe('loader', () => {
  it('uses the index when present', () => {
    const loaded = loadBundledCatalogWithInfo({ indexPath });
    expect(loaded.from).toBe('index');
    expect(loaded.catalog.sites()).toHaveLength(built.sites.length);
  });

  it('builds in memory when the index is missing or stale', () => {
    const missing = loadBundledCatalogWithInfo({ indexPath: join(dir, 'absent.json') });
    expect(missing.from).toBe('data');
    expect(missing.fallbackReason).toMatch(/no index/);
    const stalePath = join(dir, 'stale.json');
    writeFileSync(stalePath, JSON.stringify({ format: 'skycluster-catalog-index', version: 0 }));
    expect(loadBundledCatalogWithInfo({ indexPath: stalePath }).from).toBe('data');
  });

  it('fails when the index is required but missing', () => {
    expect(() => loadBundledCatalogWithInfo({ indexPath: join(dir, 'absent.json'), from: 'index' })).toThrow();
  });
});
