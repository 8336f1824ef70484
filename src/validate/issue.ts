/**
 * The one shape of a problem found in user input: where (file, document, object, field path) and what.
 * Validation, semantic checks and the optimizer's pre-solve checks all report this way.
 */

/**
 * `error` rejects the input; `warning` admits it but names something that breaks later (an error under
 * `--strict`); `note` says how a lenient reading understood something.
 */
export type Severity = 'error' | 'warning' | 'note';

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

const cut = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** A user-written name in a message, always quoted: `"api"`; cut to 60 characters, escapes shown. */
export function quote(text: string): string {
  return JSON.stringify(cut(text));
}

/** A user-written name in a message, quoted only when it needs it (blanks, control characters, empty). */
export function shown(text: string): string {
  const c = cut(text);
  return /^[^\s\p{C}"]+$/u.test(c) ? c : JSON.stringify(c);
}

/** Keys printed as they are; any other key (empty, blanks, control characters) is quoted: `a["x\ny"]`. */
const PLAIN_KEY = /^[^\s\p{C}"[\]]+$/u;

/** Renders a zod-style path ([ 'spec', 'items', 3, 'x' ]) as `spec.items[3].x`, always on one line. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    const key = String(part);
    if (typeof part === 'number') out += `[${part}]`;
    else if (!PLAIN_KEY.test(key)) out += `[${JSON.stringify(key)}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

/** One line per issue: `file: document N (Kind/name): path: message`. */
export function formatIssue(issue: Issue): string {
  const where = [
    issue.file ?? '',
    issue.document !== undefined ? `document ${issue.document}` : '',
    issue.object !== undefined ? `(${issue.object})` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  const prefix = issue.severity === 'note' ? 'note: ' : issue.severity === 'warning' ? 'warning: ' : '';
  const path = issue.path === '' ? '' : `${issue.path}: `;
  return `${where === '' ? '' : `${where}: `}${prefix}${path}${issue.message}`;
}

/** True when any issue is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
