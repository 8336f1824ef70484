/**
 * The entry of the short-run bundle (dist/cli/short-run.cjs, src/build/bundle-cli.ts): `skycluster validate` and
 * `skycluster optimize`, which the launcher (launcher.ts) runs through V8's code cache. The command is built as the
 * lazy command table builds it (lazy-command.ts, `underProgram`): the real command under a parent named like the program, handed
 * the arguments after `skycluster` unchanged, so its options, `--help` and errors are the same.
 */
import type { Command } from 'commander';
import { optimizeCommand } from './commands/optimize.js';
import { validateCommand } from './commands/validate.js';
import { underProgram } from './lazy-command.js';
import { runProgram } from './run-program.js';

/** The real command of each short-run command name (short-run-commands.ts; test/cli-bundle.test.ts runs each). */
const BUILDERS: Readonly<Record<string, () => Command>> = { validate: validateCommand, optimize: optimizeCommand };

const build = BUILDERS[process.argv[2] ?? ''];
if (build !== undefined) void runProgram(underProgram(build()), process.argv.slice(2), 'user');
else {
  console.error(`skycluster: this bundle runs only ${Object.keys(BUILDERS).join(' and ')}; run dist/cli/main.js`);
  process.exitCode = 2;
}
