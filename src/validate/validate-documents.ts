/** Validation of a whole input set: schema per document, then the cross-object checks. Pure. */
import type { SourceDocument } from './documents.js';
import type { Issue } from './issue.js';
import { objectSetChecks, rejectedObject, type RejectedObject } from './object-set-checks.js';
import { semanticChecks } from './semantic-checks.js';
import { validateDocument, type ValidObject } from './validate-object.js';
import { checkHostPackages, isSkyhookDocument, validateSkyhookDocument } from '../skyhook/validate-skyhook-object.js';

/**
 * Validates documents: every check that needs no solve. `objects` holds those that passed their schema
 * (semantic errors do not remove them).
 */
export function validateDocuments(
  documents: readonly SourceDocument[],
  options: { strict?: boolean } = {},
): { objects: ValidObject[]; issues: Issue[] } {
  const objects: ValidObject[] = [];
  const issues: Issue[] = [];
  const rejected: RejectedObject[] = [];
  // Loops, not push(...many): a spread of 100,000 issues overflows the call stack.
  for (const doc of documents) {
    // Skyhook objects are foreign kinds, read against Skyhook's CRD and webhook rules (strict: warnings become errors).
    const r = isSkyhookDocument(doc.value) ? validateSkyhookDocument(doc, options) : validateDocument(doc);
    for (const i of r.issues) issues.push(i);
    if (r.valid) objects.push(r.valid);
    else if (r.issues.some((i) => i.severity === 'error')) rejected.push(rejectedObject(doc));
  }
  for (const i of semanticChecks(objects)) issues.push(i);
  for (const i of checkHostPackages(objects, options)) issues.push(i);
  for (const i of objectSetChecks(objects, rejected)) issues.push(i);
  return { objects, issues };
}
