/** Price of a monthly volume under a tier table. Pure and allocation-free (it runs inside egress()). */
import type { TierTable } from './catalog-data.js';

/**
 * Total USD for `volumeGB` under `table`.
 * - marginal: each tier's price applies to the part of the volume between its `fromGB` and the next tier's;
 * - all-units: the price of the highest tier starting strictly below the volume applies to the whole volume.
 * Volume below the first tier's `fromGB` is free in both modes.
 */
export function priceTiered(table: TierTable, volumeGB: number): number {
  const tiers = table.tiers;
  if (volumeGB <= 0) return 0;
  if (table.mode === 'all-units') {
    let rate = 0;
    for (let i = 0; i < tiers.length; i++) {
      const t = tiers[i]!;
      if (t.fromGB >= volumeGB) break;
      rate = t.usdPerGB;
    }
    return rate * volumeGB;
  }
  let cost = 0;
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    if (volumeGB <= t.fromGB) break;
    const end = i + 1 < tiers.length ? tiers[i + 1]!.fromGB : Infinity;
    cost += (Math.min(volumeGB, end) - t.fromGB) * t.usdPerGB;
  }
  return cost;
}
