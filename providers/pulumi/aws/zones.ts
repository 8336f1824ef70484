/**
 * AWS zones as the catalog writes them: zone ids (`use1-az1`, stable across accounts), zone names
 * (`us-east-1a`) or `default` (let AWS choose). Pure.
 * @see https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html
 */

/** The subnet/instance argument that pins a zone, or nothing for `default`. */
export function awsZoneArgs(zone: string): { availabilityZoneId?: string; availabilityZone?: string } {
  if (/^[a-z]{2,5}\d+-az\d+$/.test(zone)) return { availabilityZoneId: zone };
  if (/^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/.test(zone)) return { availabilityZone: zone };
  return {};
}

/** True for Graviton (arm64) flavors such as t4g.small, m7g.large, c6gn.xlarge, g5g.2xlarge. */
export function isArmFlavor(flavor: string): boolean {
  return /^[a-z]+\d+g[a-z]*\./.test(flavor);
}
