/**
 * Where a command's time is counted from. For the CLI that is the process start (performance.now()'s origin): a
 * user's `--time-limit 10s` covers module loading and input reading too. A host that runs commands inside a
 * long-lived process (the tests' in-process runner) marks each command's start instead, or every limit shorter
 * than the process's age would be spent before the command began.
 */
let startMs = 0;

/** The current command's start, in performance.now() milliseconds (0: the process start). */
export function commandStartMs(): number {
  return startMs;
}

/** Counts the next command's time from now. */
export function startCommandClock(): void {
  startMs = performance.now();
}
