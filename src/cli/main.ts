#!/usr/bin/env node
/** The `skycluster` command line. Each subcommand is one library call; library code never prints or exits. */
import { Command } from 'commander';
import { COMMANDS } from './command-table.js';
import { lazyCommand } from './lazy-command.js';
import { runProgram } from './run-program.js';

const program = new Command('skycluster').description('optimization-driven multi-cloud placement engine').showHelpAfterError();
// Each command's module is imported only when it runs: --help and validate stay fast.
for (const spec of COMMANDS) program.addCommand(lazyCommand(spec));
await runProgram(program, process.argv, 'node');
