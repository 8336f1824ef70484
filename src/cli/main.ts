#!/usr/bin/env node
/** The `skycluster` command line. Each subcommand is one library call; library code never prints or exits. */
import { Command } from 'commander';
import { COMMANDS } from './command-table.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';
import { lazyCommand } from './lazy-command.js';

// A reader that closes the pipe early (`skycluster optimize | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const program = new Command('skycluster').description('optimization-driven multi-cloud placement engine').showHelpAfterError();
// Each command's module is imported only when it runs: --help and validate stay fast.
for (const spec of COMMANDS) program.addCommand(lazyCommand(spec));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Bugs must not surface as stack traces: say what failed and exit 2 (1 is reserved for invalid input).
  console.error(`skycluster: internal error: ${(err as Error).message}`);
  if (process.env['SKYCLUSTER_DEBUG']) console.error((err as Error).stack);
  process.exitCode = 2;
}
// After an interrupt the solver's worker may still be busy: leave now, with what was printed.
if (process.exitCode === EXIT_INTERRUPTED) process.exit(EXIT_INTERRUPTED);
