/**
 * Assembles {@link CatalogData} from the texts of the files under providers/data. Pure (the caller reads the
 * files): used by the index build step and by the loader's in-memory fallback.
 */
import type { Provenance } from '../../src/catalog/types.js';
import { CATALOG_DATA_VERSION, type CatalogData, compareStrings } from './catalog-data.js';
import { RULE_PROVENANCE } from './catalog-rules.js';
import { buildEgress } from './build-egress.js';
import { buildLatency } from './build-latency.js';
import { buildOfferings } from './build-offerings.js';
import { buildSites } from './build-sites.js';
import type { DataFiles } from './data-files.js';

/**
 * Builds the whole bundled catalog as data.
 * @param files the text of every data file, by role (see DATA_FILES)
 * @throws Error naming the file (and row) of malformed input, or a duplicate provenance id
 */
export function buildCatalogData(files: DataFiles): CatalogData {
  const sites = buildSites(files);
  const known = new Set(sites.sites.map((s) => s.key));
  const offerings = buildOfferings(files, sites.sites);
  const egress = buildEgress(files, sites.sites);
  const latency = buildLatency(files, known);
  return {
    version: CATALOG_DATA_VERSION,
    provenance: mergeProvenance([...sites.provenance, ...offerings.provenance, ...egress.provenance, ...latency.provenance, ...RULE_PROVENANCE]),
    sites: sites.sites,
    offerings: offerings.offerings,
    egress: egress.egress,
    latencies: latency.latencies,
  };
}

/**
 * Sorts provenance entries by id and freezes them.
 * @throws Error when two different entries share an id
 */
export function mergeProvenance(entries: readonly Provenance[]): readonly Provenance[] {
  const byId = new Map<string, Provenance>();
  for (const p of entries) {
    const seen = byId.get(p.id);
    if (seen !== undefined && (seen.description !== p.description || seen.date !== p.date || seen.file !== p.file)) {
      throw new Error(`duplicate provenance id "${p.id}" with different content`);
    }
    byId.set(p.id, Object.freeze({ ...p }));
  }
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}
