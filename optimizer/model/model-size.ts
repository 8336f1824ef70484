/**
 * The size of the placement model before it is built, for decisions that must be taken early (the solver's
 * warm-up, optimizer/solvers/warm-up.ts). An estimate, never used for anything that changes a result.
 */
import type { Application } from './application.js';
import type { CandidateSet } from './candidates.js';

/**
 * An estimate of the placement model's nonzeros: 3 per location pair of every edge (a transportation column sits
 * in two rows; a ladder or latency row holds at most one entry per destination location) plus 4 per option column
 * (its placement, fee, quota and link rows); with priced gateways (gateways.ts) 4 more per option column (its
 * presence rows) and 6 per (edge, site of either end). Not a proven bound: model-size.test.ts holds the real
 * count at or below it with `auto`, `transport` and `aggregated`, and at or below 1.05 times it with `pairwise`,
 * on models of more than 5,000 nonzeros (synthetic apps on the bundled catalog, seeded random instances).
 */
export function estimatedNonzeros(app: Application, cands: CandidateSet): number {
  const gateways = cands.gatewayUsdHr.size > 0;
  let pairs = 0;
  let gatewayRows = 0;
  const sites = cands.components.map((c) => new Set(c.locations.map((l) => l.location.site.key)).size);
  for (const e of app.edges) {
    pairs += (cands.components[e.from]?.locations.length ?? 0) * (cands.components[e.to]?.locations.length ?? 0);
    if (gateways) gatewayRows += (sites[e.from] ?? 0) + (sites[e.to] ?? 0);
  }
  let options = 0;
  for (const c of cands.components) for (const l of c.locations) options += l.options.length;
  return 3 * pairs + (gateways ? 8 : 4) * options + 6 * gatewayRows;
}
