/**
 * Small hand-made models with known optima (used by the solver tests and handy for smoke checks).
 */
import type { LinearModel, Variable } from './types.js';

const bin = (name: string): Variable => ({ name, type: 'binary', lb: 0, ub: 1 });

/** 0/1 knapsack: values 10,13,7,8,4, weights 5,7,4,5,2, capacity 13 → best value 24 (items 1, 2, 4). */
export function knapsack(): LinearModel {
  const values = [10, 13, 7, 8, 4];
  const weights = [5, 7, 4, 5, 2];
  const vars = values.map((_, j) => j);
  return {
    name: 'knapsack',
    variables: values.map((_, j) => bin(`take_${j}`)),
    // maximise value = minimise -value
    objective: { vars, coefs: values.map((v) => -v), constant: 0 },
    constraints: [{ name: 'capacity', vars, coefs: weights, lb: -Infinity, ub: 13 }],
  };
}
/** Known optimum of {@link knapsack}. */
export const KNAPSACK_OPTIMUM = -24;

/** 3×3 assignment with costs [[4,2,8],[4,3,7],[3,1,6]], each agent and task exactly once → optimum 12. */
export function assignment(): LinearModel {
  const cost = [
    [4, 2, 8],
    [4, 3, 7],
    [3, 1, 6],
  ];
  const variables: Variable[] = [];
  const objVars: number[] = [];
  const objCoefs: number[] = [];
  for (let a = 0; a < 3; a++) {
    for (let t = 0; t < 3; t++) {
      objVars.push(variables.length);
      objCoefs.push(cost[a]?.[t] as number);
      variables.push(bin(`assign_${a}_${t}`));
    }
  }
  const idx = (a: number, t: number): number => a * 3 + t;
  const constraints = [0, 1, 2].flatMap((k) => [
    { name: `agent_${k}`, vars: [0, 1, 2].map((t) => idx(k, t)), coefs: [1, 1, 1], lb: 1, ub: 1 },
    { name: `task_${k}`, vars: [0, 1, 2].map((a) => idx(a, k)), coefs: [1, 1, 1], lb: 1, ub: 1 },
  ]);
  return { name: 'assignment', variables, objective: { vars: objVars, coefs: objCoefs, constant: 0 }, constraints };
}
/** Known optimum of {@link assignment} (three of the six permutations reach it, e.g. 0→1, 1→2, 2→0). */
export const ASSIGNMENT_OPTIMUM = 12;

/**
 * Mixed model: a free continuous variable, an equality, a ranged row, a general integer and a constant.
 *   min 2x + 3y - z + 10 + w
 *   x + y + z = 10          (equality)
 *   2 <= x - y <= 4         (ranged)
 *   w >= x - 6, w free      (w = max(x - 6, ...) is driven by the objective)
 *   z <= 3.5 continuous, x integer in [0, 8], y >= 0 continuous
 * With w = x - 6 at the optimum the objective is 4(x + y) - 6 and z <= 3.5 forces x + y >= 6.5; the ranged row
 * then needs x in [4.25, 5.25], so the unique optimum is x = 5, y = 1.5, z = 3.5, w = -1, objective 20.
 */
export function mixed(): LinearModel {
  return {
    name: 'mixed',
    variables: [
      { name: 'x', type: 'integer', lb: 0, ub: 8 },
      { name: 'y', type: 'continuous', lb: 0, ub: Infinity },
      { name: 'z', type: 'continuous', lb: -Infinity, ub: 3.5 },
      { name: 'w', type: 'continuous', lb: -Infinity, ub: Infinity },
    ],
    objective: { vars: [0, 1, 2, 3], coefs: [2, 3, -1, 1], constant: 10 },
    constraints: [
      { name: 'total', vars: [0, 1, 2], coefs: [1, 1, 1], lb: 10, ub: 10 },
      { name: 'spread', vars: [0, 1], coefs: [1, -1], lb: 2, ub: 4 },
      { name: 'excess', vars: [3, 0], coefs: [1, -1], lb: -6, ub: Infinity },
    ],
  };
}
/** Known optimum of {@link mixed}. */
export const MIXED_OPTIMUM = 20;

/** Infeasible: binaries a, b with a + b >= 3. */
export function infeasible(): LinearModel {
  return {
    name: 'infeasible',
    variables: [bin('a'), bin('b'), { name: 'c', type: 'integer', lb: 0, ub: 10 }],
    objective: { vars: [0, 1, 2], coefs: [1, 1, 1], constant: 0 },
    constraints: [
      { name: 'too_many', vars: [0, 1], coefs: [1, 1], lb: 3, ub: Infinity },
      { name: 'c_link', vars: [2, 0], coefs: [1, -1], lb: 0, ub: Infinity },
    ],
  };
}

/**
 * A wide model with no particular optimum, for the LP writer's size test and benchmarks/lp-export.ts: `n`
 * variables (every third continuous and unbounded above, the rest binary) and `rows` rows of 12 terms each
 * (every fourth ranged, the rest ≥ 1).
 */
export function wideModel(n = 108_000, rows = 20_000): LinearModel {
  const variables: Variable[] = Array.from({ length: n }, (_, j) => ({
    name: `x_${j}_region_${j % 97}`,
    type: j % 3 === 0 ? 'continuous' : 'binary',
    lb: 0,
    ub: j % 3 === 0 ? Infinity : 1,
  }));
  const constraints = Array.from({ length: rows }, (_, i) => {
    const vars = Array.from({ length: 12 }, (_, k) => (i * 7 + k * 9001) % n);
    return { name: `row_${i}`, vars, coefs: vars.map((j) => 0.5 + (j % 13) * 1.37), lb: 1, ub: i % 4 === 0 ? 40 : Infinity };
  });
  return {
    name: 'wide',
    variables,
    objective: { vars: variables.map((_, j) => j), coefs: variables.map((_, j) => 0.013 * (j % 101) + 0.001), constant: 0 },
    constraints,
  };
}
