/**
 * The seam between the policy controller and where a solve runs. A SolveRunner takes a plain, serialisable
 * request (policies, registered providers, options, the previous Plan for the churn term) and answers with a
 * plain outcome, so the same request can be solved in the operator's process (the default here: the optimizer
 * with its solver in a worker thread) or shipped to a Kubernetes Job (controllers/policy/solve-job*.ts, `spec.solver.mode: Job`).
 */
import type { Plan, SolverStatus } from '../../src/api/plan.js';
import type { DataflowPolicy, DeploymentPolicy, SolveMode } from '../../src/api/policy.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { Issue } from '../../src/validate/issue.js';
import { optimize, type OptimizeRequest } from '../../optimizer/optimize.js';
import { DEFAULT_SOLVER, getSolver } from '../../optimizer/solvers/index.js';
import type { SolverName } from '../../optimizer/solvers/types.js';
import { catalogFor, type RegisteredCatalog } from './registered-catalog.js';

/** One solve, as plain data. */
export interface SolveRequest {
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy?: DataflowPolicy;
  /** ProviderProfiles and InstanceTypes added to (or overriding) the bundled catalog. */
  readonly registered: RegisteredCatalog;
  /** The catalog version the plan's input hash uses (bundled sources + registered objects). */
  readonly catalogVersion: string;
  readonly solver: SolverName;
  readonly timeLimitSec: number;
  readonly mipGap: number;
  /** The approved Plan in force and the price of one move (the churn term). */
  readonly migration?: { readonly previous: Plan; readonly costPerMoveUsd: number };
}

/** What a solve concluded, as plain data. */
export type SolveOutcome =
  | { readonly kind: 'planned'; readonly plan: Plan; readonly notes: readonly Issue[] }
  | { readonly kind: 'invalid'; readonly issues: readonly Issue[] }
  | { readonly kind: 'infeasible'; readonly issues: readonly Issue[]; readonly wallSec?: number }
  | {
      readonly kind: 'no-solution';
      readonly issues: readonly Issue[];
      /** The solver's verdict (TimedOut or Error). */
      readonly solverStatus: SolverStatus;
      readonly wallSec?: number;
    };

/** Runs solves somewhere. */
export interface SolveRunner {
  /** Worker or Job, for logs and metrics. */
  readonly mode: SolveMode;
  /** Solves one request; `signal` aborts when the operator shuts down (the outcome is then discarded). */
  solve(request: SolveRequest, signal: AbortSignal): Promise<SolveOutcome>;
}

/** The optimizer request of a SolveRequest (the in-process runner's; exported so the hash can be checked). */
export function optimizeRequestOf(request: SolveRequest, catalog: Catalog, now: () => number): OptimizeRequest {
  return {
    deploymentPolicy: request.deploymentPolicy,
    ...(request.dataflowPolicy ? { dataflowPolicy: request.dataflowPolicy } : {}),
    catalog,
    solver: getSolver(request.solver),
    timeLimitSec: request.timeLimitSec,
    mipGap: request.mipGap,
    catalogVersion: request.catalogVersion,
    now,
    ...(request.migration ? { migration: request.migration } : {}),
  };
}

const STATUS: Record<string, SolverStatus> = {
  timeout: 'TimedOut',
  error: 'Error',
  infeasible: 'Infeasible',
  optimal: 'Optimal',
  feasible: 'Feasible',
};

/**
 * The default runner: the optimizer in this process (model building on the event loop, the MILP in the
 * solver's worker thread). The extended catalog is cached per catalog version: prices that did not change
 * are not re-read for every solve.
 */
export function inProcessSolveRunner(opts: { baseCatalog: () => Catalog; now?: () => number }): SolveRunner {
  let base: Catalog | undefined;
  const cache = new Map<string, Catalog>();
  const now = opts.now ?? (() => performance.now());
  return {
    mode: 'Worker',
    async solve(request) {
      base ??= opts.baseCatalog();
      let catalog = cache.get(request.catalogVersion);
      if (!catalog) {
        const built = catalogFor(base, request.registered);
        if (!built.ok) return { kind: 'invalid', issues: built.issues };
        catalog = built.catalog;
        // A handful of versions at most are live at once; keep the newest few.
        if (cache.size >= 4) cache.delete(cache.keys().next().value as string);
        cache.set(request.catalogVersion, catalog);
      }
      const outcome = await optimize(optimizeRequestOf(request, catalog, now));
      switch (outcome.kind) {
        case 'planned':
          return { kind: 'planned', plan: outcome.plan, notes: outcome.notes };
        case 'invalid':
          return { kind: 'invalid', issues: outcome.issues };
        case 'infeasible':
          return { kind: 'infeasible', issues: outcome.issues, ...(outcome.result ? { wallSec: outcome.result.wallSec } : {}) };
        case 'no-solution':
          return {
            kind: 'no-solution',
            issues: outcome.issues,
            solverStatus: STATUS[outcome.result.status] ?? 'Error',
            wallSec: outcome.result.wallSec,
          };
      }
    },
  };
}

/** The solver the controller uses. */
export const CONTROLLER_SOLVER: SolverName = DEFAULT_SOLVER;
