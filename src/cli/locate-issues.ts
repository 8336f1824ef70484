/**
 * The optimizer and the catalog registration know objects by `Kind/name` only; the CLI knows where each came
 * from. This fills in file and document, so that every message a user sees names file, document, object and
 * field, as validation errors do.
 */
import type { Issue } from '../validate/issue.js';
import type { ValidObject } from '../validate/validate-object.js';

/** `Kind/name` → where the object was read (the first one, when a name is used in two namespaces). */
export function objectSources(objects: readonly ValidObject[]): Map<string, ValidObject['source']> {
  const map = new Map<string, ValidObject['source']>();
  for (const v of objects) {
    const key = `${v.kind}/${v.name}`;
    if (!map.has(key)) map.set(key, v.source);
  }
  return map;
}

/** The issues with file and document filled in from `sources` where they were missing. */
export function locateIssues(issues: readonly Issue[], sources: ReadonlyMap<string, ValidObject['source']>): Issue[] {
  return issues.map((i) => {
    if (i.file !== undefined || i.object === undefined) return i;
    const src = sources.get(i.object);
    return src ? { ...i, file: src.file, document: src.document } : i;
  });
}
