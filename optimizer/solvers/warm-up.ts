/**
 * Loading a solver ahead of its first model (a warm-up), while the caller is still building that model.
 *
 * Why: in a fresh process the first HiGHS solve of a small placement model pays for starting the worker thread,
 * instantiating HiGHS' wasm module and compiling, function by function on first call, the simplex and MIP code
 * it runs (highs.wasm is compiled lazily). On air-quality that is about 0.2 s of a 0.3 s solve phase; solving a
 * tiny MIP first, on the warm worker, does all of it (compiled wasm code is shared by every instance in the
 * process), so it can overlap with candidate building, the heuristic and the model build on the other core
 * (docs/optimizer.md, "Where the time goes").
 *
 * The warm-up decides how highs.wasm is compiled for the whole process (highs-backend.ts, `wasmTierFor`), so a
 * caller passes an estimate of the model's size and the backend warms up only when the model is surely small.
 */
import type { LinearModel, Variable } from './types.js';

/**
 * A tiny MIP with the shape of a placement model (binary choices with one-of rows, a site-opening binary,
 * continuous transfer columns linked to the choices, a capacity row), so that the code paths a real solve
 * takes (LP relaxation, MIP search) are compiled. Its optimum is 8: components 0 and 1 together in location 2
 * (location 0 holds only one of them, and apart they pay the transfer term), component 2 in location 1, no site fee.
 */
export function warmUpModel(): LinearModel {
  const cost = [
    [3, 5, 4],
    [2, 6, 3],
    [4, 1, 5],
  ];
  const variables: Variable[] = [];
  const objVars: number[] = [];
  const objCoefs: number[] = [];
  const x = (c: number, l: number): number => c * 3 + l;
  for (let c = 0; c < 3; c++) {
    for (let l = 0; l < 3; l++) {
      objVars.push(variables.length);
      objCoefs.push(cost[c]?.[l] as number);
      variables.push({ name: `x_${c}_${l}`, type: 'binary', lb: 0, ub: 1 });
    }
  }
  const open = variables.length;
  variables.push({ name: 'open_0', type: 'binary', lb: 0, ub: 1 });
  objVars.push(open);
  objCoefs.push(1);
  // t_l >= x[0,l] - x[1,l]: components 0 and 1 apart costs 2 per unit.
  const transfer = [0, 1, 2].map((l) => {
    const j = variables.length;
    variables.push({ name: `t_${l}`, type: 'continuous', lb: 0, ub: Infinity });
    objVars.push(j);
    objCoefs.push(2);
    return j;
  });
  const constraints = [
    ...[0, 1, 2].map((c) => ({ name: `place_${c}`, vars: [0, 1, 2].map((l) => x(c, l)), coefs: [1, 1, 1], lb: 1, ub: 1 })),
    ...[0, 1, 2].map((c) => ({ name: `fee_${c}`, vars: [x(c, 0), open], coefs: [1, -1], lb: -Infinity, ub: 0 })),
    ...[0, 1, 2].map((l) => ({ name: `link_${l}`, vars: [transfer[l] as number, x(0, l), x(1, l)], coefs: [1, -1, 1], lb: 0, ub: Infinity })),
    { name: 'capacity_0', vars: [x(0, 0), x(1, 0), x(2, 0)], coefs: [2, 2, 3], lb: -Infinity, ub: 3 },
  ];
  return { name: 'warm_up', variables, objective: { vars: objVars, coefs: objCoefs, constant: 0 }, constraints };
}
