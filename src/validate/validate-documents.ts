/** Validation of a whole input set: schema per document, then the cross-object checks. Pure. */
import type { SourceDocument } from './documents.js';
import type { Issue } from './issue.js';
import { semanticChecks } from './semantic-checks.js';
import { validateDocument, type ValidObject } from './validate-object.js';

/** Validates documents; `objects` holds those that passed their schema (semantic errors do not remove them). */
export function validateDocuments(documents: readonly SourceDocument[]): { objects: ValidObject[]; issues: Issue[] } {
  const objects: ValidObject[] = [];
  const issues: Issue[] = [];
  for (const doc of documents) {
    const r = validateDocument(doc);
    issues.push(...r.issues);
    if (r.valid) objects.push(r.valid);
  }
  issues.push(...semanticChecks(objects));
  return { objects, issues };
}
