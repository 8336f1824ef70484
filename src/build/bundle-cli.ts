/**
 * Build step (the last one of `npm run build`, after tsc): bundles the compiled CLI (dist/src/cli/main.js) with
 * esbuild into dist/cli/ (src/build/cli-bundle.ts), the entry `skycluster` runs (package.json "bin"). Resolving and
 * loading some 600 small modules one by one (zod, yaml, commander, the catalog, the optimizer) was a third to a
 * half of a dry-run `skycluster optimize`; the bundle's few larger files load in about half the time (README.md,
 * "Build").
 *
 * - The entry is the launcher (src/cli/launcher.ts). Code splitting keeps the full CLI its lazy chunk and each
 *   command a lazy chunk of that (src/cli/command-table.ts): `--help` loads none of the optimizer, Pulumi or
 *   Kubernetes code.
 * - The short-run commands (`validate`, `optimize`) are bundled a second time, as one CommonJS file
 *   (short-run.cjs, src/cli/short-run-main.ts) that the launcher runs through V8's code cache
 *   (src/cli/code-cache.ts): Node 20 caches compiled code for a `vm.Script`, not for ES modules. In it
 *   `import.meta.url` is the file's own URL, as it is each chunk's in the ESM build.
 * - Packages that carry assets (wasm, worker files) or are large and loaded lazily stay external, imported from
 *   node_modules at run time: the solvers, Pulumi and the Kubernetes client.
 * - The banner gives each ESM chunk a `require`, for the CommonJS packages that require a Node builtin
 *   at run time (yaml requires "process").
 * - optimizer/solvers/solver-worker.mjs is copied beside the chunks: worker-runner.ts looks for it next to
 *   the module that starts the worker. Package data (policies/, providers/data/) is found by walking up from
 *   the chunk's own location (src/cli/bundled-paths.ts, providers/catalog/load-catalog.ts), which works from
 *   dist/cli/ as from dist/src/cli/.
 *
 * dist/src/cli/main.js stays as tsc writes it (tests import the compiled modules); dist/cli/ is rebuilt from
 * scratch on every run, so no chunk of an older build survives.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { CLI_BUNDLE_DIR, CLI_LAUNCHER_SOURCE, SHORT_RUN_BUNDLE_FILE, SHORT_RUN_SOURCE_ENTRY } from './cli-bundle.js';

/** Packages left to node_modules (see the module comment). */
export const EXTERNAL_PACKAGES: readonly string[] = ['highs', 'glpk.js', 'javascript-lp-solver', '@pulumi/*', '@kubernetes/*'];

const BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** In the CommonJS bundle, `import.meta.url` is the bundle file's URL, as it is each ESM chunk's own. */
const IMPORT_META_URL = '__skyclusterBundleUrl';
const CJS_BANNER = `var ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;`;

/**
 * zod re-exports every locale of its error messages (`z.locales`, some 300 KiB of source) from its main entry;
 * this program reads none of them (zod configures English itself, from its own `locales/en.js`). The plugin
 * gives the bundle a `locales/index.js` that exports English alone, so the other locales are neither parsed nor
 * compiled at start-up (test/cli-bundle.test.ts checks that no other locale is in the bundle).
 */
const englishZodLocaleOnly: Plugin = {
  name: 'zod-english-locale-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

const here = dirname(fileURLToPath(import.meta.url));
// dist/src/build → repository root is three levels up; src/build (tsx) → two levels up.
const root = here.includes(`${join('dist', 'src', 'build')}`) ? join(here, '..', '..', '..') : join(here, '..', '..');
const outDir = join(root, CLI_BUNDLE_DIR);

const started = performance.now();
rmSync(outDir, { recursive: true, force: true });
/** What both builds share: Node 20, the external packages, source maps, English zod messages. */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: [...EXTERNAL_PACKAGES],
  sourcemap: true,
  metafile: true,
  legalComments: 'none',
  plugins: [englishZodLocaleOnly],
  logLevel: 'warning',
} as const satisfies BuildOptions;
const result = await build({
  ...common,
  entryPoints: { main: join(root, CLI_LAUNCHER_SOURCE) },
  outdir: outDir,
  splitting: true,
  format: 'esm',
  banner: { js: BANNER },
  chunkNames: '[name]-[hash]',
});
// The short-run commands again, as one CommonJS file for V8's code cache (src/cli/code-cache.ts).
const shortRun = await build({
  ...common,
  entryPoints: [join(root, SHORT_RUN_SOURCE_ENTRY)],
  outfile: join(outDir, SHORT_RUN_BUNDLE_FILE),
  format: 'cjs',
  define: { 'import.meta.url': IMPORT_META_URL },
  banner: { js: CJS_BANNER },
});
copyFileSync(join(root, 'optimizer', 'solvers', 'solver-worker.mjs'), join(outDir, 'solver-worker.mjs'));

const outputs = Object.entries({ ...result.metafile.outputs, ...shortRun.metafile.outputs }).filter(([file]) => /\.c?js$/.test(file));
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
const ms = (performance.now() - started).toFixed(0);
console.log(
  `bundled ${relative(root, join(outDir, 'main.js'))}: ${outputs.length} files, ${(bytes / 1024).toFixed(0)} KiB, ` +
    `${Object.keys(result.metafile.inputs).length} modules in ${ms} ms`,
);
