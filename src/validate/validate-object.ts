/**
 * Validates one parsed document against the schema of its kind and reports every problem with its field path.
 * SkyCluster's bare ProviderProfile spec bodies (no apiVersion/kind) are accepted and said so.
 */
import type { z } from 'zod';
import { findKind, KINDS } from '../api/kinds.js';
import { closestSpelling } from '../util/closest.js';
import { ProviderProfileSpecSchema } from '../api/provider.js';
import { formatPath, shown, type Issue } from './issue.js';
import type { SourceDocument } from './documents.js';

/** A document that passed its schema: kind, name and the parsed object. */
export interface ValidObject {
  readonly source: SourceDocument;
  readonly kind: string;
  readonly name: string;
  /** The object as the schema's output (for a bare ProviderProfile spec: wrapped into a full object). */
  readonly object: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const SERVED = KINDS.map((k) => `${k.group}/${k.version} ${k.kind}`).join(', ');

function describeReceived(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  // JSON has no NaN or Infinity (YAML's .nan, .inf): JSON.stringify would print them as null.
  if (typeof input === 'number') return `number ${String(input)}`;
  // Long strings are cut (inside the quotes) so one bad value cannot flood the report.
  const shown = typeof input === 'string' && input.length > 60 ? `${input.slice(0, 57)}...` : input;
  return `${typeof input} ${JSON.stringify(shown) ?? String(input)}`;
}

/** `replicas: "3"`: a number written in quotes is a string in YAML; say how to write it. */
function quotedNumberHint(expected: string, input: unknown): string {
  if ((expected !== 'number' && expected !== 'int') || typeof input !== 'string') return '';
  const t = input.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? ` (write ${t} without quotes)` : '';
}

/** zod names an integer `int`; users read `integer`. */
const typeName = (expected: string): string => (expected === 'int' ? 'integer' : expected);

type ZodIssue = z.ZodError['issues'][number];

/** zod's own bound messages (`Too small: expected number to be >0`) in the style of the others. */
function boundMessage(zi: Extract<ZodIssue, { code: 'too_small' | 'too_big' }>): string {
  if (!/^Too (small|big)/.test(zi.message)) return zi.message;
  const small = zi.code === 'too_small';
  const bound = small ? zi.minimum : zi.maximum;
  const got = describeReceived(zi.input);
  if (zi.origin === 'array' || zi.origin === 'set') {
    return `expected ${small ? 'at least' : 'at most'} ${bound} item${Number(bound) === 1 ? '' : 's'}, got ${Array.isArray(zi.input) ? zi.input.length : got}`;
  }
  if (zi.origin === 'string') return `expected ${small ? 'at least' : 'at most'} ${bound} character${Number(bound) === 1 ? '' : 's'}, got ${got}`;
  const op = small ? (zi.inclusive ? '>=' : '>') : zi.inclusive ? '<=' : '<';
  return `expected a number ${op} ${bound}, got ${got}`;
}

/** One alternative of a failed union, as `expected X` text without the `got` part. */
function alternative(issues: readonly ZodIssue[]): string {
  const first = issues[0];
  if (first === undefined) return 'something else';
  if (first.code === 'invalid_type') return typeName(first.expected);
  if (first.code === 'too_small' || first.code === 'too_big')
    return boundMessage(first)
      .replace(/^expected /, '')
      .replace(/, got .*$/, '');
  return first.message.replace(/^expected /, '');
}

/** Turns zod issues into ours, with messages that say what was expected. */
export function zodIssuesToIssues(error: z.ZodError, base: Omit<Issue, 'path' | 'message' | 'severity'>, prefix: PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const zi of error.issues) {
    const path = formatPath([...prefix, ...zi.path]);
    let message: string;
    switch (zi.code) {
      case 'unrecognized_keys':
        for (const key of zi.keys) {
          out.push({
            ...base,
            severity: 'error',
            path: formatPath([...prefix, ...zi.path, key]),
            message: 'unknown field (not in the schema; check its spelling)',
          });
        }
        continue;
      case 'invalid_type':
        message =
          zi.input === undefined
            ? `required field is missing (expected ${typeName(zi.expected)})`
            : `expected ${typeName(zi.expected)}, got ${describeReceived(zi.input)}${quotedNumberHint(zi.expected, zi.input)}`;
        break;
      case 'invalid_value':
        message = `expected ${zi.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeReceived(zi.input)}`;
        break;
      case 'invalid_union': {
        // Every branch failed: say what each would have taken (`expected number or string, got boolean true`).
        const alternatives = zi.errors.map(alternative).filter((m, i, all) => all.indexOf(m) === i);
        message =
          zi.input === undefined
            ? `required field is missing (expected ${alternatives.join(' or ')})`
            : `expected ${alternatives.join(' or ')}, got ${describeReceived(zi.input)}`;
        break;
      }
      case 'invalid_format':
        message = `${zi.message}, got ${describeReceived(zi.input)}`;
        break;
      case 'too_small':
      case 'too_big':
        message = boundMessage(zi);
        break;
      default:
        message = zi.message;
    }
    out.push({ ...base, severity: 'error', path, message });
  }
  return out;
}

/**
 * Fields the API server sets and `kubectl get -o yaml` prints: they are not the user's input, so an exported
 * object reads as input. `status` is the operator's (its condition types, e.g. `Synced`, are not ours to check).
 */
const SERVER_SET_METADATA = ['managedFields', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'deletionTimestamp'];

/** The object without what the server sets (status, server-set metadata); the input is not changed. */
export function withoutServerFields(value: Record<string, unknown>): Record<string, unknown> {
  const { status: _status, ...rest } = value;
  const meta = rest['metadata'];
  if (!isRecord(meta) || !SERVER_SET_METADATA.some((k) => k in meta)) return rest;
  const cleaned = Object.fromEntries(Object.entries(meta).filter(([k]) => !SERVER_SET_METADATA.includes(k)));
  return { ...rest, metadata: cleaned };
}

/** The kinds this tool reads, for "did you mean". */
const KIND_NAMES = KINDS.map((k) => k.kind);

/** Validates one document; returns the valid object (if any) and the issues. */
export function validateDocument(doc: SourceDocument): { valid?: ValidObject; issues: Issue[] } {
  const base = { file: doc.file, document: doc.document };
  // An item of a kubectl List: its paths start at items[i].
  const prefix: PropertyKey[] = doc.item === undefined ? [] : ['items', doc.item];
  const at = (path: string): string => formatPath([...prefix, ...(path === '' ? [] : [path])]);
  const raw = doc.value;
  if (raw === null || raw === undefined) return { issues: [] };
  if (!isRecord(raw)) {
    return {
      issues: [{ ...base, severity: 'error', path: at(''), message: `expected a Kubernetes object (a mapping), got ${describeReceived(raw)}` }],
    };
  }
  const value = withoutServerFields(raw);
  const apiVersion = value['apiVersion'];
  const kind = value['kind'];
  const meta = value['metadata'];
  const name = isRecord(meta) && typeof meta['name'] === 'string' ? shown(meta['name']) : '?';

  if (apiVersion === undefined && kind === undefined) {
    if ('platform' in value && 'region' in value) return validateBareProviderProfile(doc, value);
    return {
      issues: [{ ...base, object: `?/${name}`, severity: 'error', path: at(''), message: `missing apiVersion and kind; expected one of: ${SERVED}` }],
    };
  }
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    const [field, got] = typeof apiVersion !== 'string' ? ['apiVersion', apiVersion] : ['kind', kind];
    const problem = got === undefined ? 'required field is missing' : `expected a string, got ${describeReceived(got)}`;
    return {
      issues: [
        {
          ...base,
          object: `${typeof kind === 'string' ? shown(kind) : '?'}/${name}`,
          severity: 'error',
          path: at(field),
          message: `${problem}; served kinds: ${SERVED}`,
        },
      ],
    };
  }
  const def = findKind(apiVersion, kind);
  const object = `${shown(kind)}/${name}`;
  if (!def) return { issues: [{ ...base, object, severity: 'error', ...unservedKind(apiVersion, kind, at) }] };
  // reportInput: without it zod leaves `input` out of its issues, and a wrong type reads as a missing field.
  const parsed = def.schema.safeParse(value, { reportInput: true });
  if (!parsed.success) return { issues: zodIssuesToIssues(parsed.error, { ...base, object }, prefix) };
  return { valid: { source: doc, kind, name, object: parsed.data }, issues: [] };
}

/**
 * Which of apiVersion and kind is wrong: a served kind under a wrong apiVersion is an apiVersion error (with
 * the right one), an unknown kind a kind error (with the closest served kind when it looks like a typo).
 */
function unservedKind(apiVersion: string, kind: string, at: (path: string) => string): { path: string; message: string } {
  const sameKind = KINDS.find((k) => k.kind === kind);
  if (sameKind) {
    return {
      path: at('apiVersion'),
      message: `${shown(kind)} is served as ${sameKind.group}/${sameKind.version}, got ${shown(apiVersion)}`,
    };
  }
  const near = closestSpelling(kind, KIND_NAMES);
  return {
    path: at('kind'),
    message: `${shown(apiVersion)} ${shown(kind)} is not a kind this tool reads${near ? ` (did you mean ${near}?)` : ''}; expected one of: ${SERVED}`,
  };
}

function validateBareProviderProfile(doc: SourceDocument, value: Record<string, unknown>): { valid?: ValidObject; issues: Issue[] } {
  const name = `${String(value['platform'])}-${String(value['region'])}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  const base = { file: doc.file, document: doc.document, object: `ProviderProfile/${shown(name)}` };
  const parsed = ProviderProfileSpecSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return { issues: zodIssuesToIssues(parsed.error, base, ['spec']) };
  const object = {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'ProviderProfile',
    metadata: { name },
    spec: parsed.data,
  };
  return {
    valid: { source: doc, kind: 'ProviderProfile', name, object },
    issues: [{ ...base, severity: 'note', path: '', message: `no apiVersion/kind: read as a bare ProviderProfile spec named ${shown(name)}` }],
  };
}
