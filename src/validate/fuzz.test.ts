/**
 * Fuzzing parseDocuments + validateDocuments with a seeded PRNG (mulberry32, fixed seeds: every run checks
 * the same cases, and a failure names its seed and case so it can be replayed).
 *
 * (a) random YAML-ish text, (b) structural mutations of the valid bundled documents, (c) text mutations of
 * the bundled files, (d) random compute-profile specs, (e) mutations that keep a document valid, and one
 * family per class of issue 10: (f) near-miss compute-profile names, (g) huge and odd numbers in every
 * quantity field, (h) many documents against the document limit. (Unwritable outputs cross a process
 * boundary: test/cli-optimize.test.ts runs that family against the built CLI.)
 * Invariants: nothing throws; every issue has a severity, a string path and a non-empty one-line message;
 * valid mutations still validate with 0 errors; (f) a name with `cpu` in it is a label or an error whose
 * suggestion is itself a valid label, never a silent service name; (g) an accepted quantity parses within its
 * limit; (h) never more than the limit of documents, and exactly one error when it is passed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseVirtualService } from '../api/compute-profile.js';
import { parseCpu, parseDataRate, parseDataSize, parseDuration, parseMemory, parsePrice, type UnitResult } from '../api/units.js';
import { parseDocuments } from './documents.js';
import { formatIssue, type Issue } from './issue.js';
import { validateDocuments } from './validate-documents.js';
import { mulberry32 } from '../util/prng.js';

type Rng = () => number;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)] as T;
const clone = <T>(v: T): T => structuredClone(v);
const isMap = (v: unknown): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = [
  ...readdirSync(`${ROOT}policies`)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `${ROOT}policies/${f}`),
  ...readdirSync(`${ROOT}test/fixtures/skycluster`)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `${ROOT}test/fixtures/skycluster/${f}`),
];
/** Each bundled file's text and its documents that validate (the DeviceNode trailer is left out). */
const FILES = SOURCES.map((path) => {
  const text = readFileSync(path, 'utf8');
  const parsed = parseDocuments(text, path);
  const { objects } = validateDocuments(parsed.documents);
  return { path, text, docs: objects.map((o) => o.source.value as Json) };
});

let cases = 0;
/** Runs one case and checks the invariants; returns the issues. */
function check(text: string, label: string): Issue[] {
  cases += 1;
  let issues: Issue[];
  try {
    const parsed = parseDocuments(text, 'fuzz.yaml');
    issues = [...parsed.issues, ...validateDocuments(parsed.documents).issues];
  } catch (err) {
    throw new Error(`${label}: threw ${(err as Error).stack}\n--- input (first 500 chars) ---\n${text.slice(0, 500)}`);
  }
  for (const issue of issues) {
    const where = `${label}: ${JSON.stringify(issue).slice(0, 300)}`;
    expect(issue.severity === 'error' || issue.severity === 'note', where).toBe(true);
    expect(typeof issue.path, where).toBe('string');
    expect(typeof issue.message, where).toBe('string');
    expect(issue.message.trim().length, where).toBeGreaterThan(0);
    const line = formatIssue(issue);
    expect(line.includes('\n'), `${where}: one line per issue`).toBe(false);
    expect(line.length, `${where}: bounded length`).toBeLessThan(2000);
  }
  return issues;
}

// ---------------------------------------------------------------- (a) random YAML-ish text
const TOKENS = [
  ':',
  ': ',
  '-',
  '- ',
  '---',
  '...',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '!!tag ',
  '!!str ',
  '!!int ',
  '!!map ',
  '!!binary ',
  '!custom ',
  '? ',
  '|',
  '|-',
  '>',
  '#',
  '"',
  "'",
  '%YAML 1.2\n',
  '%TAG ! tag:x,2000:\n',
  '\n',
  '  ',
  '    ',
  '\t',
  '\r\n',
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'spec',
  'policy.skycluster.io/v1alpha1',
  'core.skycluster.io/v1alpha1',
  'DeploymentPolicy',
  'DataflowPolicy',
  'ProviderProfile',
  'InstanceType',
  'deploymentPolicies',
  'componentRef',
  'anyOf',
  'zones',
  '15ms',
  '0.5GB',
  'NaN',
  '.nan',
  '.inf',
  '-.inf',
  '1e999',
  '0x1F',
  '0o17',
  '~',
  'null',
  'true',
  'yes',
  '<<',
  '日本語',
  '\u2028',
  '\ufeff',
  '\u0000',
  '\\',
  '\\u',
  '`',
  '@',
  '%',
  'x'.repeat(5000),
];
function randomText(rng: Rng): string {
  switch (int(rng, 4)) {
    case 0: // random code units, controls and lone surrogates included
      return Array.from({ length: int(rng, 300) }, () => String.fromCharCode(rng() < 0.7 ? 32 + int(rng, 95) : int(rng, 0x10000))).join('');
    case 1: // token soup
      return Array.from({ length: 1 + int(rng, 80) }, () => pick(rng, TOKENS) + (rng() < 0.3 ? ' ' : '')).join('');
    case 2: // a Kubernetes-shaped skeleton with random tokens in it
      return `apiVersion: ${pick(rng, TOKENS)}\nkind: ${pick(rng, TOKENS)}\nmetadata:\n  name: ${pick(rng, TOKENS)}\nspec: ${Array.from({ length: int(rng, 20) }, () => pick(rng, TOKENS)).join('')}\n`;
    default: // lines of token soup with indentation
      return Array.from(
        { length: 1 + int(rng, 30) },
        () => ' '.repeat(int(rng, 8)) + Array.from({ length: 1 + int(rng, 5) }, () => pick(rng, TOKENS)).join(' '),
      ).join('\n');
  }
}

// ---------------------------------------------------------------- (b) structural mutations
const WEIRD: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -0,
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400ms',
  '1e999GB',
  '0x10',
  '١٢ms',
  '15 ms',
  '15 parsecs',
  'ManagedKubernetes',
  '4vCPU-*GB*',
  '*',
  'a\nb',
  'x'.repeat(3000),
  [],
  {},
  [[]],
  { '': 1 },
  { __proto__x: 1 },
  { constructor: 'x' },
  { 'a\nb': 1 },
  ['0.01GB/s'],
  { name: 'api' },
];
const numberish = (rng: Rng): Json =>
  pick(rng, [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, 2 ** 64, -(2 ** 53) - 3, 1e-320]) as Json;

/** All container paths of a value (the root included). */
function containers(v: Json, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) {
    out.push(path);
    v.forEach((x, i) => containers(x, [...path, i], out));
  } else if (isMap(v)) {
    out.push(path);
    for (const [k, x] of Object.entries(v)) containers(x, [...path, k], out);
  }
  return out;
}
const at = (root: Json, path: (string | number)[]): Json => path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k] as Json, root);

function deepNest(rng: Rng, leaf: Json): Json {
  let v = leaf;
  for (let i = 0, n = 1 + int(rng, 140); i < n; i += 1) v = rng() < 0.5 ? [v] : { k: v };
  return v;
}

/** Applies one random mutation in place (to a random container of `root`). */
function mutate(rng: Rng, root: Json): void {
  const path = pick(rng, containers(root));
  const c = at(root, path) as Record<string | number, Json>;
  const keys = Object.keys(c);
  const key: string | number = Array.isArray(c) ? int(rng, Math.max(1, c.length)) : pick(rng, keys.length > 0 ? keys : ['k']);
  const old = c[key] ?? null;
  switch (int(rng, 10)) {
    case 0:
      if (Array.isArray(c)) c.splice(Number(key), 1);
      else delete c[key];
      break; // delete a key / item
    case 1:
      c[key] = pick(rng, WEIRD);
      break; // change the value's type
    case 2:
      if (!Array.isArray(c)) c[pick(rng, ['bogus', 'Name', 'spec ', 'zones', '__proto__', 'toString', '0'])] = pick(rng, WEIRD);
      break; // unknown key
    case 3:
      c[key] = Array.isArray(old) ? Object.fromEntries(old.map((x, i) => [String(i), x])) : isMap(old) ? Object.values(old) : [old];
      break; // swap list/object
    case 4:
      c[key] = typeof old === 'number' ? String(old) : typeof old === 'string' && /^\d/.test(old) ? Number.parseFloat(old) : old;
      break; // number <-> string
    case 5:
      c[key] = deepNest(rng, old);
      break; // deep nesting (sometimes past the 100-level limit)
    case 6:
      c[key] = numberish(rng);
      break; // huge numbers, NaN, Infinity (YAML .nan/.inf)
    case 7:
      c[key] = pick(rng, ['NaN', '.nan', 'Infinity', '-0', '1e-400', '00012', '+5', '5.', '.5', '0.0015', '"0.0015"']);
      break; // NaN-ish strings
    case 8:
      if (Array.isArray(c)) c.push(...c.slice(0, 3).map(clone));
      else c[key] = [old, old];
      break; // duplicates
    default:
      c[key] = typeof old === 'string' ? old.toUpperCase() + pick(rng, ['', '-', ' ', 'ms', 'GB']) : old;
      break; // string tweaks
  }
}

function aliasBomb(rng: Rng): string {
  const width = 2 + int(rng, 9);
  const levels = 2 + int(rng, 7);
  const lines = [`a0: &a0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i += 1)
    lines.push(
      `a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  const head =
    rng() < 0.5
      ? 'apiVersion: policy.skycluster.io/v1alpha1\nkind: DeploymentPolicy\nmetadata: {name: bomb}\nspec:\n  deploymentPolicies: *a' +
        (levels - 1) +
        '\n'
      : '';
  return `${lines.join('\n')}\n${head}`.replace(/^(a\d+):/gm, rng() < 0.5 ? '$1:' : 'x_$1:');
}

// ---------------------------------------------------------------- (c) text mutations
function mutateText(rng: Rng, text: string): string {
  const lines = text.split('\n');
  const i = int(rng, lines.length);
  switch (int(rng, 7)) {
    case 0:
      lines.splice(i, 1);
      break; // delete a line
    case 1:
      lines.splice(i, 0, lines[i] ?? '');
      break; // duplicate a line
    case 2:
      lines[i] = ' '.repeat(int(rng, 6)) + (lines[i] ?? '').trimStart();
      break; // re-indent a line
    case 3: {
      const j = int(rng, lines.length);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      break;
    } // swap two lines
    case 4: {
      const at_ = int(rng, text.length);
      return text.slice(0, at_) + pick(rng, TOKENS) + text.slice(at_);
    } // insert a token
    case 5:
      return text.slice(0, int(rng, text.length)); // truncate
    default:
      lines[i] = (lines[i] ?? '').replace(/:/, pick(rng, ['', ' :', '::', ': &x', ': *x', ': !!str']));
      break; // break a mapping
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- (e) mutations that keep documents valid
function shuffleKeys(rng: Rng, v: Json): Json {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(rng, x));
  if (!isMap(v)) return v;
  const entries = Object.entries(v).map(([k, x]) => [k, shuffleKeys(rng, x)] as const);
  for (let i = entries.length - 1; i > 0; i -= 1) {
    const j = int(rng, i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries);
}
function validVariant(rng: Rng, docs: Json[], text: string): string {
  switch (int(rng, 7)) {
    case 0:
      return docs.map((d) => stringify(shuffleKeys(rng, d))).join('---\n'); // key order does not matter
    case 1:
      return docs.map((d) => stringify(d, { collectionStyle: 'flow' })).join('---\n'); // flow style
    case 2:
      return docs.map((d) => stringify(d, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', indent: 4 })).join('---\n'); // quoting, indentation
    case 3:
      return docs.map((d) => JSON.stringify(d, null, rng() < 0.5 ? 2 : 0)).join('\n---\n'); // JSON is YAML
    case 4:
      return text
        .split('\n')
        .map((l) => (rng() < 0.2 && l.trim() === '' ? `${l}# fuzz comment` : l))
        .join('\n')
        .replace(/^/, '# leading comment\n---\n'); // comments, empty document
    case 5:
      return docs
        .map((d) => {
          const c = clone(d) as { metadata?: Record<string, Json> };
          if (c.metadata) c.metadata['annotations'] = { [`fuzz.io/k${int(rng, 99)}`]: pick(rng, ['', 'x: y', '- a', '"q"', 'x'.repeat(200)]) };
          return stringify(c);
        })
        .join('---\n'); // annotations are free-form
    default:
      return `${text}\n---\n# trailing empty document\n`;
  }
}

// ---------------------------------------------------------------- the runs
const SEEDS = [0x5eed, 20250101, 42];

describe('fuzz: parseDocuments + validateDocuments never throw and report well-formed issues', () => {
  it.each(SEEDS)('(a) random YAML-ish text, seed %i', (seed) => {
    const rng = mulberry32(seed);
    for (let i = 0; i < 200; i += 1) check(randomText(rng), `(a) seed ${seed} case ${i}`);
    for (let i = 0; i < 10; i += 1) check(aliasBomb(rng), `(a) alias bomb seed ${seed} case ${i}`);
  });

  it.each(SEEDS)('(b) structural mutations of the bundled documents, seed %i', (seed) => {
    const rng = mulberry32(seed);
    for (let i = 0; i < 200; i += 1) {
      const file = pick(
        rng,
        FILES.filter((f) => f.docs.length > 0),
      );
      const docs = clone(file.docs);
      const target = int(rng, docs.length);
      for (let m = 0, n = 1 + int(rng, 3); m < n; m += 1) mutate(rng, docs[target]!);
      check(docs.map((d) => stringify(d)).join('---\n'), `(b) seed ${seed} case ${i} (${file.path} document ${target + 1})`);
    }
  });

  it.each(SEEDS)('(c) text mutations of the bundled files, seed %i', (seed) => {
    const rng = mulberry32(seed);
    for (let i = 0; i < 100; i += 1) {
      const file = pick(rng, FILES);
      let text = file.text;
      for (let m = 0, n = 1 + int(rng, 3); m < n; m += 1) text = mutateText(rng, text);
      check(text, `(c) seed ${seed} case ${i} (${file.path})`);
    }
  });

  it.each(SEEDS)('(d) random compute-profile specs, seed %i', (seed) => {
    const rng = mulberry32(seed);
    for (let i = 0; i < 50; i += 1) {
      const spec: Json =
        rng() < 0.5
          ? randomText(rng)
          : (() => {
              const s: Json = { cpu: 4, ram: '16GB', gpu: { model: 'A100', count: 8 } };
              mutate(rng, s);
              mutate(rng, s);
              return s;
            })();
      const dp = {
        apiVersion: 'policy.skycluster.io/v1alpha1',
        kind: 'DeploymentPolicy',
        metadata: { name: 'fuzz' },
        spec: { deploymentPolicies: [{ componentRef: { name: 'c' }, virtualServiceConstraint: [{ anyOf: [{ kind: 'ComputeProfile', spec }] }] }] },
      };
      check(stringify(dp), `(d) seed ${seed} case ${i}`);
    }
  });

  it.each(SEEDS)('(e) mutations that keep documents valid still pass, seed %i', (seed) => {
    const rng = mulberry32(seed);
    for (let i = 0; i < 60; i += 1) {
      const file = pick(
        rng,
        FILES.filter((f) => f.docs.length > 0 && !f.path.includes('devicenode')),
      );
      const text = validVariant(rng, file.docs, file.text);
      const label = `(e) seed ${seed} case ${i} (${file.path})`;
      const errors = check(text, label)
        .filter((x) => x.severity === 'error')
        .map(formatIssue);
      expect(errors, `${label}\n${text.slice(0, 400)}`).toEqual([]);
      const parsed = parseDocuments(text, 'fuzz.yaml');
      expect(validateDocuments(parsed.documents).objects, label).toHaveLength(file.docs.length);
    }
  });

  it.each(SEEDS)('(f) near-miss compute-profile names, seed %i', (seed) => {
    const rng = mulberry32(seed);
    const parts = [
      '4',
      '16',
      '0.5',
      '*',
      ' ',
      '-',
      '_',
      'v',
      'V',
      'cpu',
      'CPU',
      'vCPU',
      'vcpus',
      'G',
      'GB',
      'Gi',
      'GiB',
      'gb',
      '[',
      ']',
      '(',
      'x',
      '/',
    ];
    for (let i = 0; i < 80; i += 1) {
      let name = '';
      for (let k = 0, n = 2 + int(rng, 6); k < n; k += 1) name += pick(rng, parts);
      if (rng() < 0.5)
        name = `${pick(rng, ['2', '8', '*'])}vCPU${pick(rng, ['-', ' - ', '_', ''])}${pick(rng, ['4', '32', '*'])}${pick(rng, ['GB', 'G', 'GiB', 'gb', 'GB*', ''])}`;
      const dp = {
        apiVersion: 'policy.skycluster.io/v1alpha1',
        kind: 'DeploymentPolicy',
        metadata: { name: 'fuzz' },
        spec: { deploymentPolicies: [{ componentRef: { name: 'c' }, virtualServiceConstraint: [{ anyOf: [{ name }] }] }] },
      };
      const label = `(f) seed ${seed} case ${i} name ${JSON.stringify(name)}`;
      check(stringify(dp), label);
      const r = parseVirtualService({ name });
      if (!/cpu/i.test(name)) continue;
      if (r.ok) {
        expect(r.requirement.kind, `${label}: a cpu name must never be read as a service name`).toBe('label');
        continue;
      }
      const suggestion = /did you mean (\S+)\?$/.exec(r.message)?.[1];
      expect(suggestion, `${label}: ${r.message}`).toBeDefined();
      const again = parseVirtualService({ name: suggestion as string });
      expect(again.ok && again.requirement.kind === 'label', `${label}: the suggestion ${suggestion} must be a valid label`).toBe(true);
    }
  });

  it.each(SEEDS)('(g) huge and odd numbers in every quantity field, seed %i', (seed) => {
    const rng = mulberry32(seed);
    const FIELDS: [string, (t: string) => UnitResult, readonly string[]][] = [
      ['latency', parseDuration, ['ms', 's', 'h', 'd']],
      ['totalDataTransfer', parseDataSize, ['GB', 'TB', 'PB', 'Pi']],
      ['averageDataRate', parseDataRate, ['GB/s', 'Tbps', 'PB/h']],
    ];
    const number = (): string =>
      pick(rng, [
        `1e${int(rng, 400)}`,
        `${int(rng, 10)}.${int(rng, 1000)}e${int(rng, 40)}`,
        String(int(rng, 1e9)),
        '9'.repeat(1 + int(rng, 400)),
        `0.${'0'.repeat(int(rng, 30))}1`,
        '.nan',
        '.inf',
        '-.inf',
      ]);
    for (let i = 0; i < 60; i += 1) {
      const [field, parser, units] = pick(rng, FIELDS);
      const raw = number();
      const value = raw.startsWith('.') || raw.startsWith('-.') ? raw : `${raw}${pick(rng, units)}`;
      const memory = `${number()}${pick(rng, ['Gi', 'Ti', 'GB', ''])}`;
      const text = [
        'apiVersion: policy.skycluster.io/v1alpha1',
        'kind: DataflowPolicy',
        'metadata: {name: fuzz}',
        'spec:',
        '  dataDependencies:',
        `    - {from: {name: a}, to: {name: b}, ${field}: ${value}}`,
        '---',
        'apiVersion: core.skycluster.io/v1alpha1',
        'kind: InstanceType',
        'metadata: {name: fuzz}',
        'spec:',
        '  providerRef: p',
        `  offerings: [{zone: z, zoneOfferings: [{name: f, vcpus: ${number()}, ram: "${memory}", price: ${number()}}]}]`,
      ].join('\n');
      const label = `(g) seed ${seed} case ${i}`;
      const issues = check(text, label);
      const fieldErrors = issues.filter((x) => x.severity === 'error' && x.path.endsWith(`.${field}`));
      // An accepted quantity is one the optimizer can use: it parses, finite and within its limit.
      if (fieldErrors.length === 0) expect(parser(value).ok, `${label}: ${field}: ${value} accepted but unreadable`).toBe(true);
      const ramErrors = issues.filter((x) => x.severity === 'error' && x.path.endsWith('.ram'));
      if (ramErrors.length === 0) {
        const ram = parseMemory(memory);
        expect(ram.ok && ram.value > 0, `${label}: ram ${memory} accepted`).toBe(true);
      }
      for (const x of issues) expect(x.message, label).not.toMatch(/got number null|NaN coefficient/);
    }
    expect(parseCpu('1e6').ok && parsePrice('1e12').ok).toBe(false);
  });

  it.each(SEEDS)('(h) many documents against the document limit, seed %i', (seed) => {
    const rng = mulberry32(seed);
    for (let i = 0; i < 30; i += 1) {
      const limit = 1 + int(rng, 40);
      const count = int(rng, 80);
      const docs = Array.from({ length: count }, (_, k) => (rng() < 0.2 ? '~' : `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${k}}`));
      const text = docs.join('\n---\n');
      const label = `(h) seed ${seed} case ${i} (${count} documents, limit ${limit})`;
      cases += 1;
      const parsed = parseDocuments(text, 'fuzz.yaml', { maxDocuments: limit });
      expect(parsed.documents.length, label).toBeLessThanOrEqual(limit);
      const limitErrors = parsed.issues.filter((x) => x.message.includes('documents in one run (the limit)'));
      expect(limitErrors.length, label).toBe(count > limit ? 1 : 0);
      // Null documents (`~`) count too (they are documents of the stream), so the count is exact.
      if (count <= limit) expect(parsed.documents.length, label).toBe(count);
    }
  });

  it('ran at least 1,000 cases', () => {
    // (a) 210 + (b) 200 + (c) 100 + (d) 50 + (e) 60 + (f) 80 + (g) 60 + (h) 30 = 790 per seed, 3 seeds
    expect(cases).toBeGreaterThanOrEqual(1000);
  });
});
