/**
 * Names the registration code writes into objects and uses on the API server, spelled once: field manager,
 * default namespace, label and annotation keys.
 */

/** Server-side apply field manager of `skycluster provider`. */
export const FIELD_MANAGER = 'skycluster-provider-cli';

/** Namespace ProviderProfiles and InstanceTypes go to on a cluster. @default skycluster-system */
export const DEFAULT_NAMESPACE = 'skycluster-system';

/** apiVersion of ProviderProfile and InstanceType. */
export const CORE_API_VERSION = 'core.skycluster.io/v1alpha1';

/** Label on every object written by `skycluster provider register`. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Value of {@link MANAGED_BY_LABEL}. */
export const MANAGED_BY = 'skycluster';

/** Annotation: where the offerings' prices come from (provenance id or file name). */
export const PRICE_SOURCE_ANNOTATION = 'skycluster.io/price-source';
/** Annotation: snapshot date of those prices (YYYY-MM-DD, or unknown). */
export const PRICE_DATE_ANNOTATION = 'skycluster.io/price-date';
/** Annotation: "true" when the InstanceType carries spot prices (register --spot); refresh keeps the choice. */
export const SPOT_ANNOTATION = 'skycluster.io/spot';
/** Annotation: where the cluster fee comes from. */
export const FEE_SOURCE_ANNOTATION = 'skycluster.io/cluster-fee-source';

/** Key of the kubeconfig inside a site's Secret when the reference names none. */
export const DEFAULT_KUBECONFIG_KEY = 'kubeconfig';

/** The clouds of the bundled catalog, as `provider register` spells them. */
export const CLOUDS = ['aws', 'gcp', 'azure'] as const;
/** One of {@link CLOUDS}. */
export type Cloud = (typeof CLOUDS)[number];

/** On-prem platforms `provider register onprem --platform` accepts. */
export const ONPREM_PLATFORMS = ['baremetal', 'openstack'] as const;
