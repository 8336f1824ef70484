/**
 * Offerings of the bundled catalog: every row of catalog_aws.csv, catalog_gcp.csv and catalog_azure.csv.
 * Each row's `source` column becomes the offering's provenance id, and one Provenance entry is made per
 * distinct source string. Pure: takes file texts, returns data.
 */
import type { Offering, Provenance, SiteInfo } from '../../src/catalog/types.js';
import { compareOfferings, compareStrings, makeOffering, siteKeyOf } from './catalog-data.js';
import { parseCsvTable, parseOptionalNumber, parseRequiredNumber } from './csv-table.js';
import { DATA_FILES, type DataFileRole, type DataFiles } from './data-files.js';
import { ArrayOfferingSet } from './offering-set.js';

/** Offerings (per site position in `sites`) and the provenance entries of their sources. */
export interface BuiltOfferings {
  readonly offerings: ArrayOfferingSet;
  readonly provenance: readonly Provenance[];
}

const OFFERING_FILES: readonly DataFileRole[] = ['offeringsAws', 'offeringsGcp', 'offeringsAzure'];

/** The columns of the bundled catalog's offering CSV files (also what `provider refresh --catalog` reads). */
export const OFFERING_COLUMNS = [
  'cloud',
  'region',
  'instance_type',
  'vcpus',
  'memory_gib',
  'gpu_model',
  'gpu_count',
  'ondemand_usd_hr',
  'spot_usd_hr',
  'source',
] as const;

/** What the known parts of a row's source string mean (the data set's README names these lists). */
const SOURCE_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^sparecores/, 'Spare Cores price snapshot (sparecores.com)'],
  [/^infracost/, 'Infracost cloud pricing data'],
  [/^karpenter/, 'AWS Karpenter bundled price list (aws/karpenter-provider-aws)'],
  [/^cyclenerd/, 'GCP price list of Cyclenerd/google-cloud-pricing-cost-calculator'],
  [/^skypilot-via-anycloud/, "SkyPilot's catalog as republished by anycloud-sh/catalog"],
  [/^anycloud/, 'Azure price list of anycloud-sh/catalog'],
  [/^ec2details/, 'ec2details price snapshot'],
  [/^derived:family-ratio/, "filled in from the same instance family's price ratio (least certain)"],
  [/^derived:metal=nonmetal/, 'bare-metal size priced as its non-metal equivalent'],
  [/^gpu:/, 'GPU name/count annotated by the data set compiler'],
];

/** Human description of one source string, e.g. `sparecores-2024-02-21|spot:infracost-2024-08-09`. */
function describeSource(source: string, file: string, fallbackDate: string, hasDate: boolean): string {
  const parts = source.split(/[|;]/).map((part) => {
    const spot = part.startsWith('spot:');
    const body = spot ? part.slice(5) : part;
    const known = SOURCE_NAMES.find(([re]) => re.test(body));
    const what = known === undefined ? body : `${known[1]} [${body}]`;
    return spot ? `spot price: ${what}` : what;
  });
  const dateNote = hasDate
    ? 'date = date of the on-demand price list'
    : `no on-demand date in the source string; date = newest price list in ${file} (${fallbackDate})`;
  return `Instance prices (${file}): ${parts.join('; ')}. ${dateNote}.`;
}

/** The ISO date (YYYY-MM-DD or YYYY-MM) of the on-demand price: the first one before any `|` (spot part). */
function onDemandDate(source: string): string | undefined {
  return /\d{4}-\d{2}(?:-\d{2})?/.exec(source.split('|')[0] ?? '')?.[0];
}

/**
 * Builds the offerings of every known site.
 * @param sites the sites, sorted; a row whose region is not a site is an error
 * @throws Error naming the file and row of a malformed or unknown row
 */
export function buildOfferings(files: DataFiles, sites: readonly SiteInfo[]): BuiltOfferings {
  const bySite = new Map<string, Offering[]>(sites.map((s) => [s.key, []]));
  const sourceFiles = new Map<string, { file: string; newest: string }>();
  for (const role of OFFERING_FILES) {
    const file = DATA_FILES[role];
    const table = parseCsvTable(files[role], file, OFFERING_COLUMNS);
    const sourcesHere = new Set<string>();
    let newest = '';
    for (let r = 0; r < table.rowCount; r++) {
      const platform = table.get(r, 'cloud');
      const region = table.get(r, 'region');
      const list = bySite.get(siteKeyOf(platform, region));
      if (list === undefined) throw new Error(`${file}: row ${r + 2}: region ${platform}/${region} is not in ${DATA_FILES.regions}`);
      const source = table.get(r, 'source');
      const gpuModel = table.get(r, 'gpu_model');
      list.push(
        makeOffering({
          platform,
          region,
          zones: undefined,
          name: table.get(r, 'instance_type'),
          vcpus: parseRequiredNumber(table.get(r, 'vcpus'), file, r, 'vcpus'),
          ramGiB: parseRequiredNumber(table.get(r, 'memory_gib'), file, r, 'memory_gib'),
          gpuModel: gpuModel === '' ? undefined : gpuModel,
          gpuCount: parseOptionalNumber(table.get(r, 'gpu_count'), file, r, 'gpu_count') ?? 0,
          priceUsdHr: parseRequiredNumber(table.get(r, 'ondemand_usd_hr'), file, r, 'ondemand_usd_hr'),
          spotPriceUsdHr: parseOptionalNumber(table.get(r, 'spot_usd_hr'), file, r, 'spot_usd_hr'),
          source,
        }),
      );
      sourcesHere.add(source);
      const date = onDemandDate(source);
      if (date !== undefined && date > newest) newest = date;
    }
    for (const source of sourcesHere) {
      const seen = sourceFiles.get(source);
      sourceFiles.set(source, { file: seen === undefined ? file : `${seen.file}, ${file}`, newest });
    }
  }
  const offerings = new ArrayOfferingSet(sites.map((site) => (bySite.get(site.key) ?? []).sort(compareOfferings)));
  const provenance: Provenance[] = [...sourceFiles.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([id, { file, newest }]) => {
      const date = onDemandDate(id);
      return {
        id,
        description: describeSource(id, file, newest, date !== undefined),
        date: date ?? newest,
        file,
      };
    });
  return { offerings, provenance };
}
