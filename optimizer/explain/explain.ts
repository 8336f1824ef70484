/**
 * Why each placement sits where it does. For every placement we try moving it to each other candidate
 * location (cheapest option there, everything else fixed) and report either the next-cheapest feasible
 * alternative with how much more the whole plan would cost, or the policy constraints that rule out every
 * cheaper location (the constraints that bind).
 */
import type { Explanation } from '../../src/api/plan.js';
import type { Application } from '../model/application.js';
import { optionOf, type Assignment } from '../model/assignment.js';
import type { CandidateSet } from '../model/candidates.js';
import type { PairTable } from '../model/pair-table.js';
import { PlacementState } from '../heuristic/placement-state.js';

const usd = (n: number): string => `$${n.toFixed(2)}`;

interface Move {
  readonly l: number;
  readonly deltaUsd: number;
  readonly breaks: readonly string[];
}

/** Explanations for every placement of an assignment. */
export function explainAssignment(app: Application, cands: CandidateSet, pairs: PairTable, assignment: Assignment): Explanation[] {
  const state = new PlacementState(app, cands, pairs, assignment);
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
        moves.push({ l, deltaUsd: effect.deltaUsd, breaks: effect.breaks });
      });
      out.push(describe(cc.component.name, here.location.key, here.option.offering.name, moves, cc, placements.length > 1 ? pi : undefined));
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
): Explanation {
  const label = placementIndex === undefined ? component : `${component} #${placementIndex + 1}`;
  const feasible = moves.filter((m) => m.breaks.length === 0).sort((a, b) => a.deltaUsd - b.deltaUsd);
  const cheaperBlocked = moves.filter((m) => m.breaks.length > 0 && m.deltaUsd < -1e-9);
  const binding = [...new Set(cheaperBlocked.flatMap((m) => m.breaks))].sort();
  const best = feasible[0];
  if (moves.length === 0) {
    return { component, message: `${label} on ${where} (${flavor}): the only candidate location`, binding };
  }
  if (!best) {
    const reasons = [...new Set(moves.flatMap((m) => m.breaks))].sort();
    return {
      component,
      message: `${label} on ${where} (${flavor}): every other location breaks a constraint: ${reasons.join('; ')}`,
      binding: reasons,
    };
  }
  const alt = cc.locations[best.l];
  const altText = `${alt?.location.key} (${alt?.options[0]?.offering.name})`;
  const bindingText = binding.length > 0 ? `; ${cheaperBlocked.length} cheaper location(s) ruled out by: ${binding.join('; ')}` : '';
  return {
    component,
    message: `${label} on ${where} (${flavor}); next-cheapest: ${altText} at +${usd(best.deltaUsd)}${bindingText}`,
    binding,
    alternative: altText,
    alternativeExtraUsd: Math.round(best.deltaUsd * 100) / 100,
  };
}
