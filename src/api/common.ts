/**
 * Building blocks shared by every kind: object metadata, component references, quantities with units and
 * metav1-style status conditions.
 */
import { z } from 'zod';
import {
  CPU_PATTERN,
  DATA_RATE_PATTERN,
  DATA_SIZE_PATTERN,
  DECIMAL_PATTERN,
  DURATION_PATTERN,
  MEMORY_PATTERN,
  parseCpu,
  parseDataRate,
  parseDataSize,
  parseDuration,
  parseMemory,
  parseCount,
  parsePrice,
  QUANTITY_LIMITS,
  type UnitResult,
} from './units.js';

/** DNS-1123 subdomain, the rule Kubernetes applies to most object names. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** DNS-1123 label, the rule Kubernetes applies to namespace names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The parts of ObjectMeta we read; anything else in metadata is kept as is. */
export const ObjectMetaSchema = z
  .looseObject({
    name: z
      .string()
      .min(1)
      .max(253)
      .regex(DNS_SUBDOMAIN, {
        error: 'expected a DNS-1123 name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
      })
      .describe('Object name.'),
    namespace: z
      .string()
      .max(63)
      .regex(DNS_LABEL, { error: 'expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit' })
      .optional()
      .describe('Namespace of the object.'),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .describe('Standard Kubernetes object metadata.');
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

/** A reference to an application component (usually an apps/v1 Deployment), as SkyCluster writes it. */
export const ComponentRefSchema = z
  .object({
    apiVersion: z.string().optional().describe('API version of the referenced object. @default apps/v1'),
    kind: z.string().optional().describe('Kind of the referenced object. @default Deployment'),
    name: z.string().min(1).describe('Name of the component; unique within one application.'),
    namespace: z.string().optional().describe('Namespace of the referenced object. @default the policy namespace'),
  })
  .describe('Reference to the workload object that makes up one component.');
export type ComponentRef = z.infer<typeof ComponentRefSchema>;

/**
 * A quantity string: the unit's pattern (also the CRD's), then its parser, so that a value which matches the
 * pattern but cannot be read (`1e400h` overflows) is rejected here rather than later by the optimizer.
 * The refinement is not representable in JSON Schema and leaves the CRDs unchanged.
 */
function quantity(pattern: RegExp, error: string, parse: (text: string) => UnitResult) {
  return z
    .string()
    .regex(pattern, { error })
    .superRefine((text, ctx) => {
      if (!pattern.test(text)) return;
      const r = parse(text);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message, input: text });
    });
}

/**
 * A number schema bounded above by `limit` (src/api/units.ts QUANTITY_LIMITS). A refinement, not `.max()`:
 * the limit is the tool's (docs/policies.md, "Limits"), so the CRDs' openAPIV3Schema stays as it is.
 */
export function atMost<S extends z.ZodNumber>(schema: S, limit: number) {
  return schema.refine((n) => n <= limit, { error: (iss) => `expected a number <= ${limit}, got number ${String(iss.input)}` });
}

/** `15ms`, `730h`. */
export const DurationSchema = quantity(DURATION_PATTERN, 'expected a duration like 15ms, 2s or 730h', parseDuration);
/** `0.5GB`, `10Gi`. */
export const DataSizeSchema = quantity(DATA_SIZE_PATTERN, 'expected a data size like 0.5GB, 200MB or 10Gi', parseDataSize);
/** `0.01GB/s`, `100Mbps`. */
export const DataRateSchema = quantity(DATA_RATE_PATTERN, 'expected a data rate like 0.01GB/s, 5MB/s or 100Mbps', parseDataRate);
/** `16Gi`, `16GB`, `512Mi`. */
export const MemorySchema = quantity(MEMORY_PATTERN, 'expected a memory size like 512Mi, 16Gi or 16GB', parseMemory);
/** A memory size that must be more than 0 (a flavor's RAM). */
export const PositiveMemorySchema = quantity(MEMORY_PATTERN, 'expected a memory size like 512Mi, 16Gi or 16GB', (text) => {
  const r = parseMemory(text);
  return r.ok && r.value <= 0 ? { ok: false, message: `expected a memory size above 0, got ${JSON.stringify(text)}` } : r;
});
/** `2`, `500m`; a number is accepted too. */
export const CpuSchema = z.union([
  atMost(z.number().nonnegative(), QUANTITY_LIMITS.cpuCores),
  quantity(CPU_PATTERN, 'expected a CPU quantity like 2, 0.5 or 500m', parseCpu),
]);
/** A price in USD: a number or a decimal string such as `"0.0015"`. */
export const PriceSchema = z.union([
  atMost(z.number().nonnegative(), QUANTITY_LIMITS.priceUsd),
  quantity(DECIMAL_PATTERN, 'expected a price like "0.0015" (USD)', parsePrice),
]);
/** A count: a whole number, or a string holding one (SkyCluster writes `count: "1"`). */
export const CountSchema = z.union([
  atMost(z.number().int().nonnegative(), QUANTITY_LIMITS.count),
  quantity(/^\d+$/, 'expected a whole number like 2', parseCount),
]);

/** Status of a condition, as in metav1.Condition. */
export const ConditionStatusSchema = z.enum(['True', 'False', 'Unknown']);

/**
 * Builds the schema of a metav1-style condition whose `type` and `reason` are closed enums for one kind.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/ (Condition)
 */
export function conditionSchema<T extends readonly [string, ...string[]], R extends readonly [string, ...string[]]>(types: T, reasons: R) {
  return z.object({
    type: z.enum(types).describe('Condition type.'),
    status: ConditionStatusSchema.describe('True, False or Unknown.'),
    reason: z.enum(reasons).describe('Machine-readable reason, CamelCase.'),
    message: z.string().describe('Human-readable explanation.'),
    observedGeneration: z.number().int().nonnegative().optional().describe('metadata.generation the condition was computed for.'),
    lastTransitionTime: z.iso.datetime({ offset: true }).describe('RFC 3339 time of the last change of status.'),
  });
}

/**
 * The `conditions` list of a status: one entry per type, declared as a list-map keyed by `type` so that
 * server-side apply merges conditions by type.
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
 */
export function conditionsSchema<T extends readonly [string, ...string[]], R extends readonly [string, ...string[]]>(types: T, reasons: R) {
  return z
    .array(conditionSchema(types, reasons))
    .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] })
    .describe('Conditions, one per type (list-map keyed by type).');
}

/**
 * The schema of a whole object of one kind: apiVersion and kind as literals, metadata, spec and an optional
 * status. Every kind of this API is built with it.
 */
export function kindSchema<A extends string, K extends string, S extends z.ZodType, T extends z.ZodType>(apiVersion: A, kind: K, spec: S, status: T) {
  return z.strictObject({
    apiVersion: z.literal(apiVersion),
    kind: z.literal(kind),
    metadata: ObjectMetaSchema,
    spec,
    status: status.optional(),
  });
}
