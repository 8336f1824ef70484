/**
 * What an Atlas takes from the cluster besides its Plan, pure: the Secret references of each site (from its
 * ProviderProfile) and the CIDR blocks already recorded in existing Atlas objects (so blocks stay stable).
 * Used by `skycluster atlas render` (objects from files) and the approval gate (objects from the cluster).
 */
import type { Atlas, SecretKeyRef } from '../api/atlas.js';
import type { ProviderProfile } from '../api/provider.js';
import type { ClusterCidrs } from './cidr-allocator.js';
import { CREDENTIALS_SECRET_ANNOTATION, KUBECONFIG_SECRET_ANNOTATION } from './labels.js';
import type { SiteSecrets } from './render-atlas.js';

/**
 * Secret references of each site, from its ProviderProfile: spec.kubeconfigSecretRef (or the annotation) and the
 * credentials annotation (a Secret in the profile's namespace).
 */
export function secretsFromProfiles(profiles: readonly ProviderProfile[]): (platform: string, region: string) => SiteSecrets | undefined {
  return (platform, region) => {
    const p = profiles.find((x) => x.spec.platform === platform && x.spec.region === region);
    const a = p?.metadata.annotations ?? {};
    const ref = (name: string | undefined, key: string): SecretKeyRef | undefined => (name ? { name, key } : undefined);
    // The credentials Secret lives beside its ProviderProfile (the system namespace); the Atlas controller reads
    // Secrets only from there or the Atlas's own namespace.
    const credName = a[CREDENTIALS_SECRET_ANNOTATION];
    const credentials: SecretKeyRef | undefined = credName
      ? { ...(p?.metadata.namespace ? { namespace: p.metadata.namespace } : {}), name: credName, key: 'credentials' }
      : undefined;
    const spec = p?.spec.kubeconfigSecretRef;
    const kubeconfig = spec
      ? { namespace: spec.namespace, name: spec.name, key: spec.key ?? 'kubeconfig' }
      : ref(a[KUBECONFIG_SECRET_ANNOTATION], 'kubeconfig');
    return credentials || kubeconfig ? { ...(credentials ? { credentials } : {}), ...(kubeconfig ? { kubeconfig } : {}) } : undefined;
  };
}

/** The CIDRs recorded in existing Atlas objects, by cluster name. */
export function previousCidrs(atlases: readonly Pick<Atlas, 'spec'>[]): Record<string, ClusterCidrs> {
  const out: Record<string, ClusterCidrs> = {};
  for (const a of atlases)
    for (const c of a.spec.clusters)
      if (c.network) out[c.name] = { network: c.network.cidr, pods: c.network.podsCidr, services: c.network.servicesCidr };
  return out;
}
