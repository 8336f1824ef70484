/** How every `skycluster` entry runs its commander program: quiet on a closed pipe, no stack trace for a bug. */
import type { Command } from 'commander';
import { EXIT_INTERRUPTED } from './exit-codes.js';

/** Parses `argv` (`from`: commander's argument convention) with `program` and sets the exit code. */
export async function runProgram(program: Command, argv: readonly string[], from: 'node' | 'user'): Promise<void> {
  // A reader that closes the pipe early (`skycluster optimize | head`) is not an error: stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  try {
    await program.parseAsync([...argv], { from });
  } catch (err) {
    // Bugs must not surface as stack traces: say what failed and exit 2 (1 is reserved for invalid input).
    console.error(`skycluster: internal error: ${(err as Error).message}`);
    if (process.env['SKYCLUSTER_DEBUG']) console.error((err as Error).stack);
    process.exitCode = 2;
  }
  // After an interrupt the solver's worker may still be busy: leave now, with what was printed.
  if (process.exitCode === EXIT_INTERRUPTED) process.exit(EXIT_INTERRUPTED);
}
