/** Validation of a whole input set: schema per document, then the cross-object checks. Pure. */
import type { SourceDocument } from './documents.js';
import type { Issue } from './issue.js';
import { semanticChecks } from './semantic-checks.js';
import { validateDocument, type ValidObject } from './validate-object.js';
import { checkHostPackages, isSkyhookDocument, validateSkyhookDocument } from '../skyhook/validate-skyhook-object.js';

/** Validates documents; `objects` holds those that passed their schema (semantic errors do not remove them). */
export function validateDocuments(
  documents: readonly SourceDocument[],
  options: { strict?: boolean } = {},
): { objects: ValidObject[]; issues: Issue[] } {
  const objects: ValidObject[] = [];
  const issues: Issue[] = [];
  for (const doc of documents) {
    // Skyhook objects are foreign kinds, read against Skyhook's CRD and webhook rules (strict: warnings become errors).
    const r = isSkyhookDocument(doc.value) ? validateSkyhookDocument(doc, options) : validateDocument(doc);
    issues.push(...r.issues);
    if (r.valid) objects.push(r.valid);
  }
  issues.push(...semanticChecks(objects));
  issues.push(...checkHostPackages(objects, options));
  return { objects, issues };
}
