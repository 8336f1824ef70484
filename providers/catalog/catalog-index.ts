/**
 * The compact index encoding of {@link CatalogData} (providers/catalog-index.json). Offerings, the bulk of the
 * catalog, are stored column-wise with a shared string table, so parsing is mostly numeric arrays; latencies are
 * stored column-wise by site position. `decodeCatalogIndex(encodeCatalogIndex(d))` deep-equals `d`. Pure.
 */
import type { Offering, Provenance, SiteInfo } from '../../src/catalog/types.js';
import {
  CATALOG_DATA_VERSION, type CatalogData, type EgressData, type LatencyEntry, deriveNameLabel, makeOffering,
} from './catalog-data.js';

/** Marker of the index format, checked before anything else is read. */
export const CATALOG_INDEX_FORMAT = 'skycluster-catalog-index';

/** Column-wise offerings. Optional cells use -1 (indices, spot price). */
interface OfferingColumns {
  readonly strings: string[];
  /** Offerings per site, in the order of `sites`. */
  readonly perSite: number[];
  readonly name: number[];
  readonly vcpus: number[];
  readonly ramGiB: number[];
  readonly gpuModel: number[];
  readonly gpuCount: number[];
  readonly price: number[];
  readonly spot: number[];
  readonly source: number[];
  /** Rows whose label is not the derived one (user data only), by row number. */
  readonly labels: Record<string, string>;
  /** Rows restricted to some zones (user data only), by row number. */
  readonly zones: Record<string, string[]>;
}

/** Column-wise latencies; sites by position in `sites`, sources by position in `sources`. */
interface LatencyColumns {
  readonly sources: string[];
  readonly src: number[];
  readonly dst: number[];
  readonly rttMs: number[];
  readonly source: number[];
}

/** The JSON document of the index file. */
export interface CatalogIndexFile {
  readonly format: typeof CATALOG_INDEX_FORMAT;
  readonly version: number;
  readonly provenance: readonly Provenance[];
  readonly sites: readonly SiteInfo[];
  readonly offerings: OfferingColumns;
  readonly egress: EgressData;
  readonly latencies: LatencyColumns;
}

/** The index was written by another version of the code (or is not an index): rebuild it. */
export class CatalogIndexVersionError extends Error {
  override readonly name = 'CatalogIndexVersionError';
}

function interner(strings: string[]): (s: string) => number {
  const at = new Map<string, number>();
  return (s) => {
    let i = at.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      at.set(s, i);
    }
    return i;
  };
}

/** Encodes catalog data as the index document (offerings must be grouped by site in the order of `sites`). */
export function encodeCatalogIndex(data: CatalogData): CatalogIndexFile {
  const strings: string[] = [];
  const intern = interner(strings);
  const cols: OfferingColumns = {
    strings, perSite: data.sites.map(() => 0), name: [], vcpus: [], ramGiB: [], gpuModel: [], gpuCount: [],
    price: [], spot: [], source: [], labels: {}, zones: {},
  };
  const position = new Map(data.sites.map((s, i) => [s.key, i]));
  let lastSite = -1;
  data.offerings.forEach((o, row) => {
    const site = position.get(`${o.platform}/${o.region}`);
    if (site === undefined || site < lastSite) throw new Error(`offerings not grouped by site at ${o.platform}/${o.region} ${o.name}`);
    lastSite = site;
    cols.perSite[site]! += 1;
    cols.name.push(intern(o.name));
    cols.vcpus.push(o.vcpus);
    cols.ramGiB.push(o.ramGiB);
    cols.gpuModel.push(o.gpuModel === undefined ? -1 : intern(o.gpuModel));
    cols.gpuCount.push(o.gpuCount);
    cols.price.push(o.priceUsdHr);
    cols.spot.push(o.spotPriceUsdHr ?? -1);
    cols.source.push(intern(o.source));
    if (o.nameLabel !== deriveNameLabel(o.vcpus, o.ramGiB)) cols.labels[row] = o.nameLabel;
    if (o.zones !== undefined) cols.zones[row] = [...o.zones];
  });
  const sources: string[] = [];
  const internSource = interner(sources);
  const lat: LatencyColumns = { sources, src: [], dst: [], rttMs: [], source: [] };
  for (const e of data.latencies) {
    const src = position.get(e.src);
    const dst = position.get(e.dst);
    if (src === undefined || dst === undefined) throw new Error(`latency entry names an unknown site: ${e.src} -> ${e.dst}`);
    lat.src.push(src);
    lat.dst.push(dst);
    lat.rttMs.push(e.rttMs);
    lat.source.push(internSource(e.source));
  }
  return {
    format: CATALOG_INDEX_FORMAT, version: data.version, provenance: data.provenance, sites: data.sites,
    offerings: cols, egress: data.egress, latencies: lat,
  };
}

function freezeSite(s: SiteInfo): SiteInfo {
  return Object.freeze({ ...s, zones: Object.freeze(s.zones.map((z) => Object.freeze({ ...z }))) });
}

/**
 * Decodes a parsed index document.
 * @throws CatalogIndexVersionError when the document is not an index of the current version
 * @throws Error when its columns are inconsistent
 */
export function decodeCatalogIndex(doc: unknown): CatalogData {
  const file = doc as Partial<CatalogIndexFile> | null;
  if (file === null || typeof file !== 'object' || file.format !== CATALOG_INDEX_FORMAT || file.version !== CATALOG_DATA_VERSION) {
    throw new CatalogIndexVersionError(`not a catalog index of version ${CATALOG_DATA_VERSION}`);
  }
  const { sites: rawSites, offerings: c, latencies: l, provenance, egress } = file as CatalogIndexFile;
  const sites = rawSites.map(freezeSite);
  const offerings: Offering[] = new Array<Offering>(c.name.length);
  const str = (i: number): string => {
    const s = c.strings[i];
    if (s === undefined) throw new Error(`catalog index: string ${i} out of range`);
    return s;
  };
  let row = 0;
  sites.forEach((site, si) => {
    const end = row + (c.perSite[si] ?? 0);
    for (; row < end; row++) {
      const gpu = c.gpuModel[row]!;
      const spot = c.spot[row]!;
      const zones = c.zones[row];
      offerings[row] = makeOffering({
        platform: site.platform, region: site.region,
        zones: zones === undefined ? undefined : Object.freeze([...zones]),
        name: str(c.name[row]!), nameLabel: c.labels[row], vcpus: c.vcpus[row]!, ramGiB: c.ramGiB[row]!,
        gpuModel: gpu < 0 ? undefined : str(gpu), gpuCount: c.gpuCount[row]!,
        priceUsdHr: c.price[row]!, spotPriceUsdHr: spot < 0 ? undefined : spot, source: str(c.source[row]!),
      });
    }
  });
  if (row !== c.name.length) throw new Error(`catalog index: ${c.name.length} offerings but per-site counts sum to ${row}`);
  const latencies: LatencyEntry[] = l.src.map((s, i) => ({
    src: sites[s]!.key, dst: sites[l.dst[i]!]!.key, rttMs: l.rttMs[i]!, source: l.sources[l.source[i]!]!,
  }));
  return { version: CATALOG_DATA_VERSION, provenance: provenance.map((p) => Object.freeze({ ...p })), sites, offerings, egress, latencies };
}
