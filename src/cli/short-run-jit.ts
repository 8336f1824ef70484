/**
 * V8's optimizing compiler, held back for the commands that run once and exit (short-run-commands.ts), by the
 * launcher (launcher.ts) before it loads their bundle; a long-running process (the operator, a test run) keeps
 * V8's default.
 *
 * V8 hands a function to TurboFan once it has used up an interrupt budget (67,584 bytecode units by default in
 * Node 20's V8 11.3). In a dry run of a second or two, many functions reach that budget and are compiled on a
 * background thread, and then the run ends: on 2 cores those compiles take the core that the solver's worker
 * needs. With a budget of 1,000,000 only code that really runs long (a large model's build, its local search)
 * is optimized, a little later than before. Measured on the 2-core machine, alternating in the same minutes
 * (docs/optimizer.md, "Sixth round"): air-quality `optimize` median wall 1.97 → 1.60 s, user CPU 2.83 → 2.08 s;
 * the 100-component run is unchanged.
 * What is computed does not change, only how fast the JavaScript that computes it runs.
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 flag a one-shot command sets (the default budget is 67,584). */
export const SHORT_RUN_V8_FLAG = '--interrupt-budget=1000000';

/** Raises V8's tier-up budget for the rest of this process. */
export function holdBackOptimizingCompiler(): void {
  setFlagsFromString(SHORT_RUN_V8_FLAG);
}
