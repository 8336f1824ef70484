/**
 * When the placement model is infeasible, a deletion filter over the user's policy constraints finds a small
 * set that cannot hold together: starting from all of them, each is dropped for good when the model stays
 * infeasible without it. What remains is irreducible: removing any one of its members makes the model
 * feasible. Each member is reported with the policy line it comes from.
 */
import type { Issue } from '../../src/validate/issue.js';
import type { Application } from '../model/application.js';
import type { CandidateSet } from '../model/candidates.js';
import type { PairTable } from '../model/pair-table.js';
import { buildPlacementModel, type Formulation, type PolicyConstraintId } from '../model/placement-model.js';
import type { SolverBackend } from '../solvers/types.js';

export interface ConflictSearch {
  readonly solver: SolverBackend;
  /** Time limit per feasibility check, seconds. */
  readonly timeLimitSec: number;
  /** Total time budget for the whole filter, seconds. */
  readonly totalLimitSec: number;
  readonly formulation: Formulation;
}

/** Result: the conflicting constraints (descriptions), and whether the filter ran to the end. */
export interface ConflictSet {
  readonly members: readonly { id: PolicyConstraintId; description: string }[];
  readonly complete: boolean;
}

/** Runs the deletion filter. `all` is the policyConstraints map of the infeasible model. */
export async function findConflicts(
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  all: ReadonlyMap<PolicyConstraintId, string>,
  search: ConflictSearch,
  now: () => number,
): Promise<ConflictSet> {
  const start = now();
  const ids = [...all.keys()];
  const keep = new Set(ids);
  let complete = true;
  const isInfeasible = async (active: ReadonlySet<string>): Promise<boolean | undefined> => {
    const relax = new Set(ids.filter((id) => !active.has(id)));
    const { model } = buildPlacementModel(app, cands, pairs, { formulation: search.formulation, relax });
    // Feasibility only: a zero objective lets the solver stop at the first integer point.
    const feasibility = { ...model, objective: { constant: 0, vars: [], coefs: [] } };
    const r = await search.solver.solve(feasibility, { timeLimitSec: search.timeLimitSec, mipRelGap: 1 });
    if (r.status === 'infeasible') return true;
    if (r.status === 'optimal' || r.status === 'feasible') return false;
    return undefined;
  };
  // With every policy constraint relaxed the model must be feasible, else the conflict is structural.
  if ((await isInfeasible(new Set())) === true) return { members: [], complete: true };
  for (const id of ids) {
    if ((now() - start) / 1000 > search.totalLimitSec) {
      complete = false;
      break;
    }
    keep.delete(id);
    const verdict = await isInfeasible(keep);
    if (verdict !== true) keep.add(id);
    if (verdict === undefined) complete = false;
  }
  return { members: [...keep].map((id) => ({ id, description: all.get(id) ?? id })), complete };
}

/** Turns a conflict set into issues a user reads. */
export function conflictIssues(app: Application, set: ConflictSet): Issue[] {
  if (set.members.length === 0) {
    return [
      {
        severity: 'error',
        object: `DeploymentPolicy/${app.deploymentPolicy}`,
        path: '',
        message: 'no placement satisfies the policies, and no single policy constraint explains it',
      },
    ];
  }
  const head: Issue = {
    severity: 'error',
    object: `DeploymentPolicy/${app.deploymentPolicy}`,
    path: '',
    message: `no placement satisfies these ${set.members.length} constraint(s) together${set.complete ? '' : ' (search stopped at its time limit; the set may not be minimal)'}; relax one of them:`,
  };
  return [head, ...set.members.map((m): Issue => ({ severity: 'error', path: '', message: `  - ${m.description}` }))];
}
