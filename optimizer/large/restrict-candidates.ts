/**
 * A candidate set restricted to some locations per component, and the map back to the full set. The large-model
 * path solves the MILP over such a subset (the locations the dual bound has not ruled out, or the most promising
 * of them) and reads the answer back in the full set's indices.
 */
import type { Assignment } from '../model/assignment.js';
import type { CandidateSet, ComponentCandidates } from '../model/candidates.js';

export interface RestrictedCandidates {
  readonly candidates: CandidateSet;
  /** original[c][l'] = the full set's index of the restricted set's location l' of component c. */
  readonly original: readonly (readonly number[])[];
}

/** Keeps, per component, the locations `keep(c, l)` accepts (indices of the full set), in their order. */
export function restrictCandidates(cands: CandidateSet, keep: (c: number, l: number) => boolean): RestrictedCandidates {
  const original: number[][] = [];
  const components: ComponentCandidates[] = cands.components.map((cc, c) => {
    const kept = cc.locations.flatMap((_, l) => (keep(c, l) ? [l] : []));
    original.push(kept);
    const index = new Map(kept.map((l, i) => [l, i]));
    return {
      component: cc.component,
      locations: kept.map((l) => cc.locations[l] as ComponentCandidates['locations'][number]),
      requiredGroups: cc.requiredGroups.map((g) =>
        g.flatMap((l) => {
          const i = index.get(l);
          return i === undefined ? [] : [i];
        }),
      ),
    };
  });
  return { candidates: { locations: cands.locations, components, gatewayUsdHr: cands.gatewayUsdHr }, original };
}

/** An assignment over the restricted set, in the full set's indices. */
export function widenAssignment(restricted: RestrictedCandidates, assignment: Assignment): Assignment {
  return assignment.map((ps, c) => ps.map((p) => ({ l: restricted.original[c]?.[p.l] as number, o: p.o })));
}

/** An assignment over the full set, in the restricted set's indices; undefined when it uses a dropped location. */
export function narrowAssignment(restricted: RestrictedCandidates, assignment: Assignment): Assignment | undefined {
  const out: { l: number; o: number }[][] = [];
  for (let c = 0; c < assignment.length; c += 1) {
    const map = restricted.original[c] ?? [];
    const ps: { l: number; o: number }[] = [];
    for (const p of assignment[c] ?? []) {
      const i = map.indexOf(p.l);
      if (i < 0) return undefined;
      ps.push({ l: i, o: p.o });
    }
    out.push(ps);
  }
  return out;
}
