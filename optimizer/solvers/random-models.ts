/**
 * Seeded random MILPs for differential tests and solver benchmarks (reproducible across runs and machines).
 */
import type { Constraint, LinearModel, Variable } from './types.js';
import { mulberry32 } from '../../src/util/prng.js';

export { mulberry32 } from '../../src/util/prng.js';

/** Shape of {@link randomMilp}'s models. */
export interface RandomMilpOptions {
  readonly variables: number;
  readonly constraints: number;
  /** Share of variables that are binary (the rest are bounded integers 0..5). Default 0.6. */
  readonly binaryShare?: number;
  /** Share of non-zero coefficients per row. Default 0.5. */
  readonly density?: number;
}

/**
 * A random bounded, always-feasible MILP: minimise a mixed-sign cost subject to covering rows (>=),
 * capacity rows (<=) and occasionally ranged rows, all satisfied by a planted integer point.
 */
export function randomMilp(seed: number, opts: RandomMilpOptions): LinearModel {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const binaryShare = opts.binaryShare ?? 0.6;
  const density = opts.density ?? 0.5;
  const variables: Variable[] = [];
  const planted: number[] = [];
  for (let j = 0; j < opts.variables; j++) {
    const binary = rnd() < binaryShare;
    variables.push({ name: `x${j}`, type: binary ? 'binary' : 'integer', lb: 0, ub: binary ? 1 : 5 });
    planted.push(binary ? int(0, 1) : int(0, 5));
  }
  const constraints: Constraint[] = [];
  for (let i = 0; i < opts.constraints; i++) {
    const vars: number[] = [];
    const coefs: number[] = [];
    for (let j = 0; j < opts.variables; j++) {
      if (rnd() < density) {
        vars.push(j);
        coefs.push(int(1, 20));
      }
    }
    if (vars.length === 0) {
      vars.push(int(0, opts.variables - 1));
      coefs.push(1);
    }
    const at = vars.reduce((s, j, k) => s + (coefs[k] as number) * (planted[j] as number), 0);
    const kind = rnd();
    const name = `c${i}`;
    if (kind < 0.45) constraints.push({ name, vars, coefs, lb: Math.max(0, at - int(0, 10)), ub: Infinity });
    else if (kind < 0.9) constraints.push({ name, vars, coefs, lb: -Infinity, ub: at + int(0, 10) });
    else constraints.push({ name, vars, coefs, lb: at - int(0, 5), ub: at + int(0, 5) });
  }
  const objVars: number[] = [];
  const objCoefs: number[] = [];
  for (let j = 0; j < opts.variables; j++) {
    objVars.push(j);
    objCoefs.push(int(-20, 30));
  }
  return { name: `random_${seed}`, variables, objective: { vars: objVars, coefs: objCoefs, constant: 0 }, constraints };
}

/**
 * A multi-dimensional 0/1 knapsack (maximise value, written as minimising its negative) with capacities
 * at half the total weight: hard for branch and bound from about 100 items and 10 dimensions on.
 */
export function multiKnapsack(seed: number, items: number, dimensions: number): LinearModel {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const all = Array.from({ length: items }, (_, j) => j);
  const variables: Variable[] = all.map((j) => ({ name: `item_${j}`, type: 'binary', lb: 0, ub: 1 }));
  const constraints: Constraint[] = Array.from({ length: dimensions }, (_, i) => {
    const coefs = all.map(() => int(5, 100));
    return { name: `dim_${i}`, vars: all, coefs, lb: -Infinity, ub: Math.round(coefs.reduce((s, c) => s + c, 0) / 2) };
  });
  return {
    name: `mkp_${seed}_${items}x${dimensions}`,
    variables,
    objective: { vars: all, coefs: all.map(() => -int(10, 100)), constant: 0 },
    constraints,
  };
}
