/**
 * The controller settings of a DeploymentPolicy (spec.planning, spec.solver) with their defaults filled in.
 * Pure; the defaults are spelled once, in src/api/policy.ts, beside the schema that documents them.
 */
import {
  DEFAULT_DEBOUNCE_SECONDS,
  DEFAULT_MIGRATION_COST_USD,
  DEFAULT_SOLVE_TIME_LIMIT_SECONDS,
  type DeploymentPolicy,
  type SolveMode,
} from '../../src/api/policy.js';

/** spec.planning and spec.solver, defaulted. */
export interface PlanningSettings {
  readonly autoApprove: boolean;
  /** Most cost increase (USD over the horizon) autoApprove accepts; Infinity when unlimited. */
  readonly autoApproveMaxCostDeltaUsd: number;
  readonly migrationCostUsd: number;
  /** Quiet time before a solve, ms; undefined when the policy does not set it (the controller's default applies). */
  readonly debounceMs?: number;
  readonly mode: SolveMode;
  readonly timeLimitSec: number;
}

/** Reads the settings of a policy spec. */
export function planningSettings(spec: DeploymentPolicy['spec']): PlanningSettings {
  const p = spec.planning ?? {};
  const s = spec.solver ?? {};
  return {
    autoApprove: p.autoApprove ?? false,
    autoApproveMaxCostDeltaUsd: p.autoApproveMaxCostDeltaUsd ?? Number.POSITIVE_INFINITY,
    migrationCostUsd: p.migrationCostUsd ?? DEFAULT_MIGRATION_COST_USD,
    ...(p.debounceSeconds !== undefined ? { debounceMs: p.debounceSeconds * 1000 } : {}),
    mode: s.mode ?? 'Worker',
    timeLimitSec: s.timeLimitSeconds ?? DEFAULT_SOLVE_TIME_LIMIT_SECONDS,
  };
}

/** The controller-wide default debounce, ms (the policy's spec.planning.debounceSeconds wins). */
export const DEFAULT_DEBOUNCE_MS = DEFAULT_DEBOUNCE_SECONDS * 1000;
