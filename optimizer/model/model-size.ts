/**
 * The size of the placement model before it is built, for decisions that must be taken early (the solver's
 * warm-up, optimizer/solvers/warm-up.ts). An estimate, never used for anything that changes a result.
 */
import type { Application } from './application.js';
import type { CandidateSet } from './candidates.js';

/**
 * An estimate of the placement model's nonzeros: 3 per location pair of every edge (a transportation column sits
 * in two rows; a ladder or latency row holds at most one entry per destination location) plus 4 per option column
 * (its placement, fee, quota and link rows). Not a proven bound. Measured on models of more than 5,000 nonzeros
 * (bundled examples, synthetic apps of 10–100 components, seeded random instances): the real count was 0.24–0.84
 * of it with `auto`, `transport` and `aggregated`, and up to 1.03 with `pairwise` (the tests hold these figures).
 */
export function estimatedNonzeros(app: Application, cands: CandidateSet): number {
  let pairs = 0;
  for (const e of app.edges) pairs += (cands.components[e.from]?.locations.length ?? 0) * (cands.components[e.to]?.locations.length ?? 0);
  let options = 0;
  for (const c of cands.components) for (const l of c.locations) options += l.options.length;
  return 3 * pairs + 4 * options;
}
