import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './command-table.js';
import { lazyCommand } from './lazy-command.js';

describe('lazy subcommands', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: the help text equals the real command', async (name, spec) => {
    const real = await spec.load();
    expect(real.name()).toBe(name);
    expect(spec.description).toBe(real.description());
  });

  it('hands every argument, unknown options and --help included, to the real command under the program name', async () => {
    const seen: { files?: string[]; quiet?: boolean; usage?: string }[] = [];
    const real = (): Command =>
      new Command('demo')
        .option('-f, --filename <path...>')
        .option('-q, --quiet')
        .action((opts: { filename?: string[]; quiet?: boolean }, cmd: Command) => {
          seen.push({ ...(opts.filename ? { files: opts.filename } : {}), ...(opts.quiet ? { quiet: true } : {}), usage: cmd.parent?.name() });
        });
    let loads = 0;
    const program = new Command('skycluster').addCommand(
      lazyCommand({
        name: 'demo',
        description: 'a demo',
        load: async () => {
          loads++;
          return real();
        },
      }),
    );
    expect(loads).toBe(0); // registering loads nothing
    await program.parseAsync(['demo', '-f', 'a.yaml', 'b.yaml', '-q'], { from: 'user' });
    expect(loads).toBe(1);
    expect(seen).toEqual([{ files: ['a.yaml', 'b.yaml'], quiet: true, usage: 'skycluster' }]);
  });
});
