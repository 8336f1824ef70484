/**
 * The one shape of a problem found in user input: where (file, document, object, field path) and what.
 * Validation, semantic checks and the optimizer's pre-solve checks all report this way.
 */

/** `error` rejects the input; `note` says how a lenient reading understood something. */
export type Severity = 'error' | 'note';

export interface Issue {
  readonly severity: Severity;
  /** File the object came from (`-` for standard input), if any. */
  readonly file?: string;
  /** 1-based index of the YAML document within the file. */
  readonly document?: number;
  /** `Kind/name` of the object, or `?` when it could not be read. */
  readonly object?: string;
  /** Field path like `spec.deploymentPolicies[3].locationConstraint`, empty for the whole object. */
  readonly path: string;
  readonly message: string;
}

/** Renders a zod-style path ([ 'spec', 'items', 3, 'x' ]) as `spec.items[3].x`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** One line per issue: `file: document N (Kind/name): path: message`. */
export function formatIssue(issue: Issue): string {
  const where = [
    issue.file ?? '',
    issue.document !== undefined ? `document ${issue.document}` : '',
    issue.object !== undefined ? `(${issue.object})` : '',
  ].filter((s) => s !== '').join(' ');
  const prefix = issue.severity === 'note' ? 'note: ' : '';
  const path = issue.path === '' ? '' : `${issue.path}: `;
  return `${where === '' ? '' : `${where}: `}${prefix}${path}${issue.message}`;
}

/** True when any issue is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
