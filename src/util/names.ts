/**
 * Stable, valid resource names. Every name the product derives (plans, clusters, node pools, stacks, objects
 * on target clusters) comes from here, so that it is deterministic (same parts → same name, no random suffix),
 * valid for the place it is used, and collision-free: whenever the readable form had to be changed or cut,
 * an 8-hex-character hash of the full parts is appended (FNV-1a, 32 bits), so two inputs that read alike
 * still get different names.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 */

/** Longest DNS-1123 label. */
export const DNS_LABEL_MAX = 63;
/** GKE cluster names: at most 40 characters, lower-case letters, digits and hyphens, starting with a letter. */
export const GKE_CLUSTER_NAME_MAX = 40;
/** EKS cluster names: at most 100 characters. */
export const EKS_CLUSTER_NAME_MAX = 100;
/** AKS agent pool names: at most 12 lower-case letters and digits, starting with a letter (Linux pools). */
export const AKS_POOL_NAME_MAX = 12;

const HASH_LENGTH = 8;

/** FNV-1a 32-bit hash of a string, as 8 lower-case hex characters. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(HASH_LENGTH, '0');
}

/** Lower-cases and turns every run of characters outside [a-z0-9] into one hyphen, trimmed at both ends. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A DNS-1123 label (lower-case alphanumerics and '-', starting and ending with an alphanumeric) for the
 * given parts, at most `maxLength` characters. A single part that already is a short enough label is
 * returned as is; otherwise the parts' slugs joined by '-' are cut to fit and suffixed with a hash of the
 * parts, so the result is injective in practice.
 * @param parts what the name stands for, most significant first (e.g. ['shop', 'aws', 'us-east-1'])
 * @param maxLength @default 63
 */
export function stableName(parts: readonly string[], maxLength: number = DNS_LABEL_MAX): string {
  if (maxLength < HASH_LENGTH + 2) throw new RangeError(`stableName: maxLength ${maxLength} leaves no room for the hash`);
  // Only a single clean part can stand unhashed: joined parts are ambiguous (['a-b','c'] and ['a','b-c']).
  const raw = parts.length === 1 ? (parts[0] ?? '') : undefined;
  let readable = parts
    .map(slug)
    .filter((p) => p.length > 0)
    .join('-');
  if (readable.length > 0 && !/^[a-z]/.test(readable)) readable = `x-${readable}`;
  if (readable === raw && readable.length <= maxLength && readable.length > 0) return readable;
  const hash = shortHash(JSON.stringify(parts));
  const room = maxLength - HASH_LENGTH - 1;
  const head = readable.slice(0, room).replace(/-+$/g, '');
  return head.length > 0 ? `${head}-${hash}` : `x${hash}`;
}

/**
 * An AKS agent pool name: at most 12 lower-case letters and digits, starting with a letter. Always a letter
 * prefix of the readable parts plus a hash, because 12 characters leave no room to stay readable and unique.
 */
export function aksPoolName(parts: readonly string[]): string {
  const letters = parts
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const head = (/^[a-z]/.test(letters) ? letters : `p${letters}`).slice(0, AKS_POOL_NAME_MAX - HASH_LENGTH);
  return `${head}${shortHash(JSON.stringify(parts))}`.slice(0, AKS_POOL_NAME_MAX);
}

/** The stable id of a placement, `component@platform/region/zone`, that Atlas and Harbor key on. */
export function placementId(component: string, platform: string, region: string, zone: string): string {
  return `${component}@${platform}/${region}/${zone}`;
}
