/**
 * Names of the files under providers/data that the catalog is built from. The names are the original ones
 * (they carry the source and the snapshot date); PROVENANCE.md beside them says where each comes from.
 */

/** Every data file the build reads, by role. */
export const DATA_FILES = {
  offeringsAws: 'catalog_aws.csv',
  offeringsGcp: 'catalog_gcp.csv',
  offeringsAzure: 'catalog_azure.csv',
  regions: 'regions.csv',
  skypilotVms: 'skypilot_vms_aws_gcp_azure.csv',
  clusterFees: 'cluster-fees.json',
  interZoneEgress: 'inter-zone-egress.json',
  coordinateCorrections: 'region-coordinate-corrections.json',
  skyplaneCostGrid: 'skyplane_profiles_cost_grid_2022-05-10.csv',
  awsTransferCosts: 'skyplane_aws_transfer_costs_2023-04-27.csv',
  internetTiers: 'internet_egress_tiers_coroot_infracost_2024-08-09.csv',
  gcpInternetTiers: 'gcp_internet_egress_cyclenerd_2026-07-30.csv',
  skypilotEgressConstants: 'skypilot_get_egress_cost_constants.csv',
  awsLatency: 'aws_inter_region_p50_rtt_ms_cloudping_1y.csv',
  gcpLatency: 'gcp_inter_region_median_rtt_ms_2023-11-27.csv',
  azureLatency: 'azure_inter_region_rtt_ms_msdocs_long.csv',
  skyplaneLatency: 'skyplane_profiles_latency_2022-04-16.csv',
} as const;

/** Role of a data file (a key of {@link DATA_FILES}). */
export type DataFileRole = keyof typeof DATA_FILES;

/** The text of every data file, by role. */
export type DataFiles = Readonly<Record<DataFileRole, string>>;

/** The three public clouds of the bundled catalog, in the catalog's stable order. */
export const CLOUD_PLATFORMS = ['aws', 'azure', 'gcp'] as const;

/** One of the bundled public clouds. */
export type CloudPlatform = (typeof CLOUD_PLATFORMS)[number];

/** Narrows a platform name to one of the bundled clouds. */
export function isCloudPlatform(platform: string): platform is CloudPlatform {
  return (CLOUD_PLATFORMS as readonly string[]).includes(platform);
}
