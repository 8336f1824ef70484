import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderCrdFiles } from '../build/crd-files.js';
import { crdFileName, generateCrd, toStructural } from './crd.js';
import { CATEGORY, KINDS, type KindDefinition } from './kinds.js';

const CRD_DIR = fileURLToPath(new URL('../../crds/', import.meta.url));
const REGENERATE = 'crds/ is out of date with the zod schemas in src/api: run `npm run build && npm run gen:crds` and commit crds/';

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every schema node of an openAPIV3Schema with its path (properties, items, additionalProperties). */
function schemaNodes(schema: Schema, path = ''): { path: string; node: Schema }[] {
  const out = [{ path: path === '' ? '<root>' : path, node: schema }];
  const props = schema['properties'];
  if (isObject(props)) {
    for (const [k, v] of Object.entries(props)) if (isObject(v)) out.push(...schemaNodes(v, path === '' ? k : `${path}.${k}`));
  }
  if (isObject(schema['items'])) out.push(...schemaNodes(schema['items'], `${path}[]`));
  if (isObject(schema['additionalProperties'])) out.push(...schemaNodes(schema['additionalProperties'], `${path}{}`));
  return out;
}

function openApiSchemaOf(def: KindDefinition): Schema {
  const crd = generateCrd(def) as { spec: { versions: { schema: { openAPIV3Schema: Schema } }[] } };
  return crd.spec.versions[0]!.schema.openAPIV3Schema;
}

describe('crds/ is in sync with the zod schemas', () => {
  const rendered = renderCrdFiles();

  it.each(rendered.map((f) => [f.fileName, f.text] as const))('%s equals the generated text byte for byte', (fileName, text) => {
    let committed: string;
    try {
      committed = readFileSync(`${CRD_DIR}${fileName}`, 'utf8');
    } catch {
      throw new Error(`crds/${fileName} is missing. ${REGENERATE}`);
    }
    expect(committed, REGENERATE).toBe(text);
  });

  it('crds/ holds no file the generator does not write', () => {
    const onDisk = readdirSync(CRD_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(onDisk, REGENERATE).toEqual(rendered.map((f) => f.fileName).sort());
  });

  it('each file is named group_plural.yaml', () => {
    expect(rendered.map((f) => f.fileName)).toEqual(KINDS.map((k) => `${k.group}_${k.plural}.yaml`));
    expect(KINDS.map(crdFileName)).toEqual(KINDS.map((k) => `${k.group}_${k.plural}.yaml`));
  });
});

/** Rules of a structural schema, checked on every node of every CRD. Each returns a problem or undefined. */
const NODE_RULES: [string, (node: Schema) => string | undefined][] = [
  // every node says what it is: a type, or that it preserves unknown fields, or int-or-string
  [
    'has a type',
    (n) =>
      n['type'] !== undefined || n['x-kubernetes-preserve-unknown-fields'] === true || n['x-kubernetes-int-or-string'] === true
        ? undefined
        : 'no type',
  ],
  // strictness is pruning's job; additionalProperties: false is not allowed in a structural schema
  ['no additionalProperties: false', (n) => (n['additionalProperties'] === false ? 'additionalProperties: false' : undefined)],
  // the API server rejects properties together with additionalProperties
  [
    'not properties and additionalProperties together',
    (n) => (n['properties'] !== undefined && n['additionalProperties'] !== undefined ? 'both' : undefined),
  ],
  // value validation only: no anyOf/oneOf/allOf/not, no $ref
  ['no logical junctors or refs', (n) => ['anyOf', 'oneOf', 'allOf', 'not', '$ref'].find((k) => k in n)],
  // an array says what its items are
  ['arrays have items', (n) => (n['type'] === 'array' && !isObject(n['items']) ? 'array without items' : undefined)],
  // OpenAPI 3.0 (what Kubernetes reads) has boolean exclusive bounds
  [
    'exclusive bounds are booleans',
    (n) => (['exclusiveMinimum', 'exclusiveMaximum'].some((k) => k in n && typeof n[k] !== 'boolean') ? 'numeric exclusive bound' : undefined),
  ],
  // required names exist among the properties
  [
    'required fields are declared',
    (n) =>
      Array.isArray(n['required']) ? (n['required'] as string[]).find((r) => !isObject(n['properties']) || !(r in n['properties'])) : undefined,
  ],
  // an object without properties would have all its fields pruned away
  [
    'objects keep their fields',
    (n) =>
      n['type'] === 'object' &&
      n['properties'] === undefined &&
      n['additionalProperties'] === undefined &&
      n['x-kubernetes-preserve-unknown-fields'] !== true
        ? 'object with nothing declared'
        : undefined,
  ],
];

describe.each(KINDS.map((k) => [k.kind, k] as const))('CRD of %s', (_kind, def) => {
  const crd = generateCrd(def) as {
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    spec: {
      group: string;
      scope: string;
      names: { kind: string; plural: string; singular: string; listKind: string; shortNames: string[]; categories: string[] };
      versions: {
        name: string;
        served: boolean;
        storage: boolean;
        subresources: Schema;
        additionalPrinterColumns: { name: string; type: string; jsonPath: string }[];
        schema: { openAPIV3Schema: Schema };
      }[];
    };
  };
  const version = crd.spec.versions[0]!;
  const schema = openApiSchemaOf(def);
  // metadata is left to the API server and is the one object allowed to declare nothing
  const nodes = schemaNodes(schema).filter((n) => n.path !== 'metadata');

  it.each(NODE_RULES)('every schema node: %s', (_rule, check) => {
    const problems = nodes.flatMap(({ path, node }) => {
      const p = check(node);
      return p === undefined ? [] : [`${path}: ${p}`];
    });
    expect(problems).toEqual([]);
  });

  it('is an apiextensions.k8s.io/v1 CRD named plural.group with one served storage version', () => {
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.kind).toBe('CustomResourceDefinition');
    expect(crd.metadata.name).toBe(`${def.plural}.${def.group}`);
    expect(crd.spec.versions).toHaveLength(1);
    expect(version).toMatchObject({ name: 'v1alpha1', served: true, storage: true });
    expect(crd.spec.scope).toBe('Namespaced');
  });

  it('has the status subresource', () => {
    expect(version.subresources).toEqual({ status: {} });
  });

  it('joins the skycluster category and has short names', () => {
    expect(CATEGORY).toBe('skycluster');
    expect(crd.spec.names.categories).toEqual(['skycluster']);
    expect(crd.spec.names.shortNames.length).toBeGreaterThan(0);
    for (const s of crd.spec.names.shortNames) expect(s).toMatch(/^[a-z]+$/);
    expect(crd.spec.names).toMatchObject({ kind: def.kind, listKind: `${def.kind}List`, plural: def.plural, singular: def.singular });
  });

  it('has printer columns with JSONPaths and an Age column', () => {
    const cols = version.additionalPrinterColumns;
    expect(cols.length).toBeGreaterThan(0);
    for (const c of cols) {
      expect(c.jsonPath).toMatch(/^\./);
      expect(['string', 'integer', 'number', 'boolean', 'date']).toContain(c.type);
    }
    expect(cols.at(-1)).toEqual({ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' });
  });

  it('declares apiVersion, kind, metadata, spec and status at the root', () => {
    expect(schema['type']).toBe('object');
    expect(Object.keys(schema['properties'] as Schema)).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec', 'status']));
    expect(schema['required']).toEqual(['spec']);
    expect(schema).not.toHaveProperty('$schema');
  });

  it('the committed YAML parses back to the generated object', () => {
    expect(parse(readFileSync(`${CRD_DIR}${crdFileName(def)}`, 'utf8'))).toEqual(JSON.parse(JSON.stringify(crd)));
  });
});

describe('short names are unique across kinds', () => {
  it('no two kinds share a short name', () => {
    const all = KINDS.flatMap((k) => k.shortNames);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('toStructural', () => {
  it.each<[string, Schema, Schema]>([
    // additionalProperties: false is dropped
    [
      'strict object',
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      { type: 'object', properties: { a: { type: 'string' } } },
    ],
    // integer|string union becomes int-or-string, keeping the description
    [
      'int or string',
      { anyOf: [{ type: 'integer' }, { type: 'string' }], description: 'd' },
      { description: 'd', 'x-kubernetes-int-or-string': true },
    ],
    // number|string union (prices) preserves the value unconstrained
    ['number or string', { anyOf: [{ type: 'number' }, { type: 'string' }] }, { 'x-kubernetes-preserve-unknown-fields': true }],
    // a schema without a type (z.unknown) preserves unknown fields
    ['untyped', { description: 'any' }, { description: 'any', 'x-kubernetes-preserve-unknown-fields': true }],
    // zod's MAX_SAFE_INTEGER bounds are noise
    ['safe-integer bounds', { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }, { type: 'integer' }],
    // a loose object keeps its properties and preserves the rest
    [
      'loose object',
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: {} },
      { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true },
    ],
    // a record keeps its value schema
    ['record', { type: 'object', additionalProperties: { type: 'string' } }, { type: 'object', additionalProperties: { type: 'string' } }],
    // nested items are rewritten too
    [
      'array items',
      { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'string' }] } },
      { type: 'array', items: { 'x-kubernetes-int-or-string': true } },
    ],
  ])('%s', (_name, input, expected) => {
    expect(toStructural(input)).toEqual(expected);
  });
});
