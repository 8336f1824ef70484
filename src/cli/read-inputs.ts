/**
 * Reads the inputs named on the command line (`-f FILE|DIR|-`, repeatable) into parsed YAML documents.
 * Directories are read recursively (*.yaml, *.yml, *.json, in sorted order). Unreadable paths become issues.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocuments, type SourceDocument } from '../validate/documents.js';
import type { Issue } from '../validate/issue.js';

const YAML_FILE = /\.(ya?ml|json)$/i;

function listFiles(path: string): string[] {
  const st = statSync(path);
  if (!st.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? listFiles(join(path, e.name)) : YAML_FILE.test(e.name) ? [join(path, e.name)] : []));
}

/** Reads every path; `stdin` supplies the text for `-`. */
export function readInputs(paths: readonly string[], stdin: () => string): { documents: SourceDocument[]; issues: Issue[] } {
  const documents: SourceDocument[] = [];
  const issues: Issue[] = [];
  for (const path of paths) {
    if (path === '-') {
      const r = parseDocuments(stdin(), '-');
      documents.push(...r.documents);
      issues.push(...r.issues);
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
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        issues.push({ severity: 'error', file, path: '', message: `cannot read: ${(err as Error).message}` });
        continue;
      }
      const r = parseDocuments(text, file);
      documents.push(...r.documents);
      issues.push(...r.issues);
    }
  }
  return { documents, issues };
}

/** Reads standard input synchronously (used for `-f -`). */
export function readStdin(): string {
  return readFileSync(0, 'utf8');
}
