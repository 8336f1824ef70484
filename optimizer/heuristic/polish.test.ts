/**
 * Issue 9 item 5: explanations printed "+$-7.41" because the returned plan had a single move that lowered
 * its cost. Every plan now ends with an improving pass; a plan within a gap is improved (and may close the
 * gap), a plan the solver called proven optimal that can still be improved is reported as a bug, and the
 * explanations word alternatives as one-move deltas. The solver here is HiGHS solving the real rows with the
 * compute costs negated: a feasible but poor plan, as a solver stopped at a gap could return.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.js';
import { evaluatePlan } from '../evaluate/index.js';
import { explainAssignment } from '../explain/explain.js';
import { buildApplication, type Application } from '../model/application.js';
import { costOfAssignment, type Assignment } from '../model/assignment.js';
import { buildCandidates, type CandidateSet } from '../model/candidates.js';
import { PairTable } from '../model/pair-table.js';
import { optimize, type OptimizeOutcome } from '../optimize.js';
import { getSolver } from '../solvers/index.js';
import type { FeasibleResult, LinearModel, SolveResult, SolverBackend } from '../solvers/types.js';
import { FakeCatalog } from '../testing/fake-catalog.js';
import { component, dataflowPolicy, deploymentPolicy, offering, site } from '../testing/policy-builders.js';
import { polishPlan } from './polish.js';

const highs = getSolver('highs');
const east = site('aws', 'east', ['east-a']);
const west = site('aws', 'west', ['west-a']);
const catalog: Catalog = new FakeCatalog({
  sites: [east, west],
  offerings: [offering(east, 'small', 2, 8, 0.1), offering(east, 'big', 8, 32, 0.5), offering(west, 'small', 2, 8, 0.2)],
  egressUsdPerGB: new Map([['aws/east|aws/west', 0.02]]),
  rttMs: new Map([['aws/east|aws/west', 30]]),
});
const dp = deploymentPolicy([component('a', { resources: { cpu: '1', memory: '1Gi' } }), component('b', { resources: { cpu: '1', memory: '1Gi' } })]);
const df = dataflowPolicy([{ from: { name: 'a' }, to: { name: 'b' }, totalDataTransfer: '10GB' }]);
/** Both components on east's small flavor. */
const OPTIMUM_USD = 2 * 0.1 * 730;

/** HiGHS on the same rows with every placement cost negated: the dearest feasible plan, reported as `claim`. */
function poorSolver(): SolverBackend {
  return {
    name: 'highs',
    async solve(model: LinearModel, options): Promise<SolveResult> {
      const isX = (j: number): boolean => model.variables[j]?.name.startsWith('x_') ?? false;
      const negated: LinearModel = {
        ...model,
        objective: { ...model.objective, coefs: model.objective.coefs.map((c, i) => (isX(model.objective.vars[i] as number) ? -c : c)) },
      };
      const r = await highs.solve(negated, { timeLimitSec: options.timeLimitSec, mipRelGap: 0 });
      if (r.status !== 'optimal') return r;
      const objective = model.objective.vars.reduce(
        (s, v, i) => s + (model.objective.coefs[i] as number) * (r.values[v] as number),
        model.objective.constant,
      );
      // A wrong claim of optimality: the bound is its own objective.
      return { status: 'optimal', solver: 'highs', wallSec: r.wallSec, objective, bound: objective, gap: 0, values: r.values };
    },
  };
}

/** The candidates of the app and a poor plan: a on east's big flavor, b on east's small one. */
function poorPlan(): { app: Application; cands: CandidateSet; pairs: PairTable; poor: Assignment } {
  const built = buildApplication(dp, df);
  if (!built.ok) throw new Error('invalid');
  const cr = buildCandidates(built.app, catalog, { prune: false });
  if (!cr.ok) throw new Error('no candidates');
  const cands = cr.candidates;
  const eastOf = (c: number): number => cands.components[c]?.locations.findIndex((e) => e.location.site.key === 'aws/east') ?? -1;
  const big = cands.components[0]?.locations[eastOf(0)]?.options.findIndex((o) => o.offering.name === 'big') ?? -1;
  const small = cands.components[1]?.locations[eastOf(1)]?.options.findIndex((o) => o.offering.name === 'small') ?? -1;
  return { app: built.app, cands, pairs: new PairTable(built.app, cands, catalog), poor: [[{ l: eastOf(0), o: big }], [{ l: eastOf(1), o: small }]] };
}

async function run(solver: SolverBackend): Promise<OptimizeOutcome> {
  return optimize({ deploymentPolicy: dp, dataflowPolicy: df, catalog, solver, timeLimitSec: 20, mipGap: 0, now: () => performance.now() });
}

function planned(out: OptimizeOutcome): Extract<OptimizeOutcome, { kind: 'planned' }> {
  if (out.kind !== 'planned') throw new Error(`expected a plan, got ${out.kind}`);
  return out;
}

describe('every plan ends with an improving pass', () => {
  it('a plan within a gap is improved to the optimum, its gap against the same bound, and no explanation reads "+$-"', () => {
    const { app, cands, pairs, poor } = poorPlan();
    const cost = costOfAssignment(app, cands, pairs, poor);
    const result: FeasibleResult = {
      status: 'feasible',
      solver: 'highs',
      wallSec: 0,
      objective: cost.totalUsd,
      bound: OPTIMUM_USD - 1,
      gap: 0.5,
      values: [],
    };
    const polished = polishPlan(app, cands, pairs, { assignment: poor, cost, result }, { budgetMs: 10_000, now: () => performance.now() });
    expect(polished.cost.totalUsd).toBeCloseTo(OPTIMUM_USD, 6);
    expect(polished.savedUsd).toBeCloseTo(cost.totalUsd - OPTIMUM_USD, 6);
    expect(polished.result).toMatchObject({ status: 'feasible', objective: polished.cost.totalUsd, bound: OPTIMUM_USD - 1 });
    expect(polished.result.gap).toBeCloseTo(1 / OPTIMUM_USD, 9);
    expect(polished.issues.map((i) => i.message)).toEqual([
      `the improving pass lowered the solver's plan from ${cost.totalUsd.toFixed(2)} to 146.00 USD by single moves`,
    ]);
    const explanations = explainAssignment(app, cands, pairs, polished.assignment);
    expect(explanations.length).toBe(2);
    for (const e of explanations) {
      expect(e.message).not.toContain('+$-');
      expect(e.alternativeExtraUsd ?? 0).toBeGreaterThanOrEqual(0);
    }
  });

  it('a claimed proven optimum that one move improves is reported as a bug, not as Optimal', async () => {
    const out = planned(await run(poorSolver()));
    expect(out.cost.totalUsd).toBeCloseTo(OPTIMUM_USD, 6);
    expect(out.plan.status?.solver?.status).toBe('Feasible');
    expect(out.plan.status?.solver?.provenOptimal).toBe(false);
    const warning = (out.plan.status?.issues ?? []).find((i) => i.severity === 'warning');
    expect(warning?.message).toMatch(
      /^internal error: a one-move change lowers the plan to 146\.00 USD, below the solver's lower bound of \d+\.\d\d USD \(highs\)/,
    );
  });

  it('the true solver result of this model is proven optimal with a zero gap', async () => {
    const out = planned(await run(highs));
    expect(out.cost.totalUsd).toBeCloseTo(OPTIMUM_USD, 6);
    expect(out.plan.status?.solver).toMatchObject({ status: 'Optimal', provenOptimal: true, gap: 0 });
  });
});

describe('explanations are one-move deltas', () => {
  it('a move that lowers the cost is called an improvement, never "+$-"', () => {
    const { app, cands, pairs, poor } = poorPlan();
    const [a] = explainAssignment(app, cands, pairs, poor);
    // Moving a alone to west (small there): 0.2·730 − 0.5·730 + 10 GB × 0.09 (west → east) = −218.10.
    expect(a?.message).toBe(
      'a on aws/east/east-a (big); moving it alone to aws/west/west-a (small) would save $218.10 (a one-move improvement: this plan is not locally optimal)',
    );
    expect(a?.alternativeExtraUsd).toBeCloseTo(-218.1, 6);
  });
});
