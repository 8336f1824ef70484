/**
 * Reads multi-document YAML (or JSON) text into plain objects, turning syntax errors into issues with the
 * line they are on. Pure: the caller reads the file.
 */
import { Composer, LineCounter, Parser, type CST } from 'yaml';
import type { Issue } from './issue.js';

/**
 * Deepest nesting of collections a document may have. The YAML composer recurses once per level, and a stack
 * overflow inside it leaves V8 unable to compile regular expressions: the next parse aborts the whole process
 * (out of memory in RegExpCompiler). So deeper documents are refused before they are composed; real objects
 * nest a few dozen levels at most.
 */
export const MAX_NESTING = 100;

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
}

/** The parser quotes whole tokens in its messages; a 5,000-character token must not become a 5,000-character line. */
function clip(message: string): string {
  return message.length > 200 ? `${message.slice(0, 197)}...` : message;
}

/** Parses every document of a YAML stream; documents with syntax errors become issues and are skipped. */
export function parseDocuments(text: string, file: string): { documents: SourceDocument[]; issues: Issue[] } {
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
  const composer = new Composer({ uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  for (const doc of composer.compose(guard(new Parser(lineCounter.addNewLine).parse(text)))) {
    index += 1;
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
    documents.push({ file, document: index, value });
  }
  return { documents, issues };
}
