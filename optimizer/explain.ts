/**
 * Why each placement sits where it does. For every placement we try moving it to each other candidate
 * location (cheapest option there, everything else fixed) and report either the next-cheapest feasible
 * alternative with how much more the whole plan would cost, or the policy constraints that rule out every
 * cheaper location (the constraints that bind).
 */
import type { Explanation } from '../src/api/plan.js';
import type { Application } from './application.js';
import { optionOf, routeEdge, type Assignment, type Chosen } from './assignment.js';
import { describeSelector, selectorMatches, type CandidateSet } from './candidates.js';
import type { PairTable } from './pair-table.js';

const usd = (n: number): string => `$${n.toFixed(2)}`;

interface Move {
  readonly l: number;
  readonly deltaUsd: number;
  /** Constraints the move would break; empty when feasible. */
  readonly breaks: readonly string[];
}

/** Explanations for every placement of an assignment. */
export function explainAssignment(app: Application, cands: CandidateSet, pairs: PairTable, assignment: Assignment): Explanation[] {
  const incident = app.components.map(() => [] as number[]);
  app.edges.forEach((e, i) => {
    incident[e.from]?.push(i);
    incident[e.to]?.push(i);
  });
  const sitePlacements = new Map<string, number>();
  const siteVcpus = new Map<string, number>();
  const siteGpus = new Map<string, number>();
  assignment.forEach((ps, c) => ps.forEach((p) => {
    const { location, option } = optionOf(cands, c, p);
    sitePlacements.set(location.site.key, (sitePlacements.get(location.site.key) ?? 0) + 1);
    siteVcpus.set(location.site.key, (siteVcpus.get(location.site.key) ?? 0) + option.vcpus);
    siteGpus.set(location.site.key, (siteGpus.get(location.site.key) ?? 0) + option.gpus);
  }));

  const edgeCost = (e: number, over: Assignment): { cost: number; unreachable: number } => {
    const edge = app.edges[e];
    if (!edge) return { cost: 0, unreachable: 0 };
    const r = routeEdge(app, pairs, e, over[edge.from] ?? [], over[edge.to] ?? []);
    return { cost: r.flows.reduce((s, f) => s + f.costUsd, 0), unreachable: r.unreachable.length };
  };

  const out: Explanation[] = [];
  assignment.forEach((placements, c) => {
    const cc = cands.components[c];
    if (!cc) return;
    const comp = cc.component;
    placements.forEach((p, pi) => {
      const here = optionOf(cands, c, p);
      const baseEdges = (incident[c] ?? []).map((e) => edgeCost(e, assignment));
      const moves: Move[] = [];
      cc.locations.forEach((entry, l) => {
        if (l === p.l || placements.some((q) => q.l === l)) return;
        const option = entry.options[0];
        if (!option) return;
        const moved: Chosen[] = placements.map((q, qi) => (qi === pi ? { l, o: 0 } : q));
        const trial: Assignment = assignment.map((ps, k) => (k === c ? moved : ps));
        const breaks: string[] = [];
        let delta = option.costUsd - here.option.costUsd;
        const fromSite = here.location.site;
        const toSite = entry.location.site;
        if (toSite.key !== fromSite.key) {
          if ((sitePlacements.get(toSite.key) ?? 0) === 0) delta += toSite.clusterFeeUsdHr * app.horizonHours;
          if ((sitePlacements.get(fromSite.key) ?? 0) === 1) delta -= fromSite.clusterFeeUsdHr * app.horizonHours;
          const vq = toSite.quotas?.vcpus;
          if (vq !== undefined && (siteVcpus.get(toSite.key) ?? 0) + option.vcpus > vq) breaks.push(`${toSite.key}: vCPU quota ${vq}`);
          const gq = toSite.quotas?.gpus;
          if (gq !== undefined && (siteGpus.get(toSite.key) ?? 0) + option.gpus > gq) breaks.push(`${toSite.key}: GPU quota ${gq}`);
        }
        (incident[c] ?? []).forEach((e, k) => {
          const after = edgeCost(e, trial);
          const before = baseEdges[k] as { cost: number; unreachable: number };
          delta += after.cost - before.cost;
          const edge = app.edges[e];
          if (edge && after.unreachable > before.unreachable) {
            const other = app.components[edge.from === c ? edge.to : edge.from]?.name ?? '?';
            breaks.push(`latency ${edge.latencyMs}ms ${edge.from === c ? 'to' : 'from'} ${other} (${edge.path}.latency)`);
          }
        });
        comp.required.forEach((group, g) => {
          const met = moved.some((q) => {
            const loc = cc.locations[q.l]?.location;
            return loc !== undefined && group.some((s) => selectorMatches(s, loc.site, loc.zone));
          });
          if (!met) breaks.push(`required ${group.map(describeSelector).join(' or ')} (${comp.path}.locationConstraint.required[${g}])`);
        });
        const regions = new Set(moved.map((q) => cc.locations[q.l]?.location.site.key)).size;
        if (regions < comp.minRegions) breaks.push(`spread over ${comp.minRegions} regions (${comp.path}.spread.minRegions)`);
        const platforms = new Set(moved.map((q) => cc.locations[q.l]?.location.site.platform)).size;
        if (platforms < comp.minProviders) breaks.push(`spread over ${comp.minProviders} providers (${comp.path}.spread.minProviders)`);
        moves.push({ l, deltaUsd: delta, breaks });
      });
      out.push(describe(comp.name, here.location.key, here.option.offering.name, moves, cc, placements.length > 1 ? pi : undefined));
    });
  });
  return out;
}

function describe(
  component: string, where: string, flavor: string, moves: readonly Move[], cc: CandidateSet['components'][number], placementIndex?: number,
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
    return { component, message: `${label} on ${where} (${flavor}): every other location breaks a constraint: ${reasons.join('; ')}`, binding: reasons };
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
