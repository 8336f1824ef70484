/**
 * Reads multi-document YAML (or JSON) text into plain objects, turning syntax errors into issues with the
 * line they are on. Pure: the caller reads the file.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Issue } from './issue.js';

/** One parsed document and where it came from. */
export interface SourceDocument {
  readonly file: string;
  /** 1-based index within the file. */
  readonly document: number;
  /** The parsed value (null for an empty document). */
  readonly value: unknown;
}

/** Parses every document of a YAML stream; documents with syntax errors become issues and are skipped. */
export function parseDocuments(text: string, file: string): { documents: SourceDocument[]; issues: Issue[] } {
  const documents: SourceDocument[] = [];
  const issues: Issue[] = [];
  let index = 0;
  // With prettyErrors off the parser sets no linePos; a LineCounter turns error offsets into line numbers.
  const lineCounter = new LineCounter();
  for (const doc of parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, lineCounter })) {
    index += 1;
    if ('errors' in doc && doc.errors.length > 0) {
      for (const err of doc.errors) {
        const line = err.linePos?.[0]?.line ?? (err.pos?.[0] !== undefined ? lineCounter.linePos(err.pos[0]).line : undefined);
        issues.push({
          severity: 'error', file, document: index, path: '',
          message: `YAML syntax error${line !== undefined ? ` at line ${line}` : ''}: ${err.message.split('\n')[0] ?? err.code}`,
        });
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      issues.push({ severity: 'error', file, document: index, path: '', message: `cannot read document: ${(err as Error).message}` });
      continue;
    }
    documents.push({ file, document: index, value });
  }
  return { documents, issues };
}
