/**
 * Where `npm run build` writes the CLI bundle (src/build/bundle-cli.ts), relative to the package root: the entry
 * package.json "bin" and "start" run, and the one the tests spawn (test/cli-path.ts). test/cli-bundle.test.ts
 * checks that package.json names the same file.
 */
import { join } from 'node:path';

/** Folder of the bundle's entry, chunks and solver worker. */
export const CLI_BUNDLE_DIR = join('dist', 'cli');

/** The bundle's entry: what `skycluster` runs. */
export const CLI_BUNDLE_ENTRY = join(CLI_BUNDLE_DIR, 'main.js');

/** The tsc-compiled CLI entry the bundle is built from (it stays importable and runnable). */
export const CLI_SOURCE_ENTRY = join('dist', 'src', 'cli', 'main.js');

/** The tsc-compiled launcher (src/cli/launcher.ts), bundled as {@link CLI_BUNDLE_ENTRY}; the full CLI is its lazy chunk. */
export const CLI_LAUNCHER_SOURCE = join('dist', 'src', 'cli', 'launcher.js');

/** The CommonJS bundle of the short-run commands (src/cli/short-run-main.ts), beside the entry. */
export const SHORT_RUN_BUNDLE_FILE = 'short-run.cjs';

/** The tsc-compiled entry of the short-run bundle. */
export const SHORT_RUN_SOURCE_ENTRY = join('dist', 'src', 'cli', 'short-run-main.js');
