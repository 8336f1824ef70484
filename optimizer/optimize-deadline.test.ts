/**
 * One deadline for the whole optimize() call, and a solver failure that does not lose a feasible plan.
 * Both use test doubles of SolverBackend (named as such): one that fails every solve, and one that delegates
 * to HiGHS while advancing a fake clock, so that the deadline is checked without timing anything.
 */
import { describe, expect, it } from 'vitest';
import type { DeploymentPolicy } from '../src/api/policy.js';
import { formatIssue } from '../src/validate/issue.js';
import { optimize } from './optimize.js';
import { getSolver } from './solvers/index.js';
import type { LinearModel, SolveOptions, SolveResult, SolverBackend } from './solvers/types.js';
import { dataflowPolicy as df, deploymentPolicy as dp, policyItem as item, threeSites } from './testing/small-sites.js';

/** Test double: every solve fails, as a crashed or out-of-memory worker would. */
class FailingSolverTestDouble implements SolverBackend {
  readonly name = 'highs' as const;
  calls = 0;
  solve(): Promise<SolveResult> {
    this.calls += 1;
    return Promise.resolve({ status: 'error', solver: 'highs', wallSec: 0, message: 'worker exited with code 134' });
  }
}

/** Test double: every solve runs out of time with no plan and no bound, as a solver given too short a limit does. */
class TimedOutSolverTestDouble implements SolverBackend {
  readonly name = 'highs' as const;
  calls = 0;
  solve(): Promise<SolveResult> {
    this.calls += 1;
    return Promise.resolve({ status: 'timeout', solver: 'highs', wallSec: 9, bound: Number.NEGATIVE_INFINITY });
  }
}

/** Test double: solves with HiGHS, then advances a fake clock by `stepMs` per call, recording each call's limit. */
class SlowClockSolverTestDouble implements SolverBackend {
  readonly name = 'highs' as const;
  clockMs = 0;
  readonly calls: { atMs: number; timeLimitSec: number }[] = [];
  private readonly inner = getSolver('highs');
  constructor(private readonly stepMs: number) {}
  async solve(model: LinearModel, options: SolveOptions): Promise<SolveResult> {
    this.calls.push({ atMs: this.clockMs, timeLimitSec: options.timeLimitSec });
    const r = await this.inner.solve(model, options);
    this.clockMs += Math.min(this.stepMs, options.timeLimitSec * 1000);
    return r;
  }
}

/** Two linked components solved with `solver`, which is called once and finds no plan: the heuristic's plan stands. */
async function heuristicPlanWith(solver: TimedOutSolverTestDouble | FailingSolverTestDouble) {
  const out = await optimize({
    deploymentPolicy: dp([item('a'), item('b')]),
    dataflowPolicy: df([{ from: { name: 'a' }, to: { name: 'b' }, totalDataTransfer: '10GB' }]),
    catalog: threeSites,
    solver,
    timeLimitSec: 10,
    mipGap: 1e-6,
    now: () => performance.now(),
  });
  expect(solver.calls).toBe(1);
  if (out.kind !== 'planned') throw new Error(`expected a plan, got ${out.kind}`);
  expect(out.result.status).toBe('feasible');
  expect(out.plan.status?.solver?.provenOptimal).toBe(false);
  return out;
}

describe('a solver that runs out of time', () => {
  it('leaves the heuristic plan, not proven optimal, with a warning that says why', async () => {
    const out = await heuristicPlanWith(new TimedOutSolverTestDouble());
    expect(out.notes.map(formatIssue)).toContain(
      "(DeploymentPolicy/app): warning: solver highs found no plan within the time limit of 10s; the plan is the heuristic's, feasible but not proven optimal; raise --time-limit",
    );
  });
});

describe('a solver error', () => {
  it('falls back to a feasible heuristic plan, not proven optimal, with a warning', async () => {
    const out = await heuristicPlanWith(new FailingSolverTestDouble());
    // No lower bound is known after a failure: the gap is unknown, never reported as zero.
    expect(out.result.status === 'feasible' && out.result.gap).toBe(Number.POSITIVE_INFINITY);
    expect(out.plan.status?.solver?.gap).toBeUndefined();
    expect(out.notes.map(formatIssue)).toContain(
      "(DeploymentPolicy/app): warning: solver highs failed (worker exited with code 134); the plan is the heuristic's, feasible but not proven optimal (no lower bound)",
    );
  });

  it('without a feasible heuristic plan is reported as the solver failure', async () => {
    // The heuristic cannot meet a budget below the cheapest plan; the failed solve decides nothing.
    const out = await optimize({
      deploymentPolicy: dp([item('a')], { budget: '1' }),
      catalog: threeSites,
      solver: new FailingSolverTestDouble(),
      timeLimitSec: 10,
      mipGap: 1e-6,
      now: () => performance.now(),
    });
    expect(out.kind).toBe('no-solution');
    expect(out.kind === 'no-solution' && out.issues.map(formatIssue)).toEqual([
      '(DeploymentPolicy/app): solver highs failed: worker exited with code 134',
    ]);
  });
});

describe('timeLimitSec bounds the whole call', () => {
  // Six components pinned to east share its 4-vCPU quota: the model is infeasible and the conflict search
  // has many lines to try, each check one solve that takes 1 s on the fake clock.
  const pinned: DeploymentPolicy = dp(
    ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => item(n, { locationConstraint: { permitted: [{ region: 'east' }] }, maxLocations: 1 })),
  );

  it('the solve and the conflict search share one deadline', async () => {
    const solver = new SlowClockSolverTestDouble(1000);
    const out = await optimize({ deploymentPolicy: pinned, catalog: threeSites, solver, timeLimitSec: 3, mipGap: 1e-6, now: () => solver.clockMs });
    expect(out.kind).toBe('infeasible');
    // Every solve starts before the deadline and is given no more than the time left.
    for (const call of solver.calls) {
      expect(call.atMs).toBeLessThan(3000);
      expect(call.timeLimitSec).toBeLessThanOrEqual((3000 - call.atMs) / 1000 + 1e-9);
    }
    expect(solver.clockMs).toBeLessThanOrEqual(3000);
    expect(solver.calls.length).toBe(3);
    const lines = out.kind === 'infeasible' ? out.issues.map(formatIssue) : [];
    // What was not checked is not claimed: the set is stated as not minimal, and no line as a fix.
    expect(lines[0]).toBe(
      '(DeploymentPolicy/app): no placement satisfies these 12 constraint(s) together (the search stopped at the time limit; the set may not be minimal); no single one was confirmed to make the app feasible:',
    );
    expect(lines.length).toBe(13);
    expect(lines.slice(1).every((l) => l.endsWith(' (not checked in time)'))).toBe(true);
  }, 60_000);

  it('without the limit the same search runs to the end', async () => {
    const solver = new SlowClockSolverTestDouble(1000);
    const out = await optimize({ deploymentPolicy: pinned, catalog: threeSites, solver, timeLimitSec: 600, mipGap: 1e-6, now: () => solver.clockMs });
    expect(out.kind).toBe('infeasible');
    expect(solver.calls.length).toBeGreaterThan(3);
    expect(out.kind === 'infeasible' && formatIssue(out.issues[0] as never)).not.toMatch(/stopped at the time limit/);
  }, 120_000);
});
