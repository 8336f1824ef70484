/**
 * The I/O side of the bundled catalog: finds providers/data and providers/catalog-index.json next to the
 * package (relative to this module, so it works from dist/ and from the TypeScript sources under vitest),
 * reads them, and hands plain data to the pure {@link InMemoryCatalog}.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse as parsePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogData } from './catalog-data.js';
import { CatalogIndexVersionError, decodeCatalogIndex } from './catalog-index.js';
import { buildCatalogData } from './build-catalog-data.js';
import { DATA_FILES, type DataFileRole, type DataFiles } from './data-files.js';
import { InMemoryCatalog } from './in-memory-catalog.js';

export { extendCatalog } from './extend-catalog.js';

/** Where a catalog is read from. */
export interface LoadCatalogOptions {
  /** Index file. @default providers/catalog-index.json of this package */
  readonly indexPath?: string;
  /** Data folder (used when the index is missing or stale). @default providers/data of this package */
  readonly dataDir?: string;
  /**
   * `auto`: the index when it exists and has the current version, else build from the data folder (slower);
   * `index`: the index only (throws when missing); `data`: always build from the data folder.
   * @default 'auto'
   */
  readonly from?: 'auto' | 'index' | 'data';
}

/** How a catalog was loaded (see {@link loadBundledCatalogWithInfo}). */
export interface LoadedCatalog {
  readonly catalog: InMemoryCatalog;
  /** `index` when read from the index file, `data` when built from the data folder. */
  readonly from: 'index' | 'data';
  /** Why the index was not used, when `from` is `data` in `auto` mode. */
  readonly fallbackReason?: string;
}

const MARKER = join('providers', 'data', 'PROVENANCE.md');

/**
 * The package root: the nearest folder above this module holding providers/data/PROVENANCE.md
 * (two levels up from providers/catalog/*.ts, three from dist/providers/catalog/*.js).
 * @throws Error when no such folder exists
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  const top = parsePath(dir).root;
  for (;;) {
    if (existsSync(join(dir, MARKER))) return dir;
    if (dir === top) throw new Error(`providers/data not found above ${fileURLToPath(import.meta.url)}`);
    dir = dirname(dir);
  }
}

/** providers/data of this package. */
export function bundledDataDir(): string {
  return join(packageRoot(), 'providers', 'data');
}

/** providers/catalog-index.json of this package (written by build-index.ts). */
export function bundledIndexPath(): string {
  return join(packageRoot(), 'providers', 'catalog-index.json');
}

/**
 * Reads every data file the catalog is built from.
 * @throws Error (from fs) when a file is missing
 */
export function readDataFiles(dataDir: string = bundledDataDir()): DataFiles {
  const files = {} as Record<DataFileRole, string>;
  for (const role of Object.keys(DATA_FILES) as DataFileRole[]) {
    files[role] = readFileSync(join(dataDir, DATA_FILES[role]), 'utf8');
  }
  return files;
}

/** Builds the catalog data from the CSV/JSON files of a data folder (the slow path). */
export function buildCatalogDataFromDir(dataDir: string = bundledDataDir()): CatalogData {
  return buildCatalogData(readDataFiles(dataDir));
}

/**
 * Reads and decodes an index file.
 * @throws CatalogIndexVersionError when it is of another version; Error (from fs) when missing
 */
export function readCatalogIndex(indexPath: string = bundledIndexPath()): CatalogData {
  return decodeCatalogIndex(JSON.parse(readFileSync(indexPath, 'utf8')) as unknown);
}

/** Loads the bundled catalog and says whether the index or the data folder was used. */
export function loadBundledCatalogWithInfo(options: LoadCatalogOptions = {}): LoadedCatalog {
  const from = options.from ?? 'auto';
  const fromData = (fallbackReason?: string): LoadedCatalog => ({
    catalog: new InMemoryCatalog(buildCatalogDataFromDir(options.dataDir)),
    from: 'data',
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
  });
  if (from === 'data') return fromData();
  const indexPath = options.indexPath ?? bundledIndexPath();
  if (from === 'auto' && !existsSync(indexPath)) return fromData(`no index at ${indexPath}`);
  try {
    return { catalog: new InMemoryCatalog(readCatalogIndex(indexPath)), from: 'index' };
  } catch (err) {
    if (from === 'auto' && err instanceof CatalogIndexVersionError) return fromData(`${indexPath}: ${err.message}`);
    throw err;
  }
}

/**
 * Loads the bundled catalog: from providers/catalog-index.json when it exists and is current (fast), else
 * built in memory from providers/data.
 */
export function loadBundledCatalog(options: LoadCatalogOptions = {}): InMemoryCatalog {
  return loadBundledCatalogWithInfo(options).catalog;
}
