/**
 * Turns a kind's zod schema into a CustomResourceDefinition (apiextensions.k8s.io/v1) with a structural
 * openAPIV3Schema, the status subresource, printer columns, short names and the `skycluster` category.
 * Pure: the build step src/build/generate-crds.ts writes the result to crds/.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */
import { z } from 'zod';
import { CATEGORY, type KindDefinition } from './kinds.js';

type JsonSchema = { [key: string]: unknown };

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Rewrites zod's OpenAPI 3.0 output into the structural dialect Kubernetes accepts:
 * `additionalProperties: false` is dropped (strictness is the API server's pruning, and the CLI's job),
 * a schema without a type (z.unknown) preserves unknown fields, an integer|string union becomes
 * x-kubernetes-int-or-string, and a number|string union (prices) keeps its value unconstrained.
 */
export function toStructural(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  const anyOf = schema['anyOf'];
  if (Array.isArray(anyOf)) {
    const types = new Set(anyOf.filter(isObject).map((b) => b['type']));
    const description = schema['description'];
    const base: JsonSchema = description === undefined ? {} : { description };
    if (types.size === 2 && types.has('string') && types.has('integer')) return { ...base, 'x-kubernetes-int-or-string': true };
    return { ...base, 'x-kubernetes-preserve-unknown-fields': true };
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'additionalProperties' && value === false) continue;
    // zod bounds every integer by Number.MAX_SAFE_INTEGER; that says nothing to a user reading the CRD.
    if ((key === 'maximum' || key === 'minimum') && Math.abs(Number(value)) === Number.MAX_SAFE_INTEGER) continue;
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isObject(v) ? toStructural(v) : v]));
    } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) {
      out[key] = toStructural(value);
    } else {
      out[key] = value;
    }
  }
  // Kubernetes rejects a schema with both properties and additionalProperties (a z.looseObject): keep the
  // known properties and preserve the unknown ones instead.
  if (out['properties'] !== undefined && out['additionalProperties'] !== undefined) {
    delete out['additionalProperties'];
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  if (out['type'] === undefined && out['x-kubernetes-preserve-unknown-fields'] === undefined) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return out;
}

/** The openAPIV3Schema of a kind: zod's input schema, made structural, with metadata left to the API server. */
export function crdSchemaOf(def: KindDefinition): JsonSchema {
  const raw = z.toJSONSchema(def.schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'throw', reused: 'inline' }) as JsonSchema;
  const structural = toStructural(raw);
  delete structural['$schema'];
  const properties = structural['properties'] as JsonSchema;
  properties['apiVersion'] = { type: 'string' };
  properties['kind'] = { type: 'string' };
  properties['metadata'] = { type: 'object' };
  structural['required'] = ((structural['required'] as string[] | undefined) ?? []).filter(
    (r) => r !== 'apiVersion' && r !== 'kind' && r !== 'metadata',
  );
  return structural;
}

/** The whole CustomResourceDefinition object for one kind. */
export function generateCrd(def: KindDefinition): JsonSchema {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${def.plural}.${def.group}` },
    spec: {
      group: def.group,
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.singular,
        shortNames: [...def.shortNames],
        categories: [CATEGORY],
      },
      scope: def.scope,
      versions: [
        {
          name: def.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: def.printerColumns.map((c) => ({ ...c })),
          schema: { openAPIV3Schema: crdSchemaOf(def) },
        },
      ],
    },
  };
}

/** File name of a kind's CRD under crds/. */
export function crdFileName(def: KindDefinition): string {
  return `${def.group}_${def.plural}.yaml`;
}
