/**
 * Why each placement sits where it does. For every placement we try moving it alone to each other candidate
 * location (cheapest option there, every other placement fixed) and report the cheapest such one-move
 * alternative with its cost change, and the policy constraints that rule out every cheaper location (the
 * constraints that bind). A one-move delta is not the cost of the best plan with the placement elsewhere:
 * other placements might follow it. Zones merged into a candidate (zone-classes.ts) are named as equivalent.
 * optimize() finishes every plan with an improving pass, so a negative delta (the plan is not even locally
 * optimal) is reported as such rather than printed as "+$-7.41".
 */
import type { Explanation } from '../../src/api/plan.js';
import type { Application } from '../model/application.js';
import { optionOf, type Assignment } from '../model/assignment.js';
import type { CandidateSet } from '../model/candidates.js';
import type { PairTable } from '../model/pair-table.js';
import { PlacementState } from '../heuristic/placement-state.js';

const usd = (n: number): string => `$${n.toFixed(2)}`;

/** Deltas within half a cent of zero read as zero. */
const DELTA_EPS = 0.005;

interface Move {
  readonly l: number;
  readonly deltaUsd: number;
  /** The part of deltaUsd that is migration cost (model/migration.ts). */
  readonly migrationDeltaUsd: number;
  readonly breaks: readonly string[];
}

/**
 * Explanations for every placement of an assignment. `reuse`, a state holding exactly this assignment (the
 * improving pass's), saves evaluating again the moves it has already evaluated.
 */
export function explainAssignment(
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  assignment: Assignment,
  reuse?: PlacementState,
): Explanation[] {
  const state = reuse ?? new PlacementState(app, cands, pairs, assignment);
  const out: Explanation[] = [];
  assignment.forEach((placements, c) => {
    const cc = cands.components[c];
    if (!cc) return;
    placements.forEach((p, pi) => {
      const here = optionOf(cands, c, p);
      const moves: Move[] = [];
      cc.locations.forEach((_, l) => {
        if (placements.some((q) => q.l === l)) return;
        const effect = state.evaluate(c, pi, { l, o: 0 });
        const migrationDeltaUsd = (cc.locations[l]?.migrationUsd ?? 0) - (cc.locations[p.l]?.migrationUsd ?? 0);
        moves.push({ l, deltaUsd: effect.deltaUsd, migrationDeltaUsd, breaks: effect.breaks });
      });
      const entry = cc.locations[p.l];
      const equivalent = (entry?.equivalentZones ?? []).map((z) => z.name);
      const equivalentExtraUsd = (entry?.equivalentZonesMigrationUsd ?? entry?.migrationUsd ?? 0) - (entry?.migrationUsd ?? 0);
      out.push(
        describe(
          cc.component.name,
          here.location.key,
          here.option.offering.name,
          moves,
          cc,
          placements.length > 1 ? pi : undefined,
          equivalent,
          equivalentExtraUsd,
        ),
      );
    });
  });
  return out;
}

function describe(
  component: string,
  where: string,
  flavor: string,
  moves: readonly Move[],
  cc: CandidateSet['components'][number],
  placementIndex?: number,
  equivalentZones: readonly string[] = [],
  equivalentExtraUsd = 0,
): Explanation {
  const label = placementIndex === undefined ? component : `${component} #${placementIndex + 1}`;
  const feasible = moves.filter((m) => m.breaks.length === 0).sort((a, b) => a.deltaUsd - b.deltaUsd);
  const cheaperBlocked = moves.filter((m) => m.breaks.length > 0 && m.deltaUsd < -1e-9);
  const binding = [...new Set(cheaperBlocked.flatMap((m) => m.breaks))].sort();
  const best = feasible[0];
  const head = `${label} on ${where} (${flavor})`;
  const equivalent =
    equivalentZones.length === 0
      ? ''
      : `${equivalentZones.length === 1 ? 'zone' : 'zones'} ${equivalentZones.join(', ')} ${equivalentZones.length === 1 ? 'offers' : 'offer'} the same flavors at the same prices and would cost ${
          Math.abs(equivalentExtraUsd) < DELTA_EPS ? 'the same' : `+${usd(equivalentExtraUsd)} more (migration)`
        }`;
  if (moves.length === 0) {
    return { component, message: equivalent === '' ? `${head}: the only candidate location` : `${head}: ${equivalent}`, binding };
  }
  const equivalentText = equivalent === '' ? '' : `; ${equivalent}`;
  if (!best) {
    const reasons = [...new Set(moves.flatMap((m) => m.breaks))].sort();
    return {
      component,
      message: `${head}: moving it alone to any other location breaks a constraint: ${reasons.join('; ')}${equivalentText}`,
      binding: reasons,
    };
  }
  const alt = cc.locations[best.l];
  const altText = `${alt?.location.key} (${alt?.options[0]?.offering.name})`;
  const delta = Math.abs(best.deltaUsd) < DELTA_EPS ? 0 : best.deltaUsd;
  const m = best.migrationDeltaUsd;
  const migration = Math.abs(m) < DELTA_EPS ? '' : ` (incl. ${m > 0 ? '+' : '-'}${usd(Math.abs(m))} migration)`;
  const change =
    delta >= 0
      ? `would cost +${usd(delta)}${migration}`
      : `would save ${usd(-delta)}${migration} (a one-move improvement: this plan is not locally optimal)`;
  const bindingText = binding.length > 0 ? `; ${cheaperBlocked.length} cheaper location(s) ruled out by: ${binding.join('; ')}` : '';
  return {
    component,
    message: `${head}; moving it alone to ${altText} ${change}${bindingText}${equivalentText}`,
    binding,
    alternative: altText,
    alternativeExtraUsd: Math.round(delta * 100) / 100,
  };
}
