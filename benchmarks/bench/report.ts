/**
 * The report model of `skycluster bench`: plain data built from the strategies' outcomes and the scaling runs,
 * written as report.json and rendered by render-markdown.ts / render-svg.ts. Pure. Costs are rounded to the
 * cent so that two runs with the same seed and catalog give the same figures; timings live in separate
 * fields (`wallSec`, `timings`).
 */
import type { StrategyOutcome } from './strategies.js';

export const round2 = (n: number): number => Math.round(n * 100) / 100;
const round4 = (n: number): number => Math.round(n * 1e4) / 1e4;

export interface StrategyRow {
  readonly key: string;
  readonly strategy: string;
  readonly label: string;
  readonly feasible: boolean;
  /** evaluatePlan totals, USD over the horizon (also for infeasible placements, when there are some). */
  readonly totalUsd?: number;
  readonly computeUsd?: number;
  readonly clusterFeesUsd?: number;
  readonly transferUsd?: number;
  readonly reason?: string;
  readonly violations: Readonly<Record<string, number>>;
  readonly notes: readonly string[];
  readonly sites: readonly string[];
  readonly placements: StrategyOutcome['placements'];
  /** Optimizer only. */
  readonly solver?: {
    readonly name: string;
    readonly status: string;
    readonly gap?: number;
    readonly variables: number;
    readonly constraints: number;
  };
}

export interface Saving {
  /** Baseline row key. */
  readonly baseline: string;
  readonly label: string;
  /** (baseline − optimizer) / baseline, when both are feasible. */
  readonly fraction?: number;
  readonly usd?: number;
  /** Why there is no figure (baseline infeasible, optimizer failed). */
  readonly missing?: string;
}

export interface SuiteReport {
  readonly name: string;
  readonly description: string;
  readonly components: number;
  readonly edges: number;
  readonly registeredSites: readonly string[];
  readonly rows: readonly StrategyRow[];
  readonly savings: readonly Saving[];
  /** Wall seconds per row key (not deterministic). */
  readonly timings: Readonly<Record<string, number>>;
}

export interface ScalingRun {
  readonly components: number;
  readonly edges: number;
  readonly solver: string;
  /** planned | infeasible | no-solution | timeout (child killed) | error | skipped. */
  readonly status: string;
  readonly solverStatus?: string;
  readonly objectiveUsd?: number;
  readonly gap?: number | null;
  /** evaluatePlan violations of the plan found (0 expected). */
  readonly violations?: number;
  readonly variables?: number;
  readonly constraints?: number;
  readonly message?: string;
  /** Timings and memory (not deterministic). */
  readonly wallSec?: number;
  readonly solverSec?: number;
  readonly peakRssMiB?: number;
}

export interface BenchReport {
  readonly tool: 'skycluster bench';
  readonly command: string;
  readonly settings: {
    readonly solver: string;
    readonly seed: number;
    readonly timeLimitSec: number;
    readonly mipGap: number;
    readonly suites: readonly string[];
  };
  /** Catalog provenance: source id → date of the figures. */
  readonly catalog: { readonly sources: readonly { readonly id: string; readonly date: string }[]; readonly newest: string; readonly oldest: string };
  readonly suites: readonly SuiteReport[];
  readonly scaling?: { readonly runs: readonly ScalingRun[]; readonly notes: readonly string[] };
  /** Run metadata (not deterministic). */
  readonly run: { readonly startedAt: string; readonly wallSec: number; readonly node: string; readonly platform: string };
}

/** Baselines the optimizer is compared with, in row order. */
export const baselineKeys = (rows: readonly StrategyRow[]): string[] => rows.filter((r) => r.strategy !== 'optimizer').map((r) => r.key);

/** Report of one suite from its strategy outcomes. */
export function suiteReport(
  suite: { name: string; description: string; components: number; edges: number; registeredSites: readonly string[] },
  outcomes: readonly StrategyOutcome[],
): SuiteReport {
  const rows: StrategyRow[] = outcomes.map((o) => ({
    key: o.key,
    strategy: o.strategy,
    label: o.label,
    feasible: o.feasible,
    ...(o.costs
      ? {
          totalUsd: round2(o.costs.totalUsd),
          computeUsd: round2(o.costs.computeUsd),
          clusterFeesUsd: round2(o.costs.clusterFeesUsd),
          transferUsd: round2(o.costs.transferUsd),
        }
      : {}),
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
    violations: o.violations,
    notes: o.notes,
    sites: [...new Set(o.placements.map((p) => p.site.split('/').slice(0, 2).join('/')))].sort(),
    placements: o.placements,
    ...(o.solver ? { solver: { ...o.solver, ...(o.solver.gap !== undefined ? { gap: round4(o.solver.gap) } : {}) } } : {}),
  }));
  const opt = rows.find((r) => r.strategy === 'optimizer');
  const savings: Saving[] = rows
    .filter((r) => r.strategy !== 'optimizer')
    .map((r) => {
      const base = { baseline: r.key, label: r.label };
      if (!opt || !opt.feasible || opt.totalUsd === undefined) return { ...base, missing: 'optimizer found no valid plan' };
      if (!r.feasible || r.totalUsd === undefined) return { ...base, missing: 'baseline infeasible' };
      const usd = round2(r.totalUsd - opt.totalUsd);
      return { ...base, usd, fraction: r.totalUsd > 0 ? round4(usd / r.totalUsd) : 0 };
    });
  return {
    ...suite,
    rows,
    savings,
    timings: Object.fromEntries(outcomes.map((o) => [o.key, Math.round(o.wallSec * 1000) / 1000])),
  };
}

/** Provenance summary of a catalog. */
export function catalogSummary(provenance: readonly { id: string; date: string }[]): BenchReport['catalog'] {
  const sources = [...provenance].map((p) => ({ id: p.id, date: p.date })).sort((a, b) => a.id.localeCompare(b.id));
  const dates = sources.map((s) => s.date).sort();
  return { sources, newest: dates[dates.length - 1] ?? '', oldest: dates[0] ?? '' };
}

/** The deterministic part of a report (what must be equal across runs with the same seed and catalog). */
export function deterministicPart(r: BenchReport): unknown {
  return {
    settings: r.settings,
    catalog: r.catalog,
    suites: r.suites.map(({ timings: _t, ...rest }) => rest),
    scaling: r.scaling?.runs.map((x) => ({ components: x.components, edges: x.edges, solver: x.solver, status: x.status })),
  };
}
