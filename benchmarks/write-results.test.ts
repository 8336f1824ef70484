/** writeResults: a results file that cannot be written is reported, not thrown, and the process is marked failed. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeResults } from './write-results.js';

const dirs: string[] = [];
afterEach(() => {
  process.exitCode = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'skycluster-results-'));
  dirs.push(d);
  return d;
};

describe('writeResults', () => {
  it('writes the data as JSON, making the folder, and says where', () => {
    const file = join(tempDir(), 'nested', 'out.json');
    expect(writeResults(file, { a: 1 })).toBe(`wrote ${file}`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 1 });
    expect(process.exitCode).toBeUndefined();
  });

  it('reports a file it cannot write (its folder is a file) and sets the exit code, without throwing', () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'x');
    const file = join(blocker, 'out.json');
    const said = writeResults(file, { a: 1 });
    expect(said).toMatch(new RegExp(`^could not write ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: E`));
    expect(process.exitCode).toBe(1);
  });
});
