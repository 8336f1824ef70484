/**
 * The JSON merge patch (RFC 7386) that turns one object into another: changed keys carry their new value,
 * removed keys `null`, arrays are replaced whole (a merge patch cannot edit an array element). Pure; the
 * cluster store sends it for enable/disable and refresh so that only the fields the command changed move.
 * @see https://www.rfc-editor.org/rfc/rfc7386
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The merge patch from `before` to `after`, or undefined when they are equal. Both are plain JSON values
 * (`undefined` members count as absent).
 */
export function mergePatch(before: unknown, after: unknown): Json | undefined {
  if (!isObject(before) || !isObject(after)) return equal(before, after) ? undefined : ((after ?? null) as Json);
  const patch: Record<string, Json> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (b === undefined) {
      if (a !== undefined) patch[key] = null;
      continue;
    }
    const sub = a === undefined ? (b as Json) : mergePatch(a, b);
    if (sub !== undefined) patch[key] = sub;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
