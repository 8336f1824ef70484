/**
 * Runs a CommonJS bundle with V8's code cache: the bytecode of every function a previous run compiled is read from
 * a file instead of being parsed and compiled again.
 *
 * Why: a dry run spends much of its second in JavaScript that runs once, cold; part of that is parsing and compiling
 * it (1.6 MB of bundled source for `optimize`). Node 20 has no compile cache for ES modules (`module.enableCompileCache`
 * is Node 22), but `vm.Script` takes and produces V8's cached data for a script, so the short-run commands are
 * bundled as one CommonJS file (src/build/bundle-cli.ts) and run through here. Measured in docs/optimizer.md,
 * "Sixth round".
 *
 * - **Where:** `$SKYCLUSTER_CODE_CACHE` (a directory; `off` disables the cache), else `$XDG_CACHE_HOME/skycluster/
 *   code-cache`, else `~/.cache/skycluster/code-cache`: the user's own directory, as cached code is run, not read.
 * - **Which file:** one per use (command), named by it, a SHA-256 of the bundle's source, Node's version and the
 *   architecture. V8 itself checks its version, the source's length and the V8 flags, and rejects data that does not
 *   match (the script then compiles as usual).
 * - **When written:** at the exit of a successful run (exit code 0) that found no cache or had it rejected, with the
 *   bytecode of every function the run compiled; the file is written beside and renamed into place, so a concurrent
 *   run reads a whole file or none. The files of the same command made for older builds are then removed.
 * - **Flags:** V8 accepts cached data only under the flags it was made with. A run may change flags after the start
 *   (HiGHS' wasm tier, optimizer/solvers/wasm-tier-flags.ts); `undoFlags` are set back before the data is made, so
 *   it matches the flags of the next start.
 *
 * Nothing here may fail a command: an unreadable, unwritable or rejected cache only means the script compiles as
 * it would without one. `SKYCLUSTER_CODE_CACHE_DEBUG=1` prints one line to stderr saying what happened.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { constants, Script } from 'node:vm';

/** What happened to the cache in one run (SKYCLUSTER_CODE_CACHE_DEBUG). */
export type CodeCacheOutcome = 'off' | 'none' | 'accepted' | 'rejected';

/** The directory the cache files go to, or null when the cache is off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const set = env['SKYCLUSTER_CODE_CACHE'];
  if (set === 'off') return null;
  if (set !== undefined && set !== '') return set;
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'skycluster', 'code-cache');
}

/** The start of the cache file names of one use (`use`: a command name) of a script under this Node, whatever its source. */
const cacheFilePrefix = (scriptFile: string, use: string): string => `${basename(scriptFile)}-${use}-${process.version}-${process.arch}-`;

/** The cache file of a script's source, for one use of it. */
export function codeCacheFile(dir: string, scriptFile: string, source: string, use: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 20);
  return join(dir, `${cacheFilePrefix(scriptFile, use)}${hash}.v8cache`);
}

/** Removes the files of the same use and Node made for other sources (older builds): each rebuild would leave one. */
function removeOlderFiles(cacheFile: string, prefix: string): void {
  const dir = dirname(cacheFile);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.v8cache') && name !== basename(cacheFile)) rmSync(join(dir, name), { force: true });
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the script's cached data under the start's flags; says what happened. */
function saveCachedData(script: Script, cacheFile: string, prefix: string, undoFlags: readonly string[]): string {
  const partial = `${cacheFile}.${process.pid}.tmp`;
  try {
    for (const flag of undoFlags) setFlagsFromString(flag);
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cacheFile);
    removeOlderFiles(cacheFile, prefix);
    return 'written';
  } catch (err) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing was written where nothing can be (a directory that is a file, say).
    }
    return `not written (${(err as Error).message})`;
  }
}

/**
 * Runs `scriptFile` (CommonJS) as Node would run it as a main module, with the code cache.
 * @param use what the script is run for (a command name): each use has its own cache, with the functions it runs
 * @param undoFlags V8 flags that set back, at exit, what the script may have changed since the start
 */
export function runWithCodeCache(scriptFile: string, use: string, undoFlags: readonly string[]): void {
  const source = readFileSync(scriptFile, 'utf8');
  const dir = codeCacheDir();
  const cacheFile = dir === null ? null : codeCacheFile(dir, scriptFile, source, use);
  const cachedData = cacheFile === null ? undefined : readOrUndefined(cacheFile);
  const script = new Script(nodeModule.wrap(source), {
    filename: scriptFile,
    ...(cachedData !== undefined ? { cachedData } : {}),
    // The bundle imports its ES-module dependencies (HiGHS) with import(), resolved as for any main module.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const outcome: CodeCacheOutcome =
    cacheFile === null ? 'off' : cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const debug = process.env['SKYCLUSTER_CODE_CACHE_DEBUG'] === '1';
  if (cacheFile !== null && outcome !== 'accepted') {
    process.once('exit', (code) => {
      // A failed run (bad input) stops early: its functions are not those of the runs the cache is for.
      const wrote = code === 0 ? saveCachedData(script, cacheFile, cacheFilePrefix(scriptFile, use), undoFlags) : `not written (exit code ${code})`;
      if (debug) process.stderr.write(`code cache: ${cacheFile}: ${outcome}, ${wrote}\n`);
    });
  } else if (debug) {
    process.stderr.write(`code cache: ${cacheFile ?? 'off'}: ${outcome}\n`);
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (exports: object, require: NodeRequire, module: object, filename: string, dirname: string) => void;
  run(module.exports, createRequire(scriptFile), module, scriptFile, dirname(scriptFile));
}
