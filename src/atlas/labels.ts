/**
 * Node label, taint and annotation keys Atlas writes and Harbor selects on. The only place these literals
 * are spelled.
 */

/** Node label: the component whose placement the node serves. */
export const COMPONENT_LABEL = 'skycluster.io/component';
/** Node label: the node pool (or instance group) the node belongs to; unique within its cluster. */
export const POOL_LABEL = 'skycluster.io/pool';
/** Node label: `spot` or `on-demand`. */
export const CAPACITY_LABEL = 'skycluster.io/capacity';
/** Taint key of dedicated pools (renderAtlas option `dedicatedPools`): only the component's pods tolerate it. */
export const DEDICATED_TAINT = 'skycluster.io/component';
/** ProviderProfile annotation: name of the Secret (same namespace) holding the cloud credentials. */
export const CREDENTIALS_SECRET_ANNOTATION = 'skycluster.io/credentials-secret';
/** ProviderProfile annotation: name of the Secret holding an on-prem site's kubeconfig (key `kubeconfig`). */
export const KUBECONFIG_SECRET_ANNOTATION = 'skycluster.io/kubeconfig-secret';
/** Cloud tag of AWS node groups: the planned zone (their subnets say it only by id). */
export const ZONE_TAG = 'skycluster.io/zone';
