/**
 * The churn term: a re-plan against the Plan in force charges a fixed cost for every placement that lands
 * somewhere its component did not run before, so that components move only when the saving over the horizon
 * pays for the move.
 *
 * Semantics (docs/optimizer.md, "Migration cost"): a placement of component c at (platform, region, zone) costs
 * `costPerMoveUsd` once when c has placements in the previous plan and none of them is at that (platform, region,
 * zone); a component absent from the previous plan costs nothing wherever it goes. The term depends on the
 * location only, so it is one constant per (component, candidate location), added to the objective coefficient
 * of every option there: it stays linear, and dominance between the options of one location is unchanged. It is
 * part of the plan's total, not of the budget (spec.budget bounds what the plan spends over the horizon).
 */
import type { Plan } from '../../src/api/plan.js';
import type { SiteInfo, ZoneInfo } from '../../src/catalog/types.js';

/** The previous plan and the price of one move. */
export interface MigrationInput {
  readonly previous: Pick<Plan, 'spec'>;
  /** USD charged once per placement outside its component's previous placements. */
  readonly costPerMoveUsd: number;
}

/** `platform/region/zone` of a placement, the identity a move is judged by. */
const zoneKey = (platform: string, region: string, zone: string): string => `${platform}/${region}/${zone}`;

/** Where each component of the previous plan ran, for pricing moves. */
export class MigrationPrices {
  private readonly previous = new Map<string, Set<string>>();

  constructor(readonly input: MigrationInput) {
    for (const p of input.previous.spec.placements) {
      const set = this.previous.get(p.component) ?? new Set<string>();
      set.add(zoneKey(p.platform, p.region, p.zone));
      this.previous.set(p.component, set);
    }
  }

  /** The cost of placing `component` in this zone of this site: 0 where it ran before or when it is new. */
  costAt(component: string, site: SiteInfo, zone: ZoneInfo): number {
    const before = this.previous.get(component);
    if (before === undefined || before.has(zoneKey(site.platform, site.region, zone.name))) return 0;
    return this.input.costPerMoveUsd;
  }

  /**
   * True when merging the zone class `cls` of `site` into its first zone could change a migration cost for
   * `component`: it ran before in a zone of the class other than the representative (zone-classes.ts). Moving a
   * placement onto the representative is then no longer free; moving onto a previous representative never costs
   * more, so a previous placement there keeps the class mergeable.
   */
  pinsClass(component: string, site: SiteInfo, cls: readonly ZoneInfo[]): boolean {
    if (this.input.costPerMoveUsd <= 0) return false;
    const before = this.previous.get(component);
    if (before === undefined) return false;
    return cls.slice(1).some((z) => before.has(zoneKey(site.platform, site.region, z.name)));
  }
}
