/**
 * The commands that run once and exit and that the launcher (launcher.ts) runs from the code-cached CommonJS bundle
 * (short-run-main.ts, src/cli/code-cache.ts) with V8's optimizing compiler held back (short-run-jit.ts).
 */
export const SHORT_RUN_COMMANDS: readonly string[] = ['validate', 'optimize'];
