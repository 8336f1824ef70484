/**
 * Subcommands known by name and description only until they run: `skycluster --help` and `skycluster validate`
 * then import none of the heavy modules behind the other commands (the optimizer, the benchmark suites, Pulumi,
 * the Kubernetes client). Running a lazy command imports its module, builds the real commander Command under a
 * parent of the same name as the program, and hands it the arguments unchanged, so its options, subcommands,
 * `--help` and errors are the real command's own.
 */
import { Command } from 'commander';

/** One lazily loaded subcommand. */
export interface LazyCommandSpec {
  readonly name: string;
  /** Shown in `skycluster --help`; must equal the real command's description (src/cli/command-table.test.ts). */
  readonly description: string;
  /** Imports the command's module and builds the real command. */
  readonly load: () => Promise<Command>;
}

/** The real command under a parent named like the program, as it runs: its usage and errors name the program. */
export function underProgram(real: Command, programName = 'skycluster'): Command {
  return new Command(programName).showHelpAfterError().addCommand(real);
}

/** A stand-in command that loads the real one when it runs (see the module comment). */
export function lazyCommand(spec: LazyCommandSpec): Command {
  return new Command(spec.name)
    .description(spec.description)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[arguments...]')
    .action(async (_args: string[], _opts: unknown, self: Command) => {
      const real = await spec.load();
      await underProgram(real, self.parent?.name()).parseAsync([spec.name, ...self.args], { from: 'user' });
    });
}
