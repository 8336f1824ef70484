/**
 * Reads multi-document YAML (or JSON) text into plain objects, turning syntax errors into issues with the
 * line they are on. Pure: the caller reads the file.
 */
import { Composer, LineCounter, Parser, type CST } from 'yaml';
import type { Issue } from './issue.js';
import { MAX_DOCUMENTS, MAX_NESTING } from './limits.js';

export { MAX_NESTING } from './limits.js';

/** Nesting depth of a CST token, found without recursion; stops counting past MAX_NESTING. */
function nestingDepth(root: CST.Token): number {
  let max = 0;
  const stack: [CST.Token, number][] = [[root, 0]];
  while (stack.length > 0 && max <= MAX_NESTING) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    if (token.type === 'document' && token.value) stack.push([token.value, depth + 1]);
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      max = Math.max(max, depth);
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return max;
}

/** One parsed document and where it came from. */
export interface SourceDocument {
  readonly file: string;
  /** 1-based index within the file. */
  readonly document: number;
  /** The parsed value (null for an empty document). */
  readonly value: unknown;
  /** Index in the `items` of a `kind: List` document (what `kubectl get -o yaml` prints for several objects). */
  readonly item?: number;
}

/** Options of {@link parseDocuments}. */
export interface ParseOptions {
  /** Most documents to read; the rest of the stream is refused with one issue. @default MAX_DOCUMENTS */
  readonly maxDocuments?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `kubectl get -o yaml` prints several objects as one `v1 List`; its items are read as documents. */
function isKubectlList(v: unknown): v is { items: unknown[] } {
  return isRecord(v) && v['apiVersion'] === 'v1' && v['kind'] === 'List' && Array.isArray(v['items']);
}

/** The parser quotes whole tokens in its messages; a 5,000-character token must not become a 5,000-character line. */
function clip(message: string): string {
  return message.length > 200 ? `${message.slice(0, 197)}...` : message;
}

/**
 * Parses every document of a YAML stream; documents with syntax errors become issues and are skipped.
 * YAML merge keys (`<<: *base`) are honoured, as kubectl (go-yaml) does. Reading stops after `maxDocuments`.
 */
export function parseDocuments(text: string, file: string, options: ParseOptions = {}): { documents: SourceDocument[]; issues: Issue[] } {
  const maxDocuments = options.maxDocuments ?? MAX_DOCUMENTS;
  const documents: SourceDocument[] = [];
  const issues: Issue[] = [];
  let index = 0;
  // With prettyErrors off the parser sets no linePos; a LineCounter turns error offsets into line numbers.
  const lineCounter = new LineCounter();
  // parseAllDocuments, unrolled so that too-deep documents are emptied before the composer sees them.
  const tooDeep = new Map<number, number>();
  let seen = 0;
  function* guard(tokens: Iterable<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type === 'document') {
        seen += 1;
        if (nestingDepth(token) > MAX_NESTING) {
          tooDeep.set(seen, lineCounter.linePos(token.offset).line);
          delete token.value;
        }
      }
      yield token;
    }
  }
  // logLevel error: YAML warnings (unresolved tags, collection keys) must not go to process.emitWarning.
  const composer = new Composer({ uniqueKeys: true, prettyErrors: false, logLevel: 'error', merge: true });
  for (const doc of composer.compose(guard(new Parser(lineCounter.addNewLine).parse(text)))) {
    index += 1;
    if (documents.length >= maxDocuments) {
      issues.push({
        severity: 'error',
        file,
        document: index,
        path: '',
        message: `more than ${maxDocuments} documents in one run (the limit); this document and the rest of the file are not read`,
      });
      break;
    }
    const deepAt = tooDeep.get(index);
    if (deepAt !== undefined) {
      issues.push({
        severity: 'error',
        file,
        document: index,
        path: '',
        message: `YAML nesting deeper than ${MAX_NESTING} levels (document starting at line ${deepAt}); not read`,
      });
      continue;
    }
    if ('errors' in doc && doc.errors.length > 0) {
      for (const err of doc.errors) {
        const line = err.linePos?.[0]?.line ?? (err.pos?.[0] !== undefined ? lineCounter.linePos(err.pos[0]).line : undefined);
        issues.push({
          severity: 'error',
          file,
          document: index,
          path: '',
          message: `YAML syntax error${line !== undefined ? ` at line ${line}` : ''}: ${clip(err.message.split('\n')[0] ?? err.code)}`,
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
    if (isKubectlList(value)) {
      value.items.forEach((item, i) => documents.push({ file, document: index, value: item, item: i }));
    } else documents.push({ file, document: index, value });
  }
  return { documents, issues };
}
