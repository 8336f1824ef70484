/** Provider registration: cloud regions from the bundled catalog, on-prem and edge sites, stores and operations. */
export { registerCloudRegion, regionsOf, isCloud, type CloudRegionRequest } from './cloud-region.js';
export { registerOnpremSite, type OnpremRequest } from './onprem-site.js';
export { readSiteOfferings, type SiteOfferings, type SiteFlavor } from './onprem-offerings.js';
export { closestNames, editDistance, unknownNameMessage } from './closest-names.js';
export { nearestCloudRegions, estimatedEgressTiers, type NearRegion } from './location-estimate.js';
export { readPriceFile, planRefresh, type PriceFile, type RefreshPlan, type RegionChange } from './price-refresh.js';
export { setEnabled } from './profile-edit.js';
export { offeringCount, pairEntries, type ProviderEntry, type EntryResult } from './provider-entry.js';
export type { ProviderStore, StoredEntry, SecretCheck, ReadySummary } from './provider-store.js';
export { LocalStore, toYaml } from './local-store.js';
export { KubeStore, openKubeStore, type KubeStoreSource } from './kube-store.js';
export { openProviderStore, type StoreFlags, type StoreEnv } from './open-store.js';
export { mergePatch } from './merge-patch.js';
export { MemoryStore } from './memory-store.js';
export { buildRegistration, type RegisterFlags, type ReadText } from './register-request.js';
export { registerEntries, listEntries, findEntry, removeEntry, setEntryEnabled, refreshEntries, type OperationResult } from './operations.js';
export { renderProviderList, renderProviderDetail, renderRefreshReport } from './render-providers.js';
export * from './constants.js';
