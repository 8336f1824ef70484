/** GCP naming rules applied to Atlas names and labels. Pure. */

/** A zone for a zonal resource: the planned zone, or zone `a` of the region for `default`. */
export function gcpZone(region: string, zone: string): string {
  return zone === 'default' ? `${region}-a` : zone;
}

/**
 * Compute Engine labels (keys and values: lower-case letters, digits, `_` and `-`, at most 63; keys start
 * with a letter): `skycluster.io/component` becomes `skycluster_io_component`.
 * @see https://cloud.google.com/compute/docs/labeling-resources#requirements
 */
export function gceLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '_')
      .slice(0, 63);
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [clean(k).replace(/^[^a-z]/, 'x'), clean(v)]));
}
