/**
 * The V8 flags behind HiGHS' wasm tier (highs-backend.ts, `WasmTier`), in one place: the backend sets them, and the
 * CLI's code cache (src/cli/code-cache.ts) sets them back before it saves V8's cached data, which V8 accepts only
 * under the flags it was made with.
 */

/** Set, process-wide, before highs.wasm is first compiled for the `baseline` tier: Liftoff code only. */
export const BASELINE_TIER_FLAG = '--liftoff-only';

/**
 * V8's defaults for what {@link BASELINE_TIER_FLAG} changes (it also turns wasm tier-up and dynamic tiering off).
 * Node 20's V8 11.3; test/code-cache.test.ts fails if they no longer restore the flags a process starts with.
 */
export const BASELINE_TIER_UNDO: readonly string[] = ['--no-liftoff-only', '--liftoff', '--wasm-tier-up', '--wasm-dynamic-tiering'];
