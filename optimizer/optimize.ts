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
import { unknownGpuModels } from './model/gpu-models.js';
import { conflictIssues, findConflicts, findConflictsBeforeModel, type ConflictSet } from './explain/conflicts.js';
import { explainAssignment } from './explain/explain.js';
import { catalogFor, executionEnvironmentOf } from './execution-environment.js';
import { solveByDecomposition, transportSize } from './large/decomposition.js';
import { assignmentToValues, heuristicPlacement, type HeuristicResult } from './heuristic/heuristic.js';
import { polishPlan } from './heuristic/polish.js';
import type { PlacementState } from './heuristic/placement-state.js';
import { PairTable } from './model/pair-table.js';
import { estimatedNonzeros } from './model/model-size.js';
import { AUTO_TRANSPORT_VARIABLE_BUDGET, buildPlacementModel, type Formulation } from './model/placement-model.js';
import { buildPlan, type SolverVerdict } from './plan/build-plan.js';
import { catalogVersion, planInputHash } from './plan/input-hash.js';
import { withSizeGuard } from './solver-size-guard.js';
import { relativeGap } from './solvers/solution-check.js';
import { SMALL_MODEL_NONZEROS } from './solvers/backend-common.js';
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
  /**
   * Apply the exact reductions: dominated options pruned, interchangeable zones merged (model/zone-classes.ts),
   * the large-model path. `false` turns every one of them off (the tests compare both). @default true
   */
  readonly prune?: boolean;
  /** Compute explanations. @default true */
  readonly explain?: boolean;
  /** Version of the catalog for the plan's input hash. @default the ids and dates of the catalog's price sources */
  readonly catalogVersion?: string;
  /** Milliseconds clock, for the conflict search's time budget. */
  readonly now: () => number;
  /**
   * Called with the best plan known before the solve (the heuristic's, the solver's warm start), as a thunk
   * that builds it only when asked: the CLI prints it when interrupted (SIGINT) during a long solve.
   */
  readonly onIncumbent?: (plan: () => Plan) => void;
  /**
   * The churn term (optimizer/model/migration.ts): a placement of a component outside its placements in
   * `previous` costs `costPerMoveUsd` once; components absent from `previous` cost nothing. The Plan's
   * costs.migrationUsd is that sum, included in totalUsd (not in the budget). Part of the input hash.
   */
  readonly migration?: { readonly previous: Plan; readonly costPerMoveUsd: number };
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
  | {
      readonly kind: 'infeasible';
      readonly issues: readonly Issue[];
      readonly model?: LinearModel;
      readonly result?: SolveResult;
      /** The conflict search's answer (absent when no policy line explains the rejection). */
      readonly conflicts?: ConflictSet;
    }
  | {
      readonly kind: 'no-solution';
      readonly issues: readonly Issue[];
      /** Absent when the time limit ran out before a model was built. */
      readonly model?: LinearModel;
      readonly result: SolveResult;
      readonly stats?: ModelStats;
    }
  | {
      readonly kind: 'planned';
      readonly plan: Plan;
      readonly app: Application;
      readonly candidates: CandidateSet;
      readonly assignment: Assignment;
      readonly cost: AssignmentCost;
      /** The model given to the solver; absent when the large-model path had no time left to build one. */
      readonly model?: LinearModel;
      readonly result: SolveResult;
      readonly stats: ModelStats;
      readonly notes: readonly Issue[];
    };

/**
 * A feasible, not proven optimal result whose plan is the heuristic's (no solver values): its gap follows from
 * the bound, unknown (Infinity) without one, never zero.
 */
function unprovenResult(solver: FeasibleResult['solver'], objective: number, bound = Number.NEGATIVE_INFINITY, wallSec = 0): FeasibleResult {
  return { status: 'feasible', solver, wallSec, objective, bound, gap: relativeGap(objective, bound), values: [] };
}

/**
 * When the solver stopped without an incumbent, failed, or returned a worse plan than the heuristic's, the
 * heuristic plan is returned as not proven optimal, with the solver's bound (if any) for its gap: an error
 * or a time-out without a bound leaves the gap unknown (Infinity), never zero.
 */
function preferHeuristic(solved: SolveResult, heuristic: HeuristicResult): SolveResult {
  if (!heuristic.feasible) return solved;
  const objective = heuristic.cost.totalUsd;
  if (solved.status === 'error') return unprovenResult(solved.solver, objective, Number.NEGATIVE_INFINITY, solved.wallSec);
  if (solved.status === 'timeout' || (solved.status === 'feasible' && solved.objective > objective + 1e-6)) {
    return unprovenResult(solved.solver, objective, solved.bound, solved.wallSec);
  }
  return solved;
}

const STATUS = { optimal: 'Optimal', feasible: 'Feasible', infeasible: 'Infeasible', timeout: 'TimedOut', error: 'Error' } as const;

/**
 * Share of the time left that the MILP solve may use; the rest is kept for decoding, the plan and the
 * explanations, so that the whole call stays within its deadline (docs/optimizer.md, "One deadline").
 */
export const SOLVE_SHARE_OF_REMAINING = 0.9;

/**
 * Builds and solves the placement model for one application. `timeLimitSec` bounds the whole call: candidates,
 * heuristic, solve, conflict search and explanations share one absolute deadline (t0 + timeLimitSec).
 */
export async function optimize(request: OptimizeRequest): Promise<OptimizeOutcome> {
  // javascript-lp-solver is not handed models it cannot hold (solver-size-guard.ts).
  const req: OptimizeRequest = { ...request, solver: withSizeGuard(request.solver) };
  const t0 = req.now();
  const deadlineMs = t0 + req.timeLimitSec * 1000;
  const built = buildApplication(req.deploymentPolicy, req.dataflowPolicy, req.horizonHours);
  if (!built.ok) return { kind: 'invalid', issues: built.issues };
  const app = built.app;
  const gpuIssues = unknownGpuModels(req.deploymentPolicy, req.catalog);
  if (gpuIssues.length > 0) return { kind: 'invalid', issues: gpuIssues };
  // A VirtualMachine application runs on plain instances: the same catalog without cluster fees.
  const catalog = catalogFor(req.catalog, executionEnvironmentOf(req.deploymentPolicy.spec));
  const deadline = { atMs: deadlineMs, now: req.now };
  const cr = buildCandidates(app, catalog, { prune: req.prune ?? true, deadline, ...(req.migration ? { migration: req.migration } : {}) });
  if (!cr.ok && cr.timedOut) {
    const { components, of } = cr.timedOut;
    return outOfTime(
      req,
      app,
      `the time limit of ${req.timeLimitSec}s ran out while building the candidates (${components} of ${of} components); raise --time-limit`,
    );
  }
  if (!cr.ok) {
    // The diagnosis per component, then the policy lines whose relaxation was checked to fix the app.
    const set = await findConflictsBeforeModel(app, { solver: req.solver, catalog, prune: req.prune ?? true, deadlineMs, now: req.now });
    return { kind: 'infeasible', issues: set ? [...cr.issues, ...conflictIssues(app, set)] : cr.issues, ...(set ? { conflicts: set } : {}) };
  }
  const cands = cr.candidates;
  // The solver loads its library while the pair table and the model are built (solvers/warm-up.ts).
  const estimate = estimatedNonzeros(app, cands);
  req.solver.warmUp?.({ estimatedNonzeros: estimate });
  const pairs = new PairTable(app, cands, catalog);
  const formulation = req.formulation ?? 'auto';
  // A heuristic plan: the answer if the solver finds nothing in time, and for all but small models the solver's
  // warm start (run first); a small model is solved while the heuristic runs on this thread (below).
  const heuristicBudgetMs = Math.min(5000, req.timeLimitSec * 100);
  const runHeuristic = (): HeuristicResult => {
    const h = heuristicPlacement(app, cands, pairs, { budgetMs: heuristicBudgetMs, now: req.now, deadline });
    if (h.feasible && req.onIncumbent) {
      const result = unprovenResult(req.solver.name, h.cost.totalUsd);
      req.onIncumbent(() => planOf({ ...req, catalog, explain: false }, app, cands, pairs, h.assignment, h.cost, result));
    }
    return h;
  };
  /** Out of time with no plan: building or solving a model (up to millions of columns) would only overrun it. */
  const outOfTimeWithout = (h: HeuristicResult): OptimizeOutcome | undefined => {
    if (h.feasible || req.now() < deadlineMs) return undefined;
    const where = h.timedOut ? ' (the heuristic had not placed every component)' : '';
    return outOfTime(req, app, `no feasible placement found within the time limit of ${req.timeLimitSec}s${where}; raise --time-limit`);
  };
  // The large-model path restricts the candidates (a reduction): `prune: false` builds the full model instead.
  const mayGoLarge = formulation === 'auto' && (req.prune ?? true) && transportSize(app, cands) > AUTO_TRANSPORT_VARIABLE_BUDGET;
  // Measured (docs/optimizer.md, "Fourth round"): on small models the warm start does not shorten the solve, so
  // the heuristic runs while the solver works; otherwise it runs first.
  const concurrent = !mayGoLarge && req.now() < deadlineMs && estimate <= SMALL_MODEL_NONZEROS;
  let heuristic: HeuristicResult | undefined;
  if (!concurrent) {
    heuristic = runHeuristic();
    const late = outOfTimeWithout(heuristic);
    if (late) return late;
    if (mayGoLarge && heuristic.feasible) return planLarge({ ...req, catalog }, app, cands, pairs, heuristic, built.notes, t0, deadlineMs);
  }
  const pm = buildPlacementModel(app, cands, pairs, { formulation, deadline });
  if (pm.timedOut) return modelOutOfTime(req, app, cands, pairs, heuristic ?? runHeuristic(), built.notes, formulation);
  const stats = modelStats(app, cands, pm.model, (req.now() - t0) / 1000);
  const incumbent = heuristic?.feasible ? assignmentToValues(app, cands, pm, heuristic.assignment) : undefined;
  const remainingSec = ((deadlineMs - req.now()) / 1000) * SOLVE_SHARE_OF_REMAINING;
  let handedOver: () => void = () => undefined;
  const withSolver = new Promise<void>((resolve) => (handedOver = resolve));
  const solving: Promise<SolveResult> =
    remainingSec > 0
      ? req.solver.solve(pm.model, {
          timeLimitSec: remainingSec,
          mipRelGap: req.mipGap,
          ...(incumbent ? { incumbent } : {}),
          ...(concurrent ? { onHandedOver: () => handedOver() } : {}),
        })
      : Promise.resolve({ status: 'timeout', solver: req.solver.name, wallSec: 0, bound: Number.NEGATIVE_INFINITY });
  if (heuristic === undefined) {
    // The heuristic runs once the model is with the solver's worker (or the solve is over, e.g. in this thread).
    await Promise.race([withSolver, solving]);
    heuristic = runHeuristic();
  }
  const solved = await solving;
  const result = preferHeuristic(solved, heuristic);
  if (result.status === 'infeasible') {
    const set = await findConflicts(app, cands, pairs, pm.policyConstraints, {
      solver: req.solver,
      catalog,
      prune: req.prune ?? true,
      deadlineMs,
      now: req.now,
    });
    return { kind: 'infeasible', issues: conflictIssues(app, set), model: pm.model, result, conflicts: set };
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
  const decoded = fromHeuristic ? heuristic.assignment : decodeAssignment(pm.xVars, result.values);
  const decodedCost = fromHeuristic ? heuristic.cost : costOfAssignment(app, cands, pairs, decoded);
  // Every plan ends with an improving pass, and its status says Optimal only for a zero gap (polish.ts).
  const finished = polishPlan(app, cands, pairs, { assignment: decoded, cost: decodedCost, result }, polishBudget(req, deadlineMs));
  const { assignment, cost } = finished;
  const plan = planOf({ ...req, catalog }, app, cands, pairs, assignment, cost, finished.result, finished.issues, finished.state);
  const notes = [
    ...built.notes,
    ...(solved.status === 'error' ? [solverErrorNote(app, req.solver.name, solved.message)] : []),
    ...(solved.status === 'timeout' && fromHeuristic ? [solverTimeoutNote(app, req.solver.name, req.timeLimitSec, remainingSec > 0)] : []),
    ...finished.issues,
  ];
  return { kind: 'planned', plan, app, candidates: cands, assignment, cost, model: pm.model, result: finished.result, stats, notes };
}

/**
 * The deadline passed while the model was being built (a large `pairwise` model): the heuristic's plan when it is
 * feasible (not proven optimal, no bound), otherwise no plan. The incomplete model is neither solved nor returned.
 */
function modelOutOfTime(
  req: OptimizeRequest,
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  heuristic: HeuristicResult,
  notes: readonly Issue[],
  formulation: Formulation,
): OptimizeOutcome {
  const message = `the time limit of ${req.timeLimitSec}s ran out while building the ${formulation} model`;
  if (!heuristic.feasible) return outOfTime(req, app, `${message}, and no feasible placement was found; raise --time-limit`);
  const result = unprovenResult(req.solver.name, heuristic.cost.totalUsd);
  const note: Issue = {
    severity: 'warning',
    object: `DeploymentPolicy/${app.deploymentPolicy}`,
    path: '',
    message: `${message}; the plan is the heuristic's, feasible but not proven optimal (no lower bound)`,
  };
  const plan = planOf(
    { ...req, catalog: catalogFor(req.catalog, executionEnvironmentOf(req.deploymentPolicy.spec)) },
    app,
    cands,
    pairs,
    heuristic.assignment,
    heuristic.cost,
    result,
    [note],
  );
  return {
    kind: 'planned',
    plan,
    app,
    candidates: cands,
    assignment: heuristic.assignment,
    cost: heuristic.cost,
    result,
    stats: modelStats(app, cands, undefined, 0),
    notes: [...notes, note],
  };
}

/** The answer when the deadline passed before any plan was found: no model, no solver call. */
function outOfTime(req: OptimizeRequest, app: Application, message: string): OptimizeOutcome {
  return {
    kind: 'no-solution',
    issues: [{ severity: 'error', object: `DeploymentPolicy/${app.deploymentPolicy}`, path: '', message }],
    result: { status: 'timeout', solver: req.solver.name, wallSec: 0, bound: Number.NEGATIVE_INFINITY },
  };
}

/** Time for the final improving pass: a tenth of the limit, at most 5 s, never past half the time left. */
function polishBudget(req: OptimizeRequest, deadlineMs: number): { budgetMs: number; now: () => number } {
  return { budgetMs: Math.max(0, Math.min(5000, req.timeLimitSec * 100, (deadlineMs - req.now()) / 2)), now: req.now };
}

/** The note that says a plan is the heuristic's because the solver failed. */
function solverErrorNote(app: Application, solver: string, message: string): Issue {
  return {
    severity: 'warning',
    object: `DeploymentPolicy/${app.deploymentPolicy}`,
    path: '',
    message: `solver ${solver} failed (${message}); the plan is the heuristic's, feasible but not proven optimal (no lower bound)`,
  };
}

/**
 * The note that says a plan is the heuristic's because the time limit ran out before the solver found a plan (or
 * before it could start): without it the plan would say only "not proven optimal", and not why.
 */
function solverTimeoutNote(app: Application, solver: string, timeLimitSec: number, started: boolean): Issue {
  const why = started
    ? `solver ${solver} found no plan within the time limit of ${timeLimitSec}s`
    : `the time limit of ${timeLimitSec}s ran out before solver ${solver} could start`;
  return {
    severity: 'warning',
    object: `DeploymentPolicy/${app.deploymentPolicy}`,
    path: '',
    message: `${why}; the plan is the heuristic's, feasible but not proven optimal; raise --time-limit`,
  };
}

function modelStats(app: Application, cands: CandidateSet, model: LinearModel | undefined, buildSec: number): ModelStats {
  return {
    components: app.components.length,
    edges: app.edges.length,
    locations: cands.locations.length,
    options: cands.components.reduce((s, c) => s + c.locations.reduce((t, l) => t + l.options.length, 0), 0),
    variables: model?.variables.length ?? 0,
    constraints: model?.constraints.length ?? 0,
    nonzeros: model?.constraints.reduce((s, r) => s + r.vars.length, 0) ?? 0,
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
  issues: readonly Issue[] = [],
  state?: PlacementState,
): Plan {
  const explanations = req.explain === false ? [] : explainAssignment(app, cands, pairs, assignment, state);
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
    executionEnvironment: executionEnvironmentOf(req.deploymentPolicy.spec),
    issues: issues.map((i) => ({ severity: i.severity, object: i.object ?? '', path: i.path, message: i.message })),
    migration: req.migration !== undefined,
  });
}

/** The input hash of a request: the policies, the catalog version and the options that change the result. */
export function inputHashOf(req: OptimizeRequest): string {
  return planInputHash({
    deploymentPolicy: req.deploymentPolicy,
    dataflowPolicy: req.dataflowPolicy,
    catalogVersion: req.catalogVersion ?? catalogVersion(req.catalog),
    options: {
      horizonHours: req.horizonHours,
      formulation: req.formulation ?? 'auto',
      prune: req.prune ?? true,
      mipGap: req.mipGap,
      ...(req.migration ? { migration: migrationKey(req.migration) } : {}),
    },
  });
}

/**
 * What of a migration input changes the result: the price of a move and where each component ran before
 * (sorted placement ids), not the previous plan's run data, revision or approval.
 */
function migrationKey(m: NonNullable<OptimizeRequest['migration']>): string {
  const ids = m.previous.spec.placements.map((p) => `${p.component}@${p.platform}/${p.region}/${p.zone}`).sort();
  return JSON.stringify([m.costPerMoveUsd, ...new Set(ids)]);
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
  deadlineMs: number,
): Promise<OptimizeOutcome> {
  // The decomposition runs a dual bound, a local search and a MILP; it needs a positive budget to return a plan.
  const remaining = Math.max(0.01, ((deadlineMs - req.now()) / 1000) * SOLVE_SHARE_OF_REMAINING);
  const d = await solveByDecomposition(app, cands, pairs, req.catalog, heuristic, {
    solver: req.solver,
    timeLimitSec: remaining,
    mipGap: req.mipGap,
    now: req.now,
  });
  const stats = modelStats(app, cands, d.model, (req.now() - t0) / 1000);
  const skipped: Issue[] = d.model
    ? []
    : [
        {
          severity: 'note',
          object: `DeploymentPolicy/${app.deploymentPolicy}`,
          path: '',
          message:
            'large model: no time was left for the restricted MILP; the plan is the one of the local search, with its gap against the dual bound',
        },
      ];
  const finished = polishPlan(app, cands, pairs, d, polishBudget(req, deadlineMs));
  const result = finished.result;
  const plan = planOf(req, app, cands, pairs, finished.assignment, finished.cost, result, finished.issues, finished.state);
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
    assignment: finished.assignment,
    cost: finished.cost,
    ...(d.model ? { model: d.model } : {}),
    result,
    stats,
    notes: [...notes, note, ...skipped, ...finished.issues],
  };
}
