/**
 * Build step: writes providers/catalog-index.json from providers/data. Run as
 * `node dist/providers/catalog/build-index.js [indexPath]` (part of `npm run build`).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeCatalogIndex } from './catalog-index.js';
import { buildCatalogDataFromDir, bundledDataDir, bundledIndexPath } from './load-catalog.js';

/** What {@link writeCatalogIndex} wrote. */
export interface WrittenIndex {
  readonly path: string;
  readonly bytes: number;
  readonly sites: number;
  readonly offerings: number;
  readonly latencies: number;
}

/**
 * Builds the catalog from a data folder and writes its index.
 * @param indexPath @default providers/catalog-index.json of this package
 * @param dataDir @default providers/data of this package
 */
export function writeCatalogIndex(indexPath: string = bundledIndexPath(), dataDir: string = bundledDataDir()): WrittenIndex {
  const data = buildCatalogDataFromDir(dataDir);
  const text = JSON.stringify(encodeCatalogIndex(data));
  writeFileSync(indexPath, text);
  return {
    path: indexPath,
    bytes: Buffer.byteLength(text),
    sites: data.sites.length,
    offerings: data.offerings.size,
    latencies: data.latencies.length,
  };
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const started = performance.now();
  const out = writeCatalogIndex(process.argv[2]);
  const ms = (performance.now() - started).toFixed(0);
  process.stdout.write(
    `catalog index: ${out.path} (${(out.bytes / 1024).toFixed(0)} KiB; ${out.sites} sites, ` +
      `${out.offerings} offerings, ${out.latencies} measured RTTs) in ${ms} ms\n`,
  );
}
