/**
 * The CLI the tests spawn: the esbuild bundle users run (package.json "bin", src/build/cli-bundle.ts), built fresh
 * by test/global-setup.ts before any test. The tsc output it is bundled from stays importable and runnable
 * (CLI_UNBUNDLED); test/cli-bundle.test.ts compares the two.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLE_ENTRY, CLI_SOURCE_ENTRY } from '../src/build/cli-bundle.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The bundled CLI entry (dist/cli/main.js). */
export const CLI = join(ROOT, CLI_BUNDLE_ENTRY);

/** The tsc-compiled CLI entry the bundle is built from (dist/src/cli/main.js). */
export const CLI_UNBUNDLED = join(ROOT, CLI_SOURCE_ENTRY);
