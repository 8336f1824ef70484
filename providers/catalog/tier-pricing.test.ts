/** Tier arithmetic: marginal and all-units tables, the free part below the first tier, zero volume. */
import { describe, expect, it } from 'vitest';
import type { TierTable } from './catalog-data.js';
import { normalizeTiers } from './build-egress.js';
import { priceTiered } from './tier-pricing.js';

const marginal: TierTable = {
  mode: 'marginal',
  source: 't',
  tiers: [
    { fromGB: 0, usdPerGB: 0.09 },
    { fromGB: 10_240, usdPerGB: 0.085 },
    { fromGB: 51_200, usdPerGB: 0.07 },
  ],
};
const allUnits: TierTable = {
  mode: 'all-units',
  source: 't',
  tiers: [
    { fromGB: 0, usdPerGB: 0.12 },
    { fromGB: 1024, usdPerGB: 0.11 },
    { fromGB: 10_240, usdPerGB: 0.08 },
  ],
};
const freeFirst: TierTable = { mode: 'marginal', source: 't', tiers: [{ fromGB: 100, usdPerGB: 0.08 }] };

describe('priceTiered', () => {
  it.each([
    // inside the first tier
    [marginal, 100, 9],
    // across two tiers: 10240*0.09 + 760*0.085
    [marginal, 11_000, 921.6 + 64.6],
    // past the last tier start: 10240*0.09 + 40960*0.085 + 8800*0.07
    [marginal, 60_000, 921.6 + 3481.6 + 616],
    // all-units: the whole volume at the rate of its tier
    [allUnits, 2000, 220],
    // all-units at a boundary keeps the lower tier's rate (SkyPilot: total <= 1 TB -> 0.12)
    [allUnits, 1024, 122.88],
    // volume below the first tier start is free
    [freeFirst, 50, 0],
    [freeFirst, 150, 4],
    // zero volume
    [marginal, 0, 0],
  ])('%#: %d GB', (table, gb, cost) => {
    expect(priceTiered(table, gb)).toBeCloseTo(cost, 9);
  });
});

describe('normalizeTiers', () => {
  it('sorts, drops repeated prices and duplicate starts', () => {
    expect(
      normalizeTiers([
        { fromGB: 10_100, usdPerGB: 0.065 },
        { fromGB: 5, usdPerGB: 0.08 },
        { fromGB: 100, usdPerGB: 0.08 },
        { fromGB: 10_005, usdPerGB: 0.065 },
        { fromGB: 5, usdPerGB: 0.09 },
      ]),
    ).toEqual([
      { fromGB: 5, usdPerGB: 0.08 },
      { fromGB: 10_005, usdPerGB: 0.065 },
    ]);
  });
});
