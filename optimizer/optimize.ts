/**
 * The optimizer's one entry point, in pipeline order: policies → application → candidates → model → solver
 * → assignment → plan (with cost breakdown and explanations). Infeasible input is reported before solving
 * when a component has no candidate, and by a deletion filter over the policy constraints when the model is
 * infeasible. Pure apart from the solver call (which runs in a worker) and the injected clock.
 */
import type { Plan } from '../src/api/plan.js';
import type { DataflowPolicy, DeploymentPolicy } from '../src/api/policy.js';
import type { Catalog } from '../src/catalog/types.js';
import type { Issue } from '../src/validate/issue.js';
import { buildApplication, type Application } from './model/application.js';
import { costOfAssignment, decodeAssignment, type Assignment, type AssignmentCost } from './model/assignment.js';
import { buildCandidates, type CandidateSet } from './model/candidates.js';
import { conflictIssues, findConflicts } from './explain/conflicts.js';
import { explainAssignment } from './explain/explain.js';
import { solveByDecomposition, transportSize } from './large/decomposition.js';
import { assignmentToValues, heuristicPlacement, type HeuristicResult } from './heuristic/heuristic.js';
import { PairTable } from './model/pair-table.js';
import { AUTO_TRANSPORT_VARIABLE_BUDGET, buildPlacementModel, type Formulation } from './model/placement-model.js';
import { buildPlan, type SolverVerdict } from './plan/build-plan.js';
import { catalogVersion, planInputHash } from './plan/input-hash.js';
import { relativeGap } from './solvers/solution-check.js';
import type { FeasibleResult, LinearModel, OptimalResult, SolveResult, SolverBackend } from './solvers/types.js';

export interface OptimizeRequest {
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy?: DataflowPolicy;
  readonly catalog: Catalog;
  readonly solver: SolverBackend;
  readonly timeLimitSec: number;
  /** Relative MIP gap, e.g. 0.001 for 0.1 %. */
  readonly mipGap: number;
  /** Overrides the policy's costHorizon. */
  readonly horizonHours?: number;
  /** @default 'auto' */
  readonly formulation?: Formulation;
  /** Keep dominated candidates (tests of the pruning). @default true */
  readonly prune?: boolean;
  /** Compute explanations. @default true */
  readonly explain?: boolean;
  /** Version of the catalog for the plan's input hash. @default the ids and dates of the catalog's price sources */
  readonly catalogVersion?: string;
  /** Milliseconds clock, for the conflict search's time budget. */
  readonly now: () => number;
}

export interface ModelStats {
  readonly components: number;
  readonly edges: number;
  readonly locations: number;
  readonly options: number;
  readonly variables: number;
  readonly constraints: number;
  readonly nonzeros: number;
  readonly buildSec: number;
}

export type OptimizeOutcome =
  | { readonly kind: 'invalid'; readonly issues: readonly Issue[] }
  | { readonly kind: 'infeasible'; readonly issues: readonly Issue[]; readonly model?: LinearModel; readonly result?: SolveResult }
  | {
      readonly kind: 'no-solution';
      readonly issues: readonly Issue[];
      readonly model: LinearModel;
      readonly result: SolveResult;
      readonly stats: ModelStats;
    }
  | {
      readonly kind: 'planned';
      readonly plan: Plan;
      readonly app: Application;
      readonly candidates: CandidateSet;
      readonly assignment: Assignment;
      readonly cost: AssignmentCost;
      readonly model: LinearModel;
      readonly result: SolveResult;
      readonly stats: ModelStats;
      readonly notes: readonly Issue[];
    };

/**
 * When the solver stopped without an incumbent, or with a worse one than the heuristic's, the heuristic plan
 * is returned as not proven optimal, with the solver's bound (if any) for its gap.
 */
function preferHeuristic(solved: SolveResult, heuristic: HeuristicResult): SolveResult {
  if (!heuristic.feasible) return solved;
  const objective = heuristic.cost.totalUsd;
  if (solved.status === 'timeout' || (solved.status === 'feasible' && solved.objective > objective + 1e-6)) {
    const bound = solved.bound;
    return { status: 'feasible', solver: solved.solver, wallSec: solved.wallSec, objective, bound, gap: relativeGap(objective, bound), values: [] };
  }
  return solved;
}

const STATUS = { optimal: 'Optimal', feasible: 'Feasible', infeasible: 'Infeasible', timeout: 'TimedOut', error: 'Error' } as const;

/** Builds and solves the placement model for one application. */
export async function optimize(req: OptimizeRequest): Promise<OptimizeOutcome> {
  const built = buildApplication(req.deploymentPolicy, req.dataflowPolicy, req.horizonHours);
  if (!built.ok) return { kind: 'invalid', issues: built.issues };
  const app = built.app;
  const t0 = req.now();
  const cr = buildCandidates(app, req.catalog, { prune: req.prune ?? true });
  if (!cr.ok) return { kind: 'infeasible', issues: cr.issues };
  const cands = cr.candidates;
  const pairs = new PairTable(app, cands, req.catalog);
  const formulation = req.formulation ?? 'auto';
  // A heuristic plan first: the solver's warm start, and the answer if the solver finds nothing in time.
  const heuristicBudgetMs = Math.min(5000, req.timeLimitSec * 100);
  const heuristic = heuristicPlacement(app, cands, pairs, { budgetMs: heuristicBudgetMs, now: req.now });
  if (formulation === 'auto' && heuristic.feasible && transportSize(app, cands) > AUTO_TRANSPORT_VARIABLE_BUDGET) {
    return planLarge(req, app, cands, pairs, heuristic, built.notes, t0);
  }
  const pm = buildPlacementModel(app, cands, pairs, { formulation });
  const stats = modelStats(app, cands, pm.model, (req.now() - t0) / 1000);
  const incumbent = heuristic.feasible ? assignmentToValues(pm.xVars, pm.model.variables.length, heuristic.assignment) : undefined;
  const remaining = Math.max(1, req.timeLimitSec - (req.now() - t0) / 1000);
  const solved = await req.solver.solve(pm.model, { timeLimitSec: remaining, mipRelGap: req.mipGap, ...(incumbent ? { incumbent } : {}) });
  const result = preferHeuristic(solved, heuristic);
  if (result.status === 'infeasible') {
    const set = await findConflicts(
      app,
      cands,
      pairs,
      pm.policyConstraints,
      {
        solver: req.solver,
        timeLimitSec: Math.min(10, req.timeLimitSec),
        totalLimitSec: Math.max(10, req.timeLimitSec),
        formulation,
      },
      req.now,
    );
    return { kind: 'infeasible', issues: conflictIssues(app, set), model: pm.model, result };
  }
  if (result.status === 'timeout' || result.status === 'error') {
    const message =
      result.status === 'timeout'
        ? `no feasible placement found within the time limit of ${req.timeLimitSec}s (${req.solver.name}); raise --time-limit`
        : `solver ${req.solver.name} failed: ${result.message}`;
    return {
      kind: 'no-solution',
      issues: [{ severity: 'error', object: `DeploymentPolicy/${app.deploymentPolicy}`, path: '', message }],
      model: pm.model,
      result,
      stats,
    };
  }
  const fromHeuristic = result !== solved;
  const assignment = fromHeuristic ? heuristic.assignment : decodeAssignment(pm.xVars, result.values);
  const cost = fromHeuristic ? heuristic.cost : costOfAssignment(app, cands, pairs, assignment);
  const plan = planOf(req, app, cands, pairs, assignment, cost, result);
  return { kind: 'planned', plan, app, candidates: cands, assignment, cost, model: pm.model, result, stats, notes: built.notes };
}

function modelStats(app: Application, cands: CandidateSet, model: LinearModel, buildSec: number): ModelStats {
  return {
    components: app.components.length,
    edges: app.edges.length,
    locations: cands.locations.length,
    options: cands.components.reduce((s, c) => s + c.locations.reduce((t, l) => t + l.options.length, 0), 0),
    variables: model.variables.length,
    constraints: model.constraints.length,
    nonzeros: model.constraints.reduce((s, r) => s + r.vars.length, 0),
    buildSec,
  };
}

function planOf(
  req: OptimizeRequest,
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  assignment: Assignment,
  cost: AssignmentCost,
  result: OptimalResult | FeasibleResult,
): Plan {
  const explanations = req.explain === false ? [] : explainAssignment(app, cands, pairs, assignment);
  const summary: SolverVerdict = {
    name: req.solver.name,
    status: STATUS[result.status],
    objectiveUsd: result.objective,
    boundUsd: result.bound,
    gap: result.gap,
    wallSec: result.wallSec,
    timeLimitSec: req.timeLimitSec,
    mipGap: req.mipGap,
  };
  return buildPlan({
    app,
    ...(req.deploymentPolicy.metadata.namespace !== undefined ? { namespace: req.deploymentPolicy.metadata.namespace } : {}),
    cands,
    pairs,
    catalog: req.catalog,
    assignment,
    cost,
    solver: summary,
    explanations,
    inputHash: inputHashOf(req),
  });
}

/** The input hash of a request: the policies, the catalog version and the options that change the result. */
export function inputHashOf(req: OptimizeRequest): string {
  return planInputHash({
    deploymentPolicy: req.deploymentPolicy,
    dataflowPolicy: req.dataflowPolicy,
    catalogVersion: req.catalogVersion ?? catalogVersion(req.catalog),
    options: { horizonHours: req.horizonHours, formulation: req.formulation ?? 'auto', prune: req.prune ?? true, mipGap: req.mipGap },
  });
}

/**
 * Models too large for the MILP solver (see optimizer/large/decomposition.ts): dual bound, local search, and the MILP
 * over the locations the bound leaves; the plan's gap is against the proven bound.
 */
async function planLarge(
  req: OptimizeRequest,
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  heuristic: HeuristicResult,
  notes: readonly Issue[],
  t0: number,
): Promise<OptimizeOutcome> {
  const remaining = Math.max(1, req.timeLimitSec - (req.now() - t0) / 1000);
  const d = await solveByDecomposition(app, cands, pairs, req.catalog, heuristic, {
    solver: req.solver,
    timeLimitSec: remaining,
    mipGap: req.mipGap,
    now: req.now,
  });
  const stats = modelStats(app, cands, d.model, (req.now() - t0) / 1000);
  const result = d.result;
  const plan = planOf(req, app, cands, pairs, d.assignment, d.cost, result);
  const note: Issue = {
    severity: 'note',
    object: `DeploymentPolicy/${app.deploymentPolicy}`,
    path: '',
    message: `large model: solved over ${d.keptLocations} of ${d.totalLocations} candidate locations chosen by a dual bound of ${d.dual.lowerBoundUsd.toFixed(2)} USD (${d.dual.lpRounds} LP round(s)); the gap is against the proven bound`,
  };
  return {
    kind: 'planned',
    plan,
    app,
    candidates: cands,
    assignment: d.assignment,
    cost: d.cost,
    model: d.model,
    result,
    stats,
    notes: [...notes, note],
  };
}
