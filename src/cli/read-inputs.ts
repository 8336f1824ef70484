/**
 * Reads the inputs named on the command line (`-f FILE|DIR|-`, repeatable) into parsed YAML documents.
 * Directories are read recursively (*.yaml, *.yml, *.json, in sorted order). Unreadable paths become issues.
 * Every input is read in chunks up to MAX_INPUT_BYTES (so `-f /dev/zero` stops at the limit at once), and the
 * documents of all inputs together are limited to MAX_DOCUMENTS (src/validate/limits.ts, docs/policies.md).
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocuments, type SourceDocument } from '../validate/documents.js';
import type { Issue } from '../validate/issue.js';
import { formatBytes, MAX_DOCUMENTS, MAX_INPUT_BYTES } from '../validate/limits.js';

const YAML_FILE = /\.(ya?ml|json)$/i;
const CHUNK = 1024 * 1024;

function listFiles(path: string): string[] {
  const st = statSync(path);
  if (!st.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? listFiles(join(path, e.name)) : YAML_FILE.test(e.name) ? [join(path, e.name)] : []));
}

/** What reading one input gave: its text, or why it was not read. */
export type BoundedRead = { ok: true; text: string } | { ok: false; message: string };

/** Sleeps synchronously (a non-blocking standard input that has no data yet answers EAGAIN). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads an open file descriptor to its end, or refuses it as soon as it holds more than `maxBytes`: never more
 * than `maxBytes` + one chunk is held in memory, whatever the source (a pipe, /dev/zero, a huge file).
 */
export function readBounded(fd: number, maxBytes: number = MAX_INPUT_BYTES): BoundedRead {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(CHUNK);
    let n: number;
    try {
      n = readSync(fd, buf, 0, CHUNK, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        pause(5);
        continue;
      }
      if (code === 'EOF') break;
      return { ok: false, message: `cannot read: ${(err as Error).message}` };
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) return { ok: false, message: `larger than the input limit of ${formatBytes(maxBytes)}; not read` };
    chunks.push(buf.subarray(0, n));
  }
  return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
}

function readPath(file: string): BoundedRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return { ok: false, message: `cannot read: ${(err as Error).message}` };
  }
  try {
    return readBounded(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads every path; `stdin` supplies the text (or the refusal) for `-`. */
export function readInputs(paths: readonly string[], stdin: () => BoundedRead): { documents: SourceDocument[]; issues: Issue[] } {
  const documents: SourceDocument[] = [];
  const issues: Issue[] = [];
  // Loops, not push(...many): a spread of 130,000 documents overflows the call stack.
  const parse = (text: string, file: string): void => {
    const r = parseDocuments(text, file, { maxDocuments: MAX_DOCUMENTS - documents.length });
    for (const d of r.documents) documents.push(d);
    for (const i of r.issues) issues.push(i);
  };
  for (const path of paths) {
    if (path === '-') {
      const r = stdin();
      if (r.ok) parse(r.text, '-');
      else issues.push({ severity: 'error', file: '-', path: '', message: r.message });
      continue;
    }
    let files: string[];
    try {
      files = listFiles(path);
    } catch (err) {
      issues.push({
        severity: 'error',
        file: path,
        path: '',
        message: `cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`,
      });
      continue;
    }
    if (files.length === 0) issues.push({ severity: 'error', file: path, path: '', message: 'directory holds no .yaml, .yml or .json file' });
    for (const file of files) {
      if (documents.length >= MAX_DOCUMENTS) {
        issues.push({ severity: 'error', file, path: '', message: `not read: the limit of ${MAX_DOCUMENTS} documents in one run is reached` });
        break;
      }
      const r = readPath(file);
      if (r.ok) parse(r.text, file);
      else issues.push({ severity: 'error', file, path: '', message: r.message });
    }
  }
  return { documents, issues };
}

/** Reads standard input (used for `-f -`), bounded like every other input. */
export function readStdin(): BoundedRead {
  return readBounded(0);
}
