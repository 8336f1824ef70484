/**
 * The compact index encoding of {@link CatalogData} (providers/catalog-index.json). Offerings, the bulk of the
 * catalog, and latencies are stored column-wise as base64 typed arrays plus a string table, so JSON.parse sees a
 * few long strings instead of 500k numbers, and decoding allocates no Offering until a site is asked for (see
 * ColumnarOfferingSet). Decoding the encoding gives data equal to the input (offerings compared site by site).
 * Pure (Buffer is used only for base64).
 */
import type { Provenance, SiteInfo } from '../../src/catalog/types.js';
import { CATALOG_DATA_VERSION, type CatalogData, type EgressData, type LatencyEntry } from './catalog-data.js';
import { ColumnarOfferingSet } from './columnar-offering-set.js';
import { allOfferings } from './offering-set.js';

/** Marker of the index format, checked before anything else is read. */
export const CATALOG_INDEX_FORMAT = 'skycluster-catalog-index';

/**
 * Column-wise offerings. Numbers travel as base64 typed arrays in the host's byte order (see `littleEndian`):
 * parsing them costs one string copy and no per-number allocation.
 */
interface OfferingColumns {
  readonly count: number;
  readonly strings: string[];
  /** Offerings per site, in the order of `sites`. */
  readonly perSite: number[];
  /** Float64Array of 5 x count: vcpus, ramGiB, gpuCount, priceUsdHr, spotPriceUsdHr (NaN: none). */
  readonly f64: string;
  /**
   * Int32Array of 5 x count, indices into `strings` (-1: none): name, gpuModel, source, nameLabel (stored, not
   * re-derived: formatting numbers was the slowest part of a decode), and an index into `zoneLists` (-1: every zone).
   */
  readonly i32: string;
  readonly zoneLists: string[][];
}

/** Column-wise latencies: Float64Array rttMs; Int32Array of 3 x count: src site, dst site, source. */
interface LatencyColumns {
  readonly count: number;
  readonly sources: string[];
  readonly f64: string;
  readonly i32: string;
}

/** The JSON document of the index file. */
export interface CatalogIndexFile {
  readonly format: typeof CATALOG_INDEX_FORMAT;
  readonly version: number;
  /** Byte order of the typed arrays; an index of the other order is treated as stale. */
  readonly littleEndian: boolean;
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

/** True on little-endian hosts (every platform Node supports today except s390x). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toBase64(view: Float64Array | Int32Array): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

function f64From(b64: string, length: number): Float64Array {
  const bytes = Buffer.from(b64, 'base64');
  // Copy into a fresh, aligned buffer: a decoded Buffer may sit at any offset of a shared pool.
  const out = new Float64Array(length);
  new Uint8Array(out.buffer).set(bytes.subarray(0, length * 8));
  if (bytes.length !== length * 8) throw new Error(`catalog index: expected ${length} float64 values`);
  return out;
}

function i32From(b64: string, length: number): Int32Array {
  const bytes = Buffer.from(b64, 'base64');
  const out = new Int32Array(length);
  new Uint8Array(out.buffer).set(bytes.subarray(0, length * 4));
  if (bytes.length !== length * 4) throw new Error(`catalog index: expected ${length} int32 values`);
  return out;
}

/** Encodes catalog data as the index document (offerings must be grouped by site in the order of `sites`). */
export function encodeCatalogIndex(data: CatalogData): CatalogIndexFile {
  const strings: string[] = [];
  const intern = interner(strings);
  const n = data.offerings.size;
  const f = new Float64Array(5 * n);
  const k = new Int32Array(5 * n);
  const perSite = data.sites.map((_, i) => data.offerings.ofSite(i).length);
  const zoneLists: string[][] = [];
  const position = new Map(data.sites.map((s, i) => [s.key, i]));
  allOfferings(data.offerings, data.sites.length).forEach((o, r) => {
    f[r] = o.vcpus;
    f[n + r] = o.ramGiB;
    f[2 * n + r] = o.gpuCount;
    f[3 * n + r] = o.priceUsdHr;
    f[4 * n + r] = o.spotPriceUsdHr ?? Number.NaN;
    k[r] = intern(o.name);
    k[n + r] = o.gpuModel === undefined ? -1 : intern(o.gpuModel);
    k[2 * n + r] = intern(o.source);
    k[3 * n + r] = intern(o.nameLabel);
    k[4 * n + r] = o.zones === undefined ? -1 : zoneLists.push([...o.zones]) - 1;
  });
  const sources: string[] = [];
  const internSource = interner(sources);
  const m = data.latencies.length;
  const lf = new Float64Array(m);
  const lk = new Int32Array(3 * m);
  data.latencies.forEach((e, r) => {
    const src = position.get(e.src);
    const dst = position.get(e.dst);
    if (src === undefined || dst === undefined) throw new Error(`latency entry names an unknown site: ${e.src} -> ${e.dst}`);
    lf[r] = e.rttMs;
    lk[r] = src;
    lk[m + r] = dst;
    lk[2 * m + r] = internSource(e.source);
  });
  return {
    format: CATALOG_INDEX_FORMAT,
    version: data.version,
    littleEndian: HOST_LITTLE_ENDIAN,
    provenance: data.provenance,
    sites: data.sites,
    offerings: { count: n, strings, perSite, f64: toBase64(f), i32: toBase64(k), zoneLists },
    egress: data.egress,
    latencies: { count: m, sources, f64: toBase64(lf), i32: toBase64(lk) },
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
  if (
    file === null ||
    typeof file !== 'object' ||
    file.format !== CATALOG_INDEX_FORMAT ||
    file.version !== CATALOG_DATA_VERSION ||
    file.littleEndian !== HOST_LITTLE_ENDIAN
  ) {
    throw new CatalogIndexVersionError(`not a catalog index of version ${CATALOG_DATA_VERSION} in this host's byte order`);
  }
  const { sites: rawSites, offerings: c, latencies: l, provenance, egress } = file as CatalogIndexFile;
  const sites = rawSites.map(freezeSite);
  const offerings = new ColumnarOfferingSet(sites, {
    count: c.count,
    strings: c.strings,
    perSite: c.perSite,
    zoneLists: c.zoneLists,
    f64: f64From(c.f64, 5 * c.count),
    i32: i32From(c.i32, 5 * c.count),
  });
  const m = l.count;
  const lf = f64From(l.f64, m);
  const lk = i32From(l.i32, 3 * m);
  const latencies: LatencyEntry[] = new Array<LatencyEntry>(m);
  for (let i = 0; i < m; i++) {
    const src = sites[lk[i]!];
    const dst = sites[lk[m + i]!];
    const source = l.sources[lk[2 * m + i]!];
    if (src === undefined || dst === undefined || source === undefined) throw new Error(`catalog index: latency row ${i} out of range`);
    latencies[i] = { src: src.key, dst: dst.key, rttMs: lf[i]!, source };
  }
  return { version: CATALOG_DATA_VERSION, provenance: provenance.map((p) => Object.freeze({ ...p })), sites, offerings, egress, latencies };
}
