#!/usr/bin/env node
/**
 * What `skycluster` runs (dist/cli/main.js, package.json "bin"). The short-run commands (short-run-commands.ts)
 * start from their own CommonJS bundle through V8's code cache (code-cache.ts), with the optimizing compiler held
 * back (short-run-jit.ts); every other command, `--help` included, is the full CLI (main.ts). Unbundled (the tsc
 * output, which has no short-run bundle beside it) this is the full CLI for every command.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASELINE_TIER_UNDO } from '../../optimizer/solvers/wasm-tier-flags.js';
import { SHORT_RUN_BUNDLE_FILE } from '../build/cli-bundle.js';
import { runWithCodeCache } from './code-cache.js';
import { SHORT_RUN_COMMANDS } from './short-run-commands.js';
import { holdBackOptimizingCompiler } from './short-run-jit.js';

const shortRunBundle = join(dirname(fileURLToPath(import.meta.url)), SHORT_RUN_BUNDLE_FILE);
const command = process.argv[2];
if (command !== undefined && SHORT_RUN_COMMANDS.includes(command) && existsSync(shortRunBundle)) {
  holdBackOptimizingCompiler();
  runWithCodeCache(shortRunBundle, command, BASELINE_TIER_UNDO);
} else {
  await import('./main.js');
}
