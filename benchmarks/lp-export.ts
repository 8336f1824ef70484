/**
 * Speed of the CPLEX LP writer (`--export-lp`, the native-solver cross-checks) on a wide model:
 * `node dist/benchmarks/lp-export.js [variables] [rows] [--runs N]` (defaults 108,000, 20,000, 5 runs).
 * Prints one JSON line: the text's size, the first (cold) write time, and the median and fastest. The target
 * (docs/optimizer.md, "LP export") is well under a second for 108k variables; lp-format.test.ts checks the output.
 */
import { writeCplexLp } from '../optimizer/solvers/lp-format.js';
import { wideModel } from '../optimizer/solvers/test-models.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const [variables = 108_000, rows = 20_000] = args.filter((_, i) => i !== runsAt && i !== runsAt + 1).map(Number);
const model = wideModel(variables, rows);
const ms: number[] = [];
let firstMs = 0;
let bytes = 0;
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  bytes = writeCplexLp(model).length;
  ms.push(performance.now() - t);
  if (r === 0) firstMs = ms[0] as number;
}
ms.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    variables,
    rows,
    bytes,
    runs,
    firstMs: Number(firstMs.toFixed(1)),
    medianMs: Number((ms[Math.floor(runs / 2)] as number).toFixed(1)),
    fastestMs: Number((ms[0] as number).toFixed(1)),
  }),
);
