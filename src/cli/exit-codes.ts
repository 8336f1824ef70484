/** Exit codes of `skycluster` beyond 0 (success), 1 (invalid input) and 2 (internal error). */

/** The run was interrupted (Ctrl-C): 128 + SIGINT, as shells report it. */
export const EXIT_INTERRUPTED = 130;
