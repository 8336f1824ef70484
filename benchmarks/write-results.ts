/**
 * Writes a benchmark's results file. A file that cannot be written never loses the run: the caller prints its figures
 * either way, and this returns the line that says where they went or why they did not (the process then exits 1).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `data` as indented JSON to `file`; returns `wrote <file>` or `could not write <file>: <reason>`. */
export function writeResults(file: string, data: unknown): string {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
    return `wrote ${file}`;
  } catch (err) {
    process.exitCode = 1;
    return `could not write ${file}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
