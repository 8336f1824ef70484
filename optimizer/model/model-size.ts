/**
 * The size of the placement model before it is built, for decisions that must be taken early (the solver's
 * warm-up, optimizer/solvers/warm-up.ts). An estimate, never used for anything that changes a result.
 */
import type { Application } from './application.js';
import type { CandidateSet } from './candidates.js';

/**
 * An estimate of the placement model's nonzeros meant to be at or above the real count: 3 per location pair of
 * every edge (a transportation column sits in two rows and the objective; a ladder or latency row holds at most
 * one entry per destination location) plus 4 per option column (its placement, fee, quota and link rows).
 * Measured on the bundled examples and synthetic apps of 10–100 components, the real count is 0.24–0.69 of it
 * (`auto`), up to 0.96 for `pairwise`.
 */
export function estimatedNonzeros(app: Application, cands: CandidateSet): number {
  let pairs = 0;
  for (const e of app.edges) pairs += (cands.components[e.from]?.locations.length ?? 0) * (cands.components[e.to]?.locations.length ?? 0);
  let options = 0;
  for (const c of cands.components) for (const l of c.locations) options += l.options.length;
  return 3 * pairs + 4 * options;
}
