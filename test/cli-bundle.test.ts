/**
 * The esbuild bundle of the CLI (dist/cli/, src/build/bundle-cli.ts) is what users run (package.json "bin"): it
 * is built from the current sources (test/global-setup.ts runs `npm run build` first; these checks fail on a
 * missing or stale bundle), keeps every command a lazy chunk, finds its solver worker and package data from
 * dist/cli/, and answers like the tsc output it is bundled from.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE_ENTRY, SHORT_RUN_BUNDLE_FILE } from '../src/build/cli-bundle.js';
import { COMMANDS } from '../src/cli/command-table.js';
import { SHORT_RUN_COMMANDS } from '../src/cli/short-run-commands.js';
import { CLI, CLI_UNBUNDLED, ROOT } from './cli-path.js';

const STACK = /^\s+at .+:\d+:\d+|node:internal|internal error/m;

function run(cli: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(r.stdout).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(STACK);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command names of a `--help` output, in order. */
const helpCommands = (help: string): string[] => [...help.matchAll(/^ {2}([a-z]+) \[/gm)].map((m) => m[1] ?? '');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
});

describe('the CLI bundle (dist/cli)', () => {
  it('is what package.json runs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    const entry = CLI_BUNDLE_ENTRY.split(sep).join('/');
    expect(pkg.bin['skycluster']).toBe(entry);
    expect(pkg.scripts['start']).toContain(`node ${entry} `);
    expect(pkg.scripts['build']).toMatch(/tsc .*&& node dist\/src\/build\/bundle-cli\.js/);
  });

  it('is built from the current command table, the full CLI and each command a lazy chunk', () => {
    const launcher = readFileSync(CLI, 'utf8');
    const lazy = (source: string): string[] => [...source.matchAll(/import\("(\.\/[^"]+\.js)"\)/g)].map((m) => m[1] ?? '');
    const staticImports = (source: string): string[] => [...source.matchAll(/^import .* from "(\.\/[^"]+)";$/gm)].map((m) => m[1] ?? '');
    // The launcher (src/cli/launcher.ts) loads the full CLI only for the commands it does not run itself.
    const [full, ...others] = lazy(launcher);
    expect(others).toEqual([]);
    expect(staticImports(launcher)).not.toContain(full);
    const entry = readFileSync(join(dirname(CLI), full ?? ''), 'utf8');
    for (const spec of COMMANDS) expect(entry, spec.name).toContain(JSON.stringify(spec.description));
    const chunks = lazy(entry);
    expect(chunks).toHaveLength(COMMANDS.length);
    for (const chunk of chunks) expect(existsSync(join(dirname(CLI), chunk)), chunk).toBe(true);
    // A static import of a command chunk would load it for every command, --help included.
    for (const m of staticImports(entry)) expect(chunks).not.toContain(m);
  });

  it('runs the short-run commands from one CommonJS bundle beside the entry, with their own help', () => {
    const bundle = readFileSync(join(dirname(CLI), SHORT_RUN_BUNDLE_FILE), 'utf8');
    expect(bundle).not.toMatch(/^import /m);
    expect(bundle).not.toMatch(/\bimport\.meta\b/);
    for (const name of SHORT_RUN_COMMANDS) {
      const spec = COMMANDS.find((c) => c.name === name);
      expect(bundle, name).toContain(JSON.stringify(spec?.description));
      const bundled = run(CLI, [name, '--help']);
      expect(bundled.code, name).toBe(0);
      expect(bundled.stdout, name).toBe(run(CLI_UNBUNDLED, [name, '--help']).stdout);
    }
  });

  it("holds zod's English messages and none of its other locales (src/build/bundle-cli.ts)", () => {
    const dir = dirname(CLI);
    const locales = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js.map'))) {
      const map = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { sources: string[] };
      for (const source of map.sources) {
        const m = /zod\/v4\/locales\/([^/]+)$/.exec(source);
        if (m) locales.add(m[1] ?? '');
      }
    }
    expect([...locales]).toEqual(['en.js']);
  });

  it('carries the solver worker, as the sources have it', () => {
    const worker = join(dirname(CLI), 'solver-worker.mjs');
    expect(readFileSync(worker, 'utf8')).toBe(readFileSync(join(ROOT, 'optimizer', 'solvers', 'solver-worker.mjs'), 'utf8'));
  });

  it('--help lists the commands of src/cli/command-table.ts, as the unbundled CLI does', () => {
    const bundled = run(CLI, ['--help']);
    expect(bundled.code).toBe(0);
    expect(helpCommands(bundled.stdout)).toEqual([...COMMANDS.map((c) => c.name), 'help']);
    expect(bundled.stdout).toBe(run(CLI_UNBUNDLED, ['--help']).stdout);
  });

  it('validate reads the bundled policies (package data found from dist/cli)', () => {
    const r = run(CLI, ['validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/object\(s\) read from .*policies; 0 error\(s\)/);
  });

  it('optimize solves through the solver worker: a proven-optimal plan', () => {
    const r = run(CLI, ['optimize', '-f', 'policies/three-tier-web.yaml', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as {
      kind: string;
      spec: { placements: { component: string }[] };
      status: { solver: { name: string; status: string; provenOptimal: boolean }; issues?: unknown[] };
    };
    expect(plan.kind).toBe('Plan');
    expect(plan.spec.placements.map((p) => p.component).sort()).toEqual(['api', 'cache', 'database', 'frontend']);
    // Without the worker the solve falls back to the heuristic: Feasible, not proven optimal, with an issue.
    expect(plan.status.solver).toMatchObject({ name: 'highs', status: 'Optimal', provenOptimal: true });
    expect(plan.status.issues ?? []).toEqual([]);
  });
});
