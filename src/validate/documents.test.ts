import { describe, expect, it } from 'vitest';
import { MAX_NESTING, parseDocuments } from './documents.js';
import { MAX_DOCUMENTS } from './limits.js';
import { formatIssue } from './issue.js';

const parse = (text: string) => {
  const r = parseDocuments(text, 'f.yaml');
  return { values: r.documents.map((d) => [d.document, d.value]), lines: r.issues.map(formatIssue) };
};

/** Ten aliases of ten aliases of ...: 10^5 nodes from a few hundred bytes. */
const ALIAS_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
].join('\n');

describe('parseDocuments: YAML syntax errors become issues with the line they are on', () => {
  it.each<[string, string, string[]]>([
    // an unclosed flow sequence
    [
      'unclosed [',
      'a: 1\nb: [1, 2\nc: 3\n',
      ['f.yaml document 1: YAML syntax error at line 3: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ],
    // duplicate keys are an error (a silent last-one-wins would hide typos)
    ['duplicate key', 'apiVersion: v1\nkind: A\nkind: B\n', ['f.yaml document 1: YAML syntax error at line 3: Map keys must be unique']],
    // misaligned mapping
    ['bad indentation', 'a:\n  b: 1\n c: 2\n', ['f.yaml document 1: YAML syntax error at line 3: All mapping items must start at the same column']],
    // tabs are not indentation
    ['tab indentation', 'a:\n\t- x\n', ['f.yaml document 1: YAML syntax error at line 2: Tabs are not allowed as indentation']],
    // an unterminated quoted string is reported where the text ends
    ['missing closing quote', 'kind: "abc\n', ['f.yaml document 1: YAML syntax error at line 2: Missing closing "quote']],
    // a stray flow-map end
    ['stray }', '{a: 1, b: }}\n', ['f.yaml document 1: YAML syntax error at line 1: Unexpected flow-map-end token in YAML stream: "}"']],
    // the parser quotes whole tokens; a huge one is cut so the line stays readable
    [
      'huge bad block-scalar header',
      `>${'x'.repeat(5000)}\n`,
      [`f.yaml document 1: YAML syntax error at line 1: ${`Block scalar header includes extra characters: >${'x'.repeat(5000)}`.slice(0, 197)}...`],
    ],
    // an error in the second document names document 2 and its line in the file
    [
      'error in document 2',
      'a: 1\n---\nb: : c\n',
      ['f.yaml document 2: YAML syntax error at line 3: Nested mappings are not allowed in compact mappings'],
    ],
  ])('%s', (_name, text, lines) => {
    expect(parse(text).lines).toEqual(lines);
  });

  it('a document with a syntax error is skipped, the others are kept', () => {
    expect(parse('a: 1\n---\nb: : c\n---\nd: 4\n').values).toEqual([
      [1, { a: 1 }],
      [3, { d: 4 }],
    ]);
  });
});

describe('parseDocuments: documents that parse but cannot be read', () => {
  it.each<[string, string, string[]]>([
    // an alias with no anchor
    ['unresolved alias', 'x: *nope\n', ['f.yaml document 1: cannot read document: Unresolved alias (the anchor must be set before the alias): nope']],
    // an alias bomb is refused instead of expanding to 10^5 nodes
    ['alias bomb', ALIAS_BOMB, ['f.yaml document 1: cannot read document: Excessive alias count indicates a resource exhaustion attack']],
  ])('%s', (_name, text, lines) => {
    expect(parse(text)).toEqual({ values: [], lines });
  });
});

describe('parseDocuments: nesting deeper than MAX_NESTING is refused before composing', () => {
  const flow = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  it.each<[string, string, string[]]>([
    // flow sequences
    ['101 levels of [', flow(101), [`f.yaml document 1: YAML nesting deeper than ${MAX_NESTING} levels (document starting at line 1); not read`]],
    [
      '20000 levels of [',
      flow(20_000),
      [`f.yaml document 1: YAML nesting deeper than ${MAX_NESTING} levels (document starting at line 1); not read`],
    ],
    // flow maps
    [
      '2000 levels of {a:',
      `${'{a: '.repeat(2000)}1${'}'.repeat(2000)}`,
      [`f.yaml document 1: YAML nesting deeper than ${MAX_NESTING} levels (document starting at line 1); not read`],
    ],
    // compact block sequences on one line
    [
      '2000 compact "- "',
      `${'- '.repeat(2000)}x`,
      [`f.yaml document 1: YAML nesting deeper than ${MAX_NESTING} levels (document starting at line 1); not read`],
    ],
    // block mappings by indentation
    [
      '300 indented keys',
      Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
      [`f.yaml document 1: YAML nesting deeper than ${MAX_NESTING} levels (document starting at line 1); not read`],
    ],
    // only the deep document is refused; its neighbours are read
    [
      'deep document between two good ones',
      `a: 1\n---\nb: ${flow(150)}\n---\nc: 3\n`,
      [`f.yaml document 2: YAML nesting deeper than ${MAX_NESTING} levels (document starting at line 2); not read`],
    ],
  ])('%s', (_name, text, lines) => {
    expect(parse(text).lines).toEqual(lines);
  });

  it('exactly MAX_NESTING levels are read (scalars are not a level)', () => {
    expect(parse(flow(MAX_NESTING)).lines).toEqual([]);
    expect(parse(`${'['.repeat(MAX_NESTING)}x${']'.repeat(MAX_NESTING)}`).lines).toEqual([]);
    expect(parse(Array.from({ length: MAX_NESTING }, (_, i) => `${' '.repeat(i)}a:`).join('\n')).lines).toEqual([]);
  });

  it('the neighbours of a deep document keep their index', () => {
    expect(parse(`a: 1\n---\nb: ${flow(150)}\n---\nc: 3\n`).values).toEqual([
      [1, { a: 1 }],
      [3, { c: 3 }],
    ]);
  });

  it('parsing keeps working after many deep inputs (a stack overflow in the composer used to abort the process)', () => {
    for (let i = 0; i < 5; i += 1) parse(flow(5000 + i));
    expect(parse('a: [1, [2, [3]]]\n').values).toEqual([[1, { a: [1, [2, [3]]] }]]);
  });
});

describe('parseDocuments: what it reads', () => {
  it.each<[string, string, [number, unknown][]]>([
    // documents are numbered from 1 and empty ones are kept as null (the validator skips them)
    [
      'empty documents',
      '---\n---\na: 1\n---\n',
      [
        [1, null],
        [2, { a: 1 }],
        [3, null],
      ],
    ],
    // a trailing --- starts an empty document (skipped by the validator)
    [
      'trailing ---',
      'a: 1\n---\n',
      [
        [1, { a: 1 }],
        [2, null],
      ],
    ],
    // JSON is YAML
    ['JSON', '{"apiVersion": "v1", "kind": "X"}', [[1, { apiVersion: 'v1', kind: 'X' }]]],
    // a few aliases are fine
    ['small alias', 'a: &a {x: 1}\nb: *a\n', [[1, { a: { x: 1 }, b: { x: 1 } }]]],
    // YAML 1.2 core schema: yes is a string, 0.0015 a number, "0.0015" a string
    ['core schema scalars', 'a: yes\nb: 0.0015\nc: "0.0015"\nd: ~\n', [[1, { a: 'yes', b: 0.0015, c: '0.0015', d: null }]]],
    // a byte-order mark is ignored
    ['BOM', '\ufeffa: 1\n', [[1, { a: 1 }]]],
    // comments only: no document at all
    ['only comments', '# nothing\n', []],
  ])('%s', (_name, text, values) => {
    expect(parse(text)).toEqual({ values, lines: [] });
  });

  it('records the file name on documents and issues', () => {
    const r = parseDocuments('a: 1\n---\n[', 'dir/x.yaml');
    expect(r.documents[0]).toMatchObject({ file: 'dir/x.yaml', document: 1 });
    expect(r.issues[0]).toMatchObject({ file: 'dir/x.yaml', document: 2, severity: 'error', path: '' });
  });
});

describe('parseDocuments: what kubectl writes', () => {
  it('merge keys (<<) merge the base mapping; keys given beside them win, as in kubectl (go-yaml)', () => {
    const text = 'base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\ny:\n  <<: [{c: 1}, {d: 2}]\n';
    expect(parse(text)).toEqual({ values: [[1, { base: { a: 1, b: 2 }, x: { a: 1, b: 3 }, y: { c: 1, d: 2 } }]], lines: [] });
  });

  it('a v1 List (kubectl get -o yaml of several objects) is read as its items, each with its index', () => {
    const r = parseDocuments('apiVersion: v1\nkind: List\nmetadata: {resourceVersion: ""}\nitems:\n  - {kind: A}\n  - {kind: B}\n', 'f.yaml');
    expect(r.documents).toEqual([
      { file: 'f.yaml', document: 1, value: { kind: 'A' }, item: 0 },
      { file: 'f.yaml', document: 1, value: { kind: 'B' }, item: 1 },
    ]);
  });
});

describe('parseDocuments: the document limit', () => {
  it('stops at maxDocuments with one error naming the first document not read', () => {
    const r = parseDocuments('a: 1\n---\na: 2\n---\na: 3\n---\na: 4\n', 'f.yaml', { maxDocuments: 2 });
    expect(r.documents.map((d) => d.value)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(r.issues.map(formatIssue)).toEqual([
      'f.yaml document 3: more than 2 documents in one run (the limit); this document and the rest of the file are not read',
    ]);
  });

  it('130,000 small documents: refused at the limit without a stack overflow, in a bounded time', () => {
    const text = Array.from({ length: 130_000 }, (_, i) => `a: ${i}`).join('\n---\n');
    const r = parseDocuments(text, 'f.yaml');
    expect(r.documents).toHaveLength(MAX_DOCUMENTS);
    expect(r.issues.map(formatIssue)).toEqual([
      `f.yaml document ${MAX_DOCUMENTS + 1}: more than ${MAX_DOCUMENTS} documents in one run (the limit); this document and the rest of the file are not read`,
    ]);
  });
});
