/** The bundled provider catalog: loader, extension and the in-memory implementation of src/catalog/types.ts. */
export {
  loadBundledCatalog,
  loadBundledCatalogWithInfo,
  readCatalogIndex,
  readDataFiles,
  buildCatalogDataFromDir,
  bundledDataDir,
  bundledIndexPath,
  packageRoot,
  extendCatalog,
  type LoadCatalogOptions,
  type LoadedCatalog,
} from './load-catalog.js';
export { CatalogInputError, type CatalogInputIssue, type SiteLatency } from './extend-catalog.js';
export { InMemoryCatalog } from './in-memory-catalog.js';
export { buildCatalogData } from './build-catalog-data.js';
export { encodeCatalogIndex, decodeCatalogIndex, CatalogIndexVersionError, type CatalogIndexFile } from './catalog-index.js';
export { writeCatalogIndex, type WrittenIndex } from './build-index.js';
export type { CatalogData, TierTable, TierMode } from './catalog-data.js';
