/**
 * Kubernetes label syntax and label selectors, checked as the API server's apimachinery does
 * (validation.IsQualifiedName, IsValidLabelValue, metav1.LabelSelectorAsSelector), returning a reason
 * instead of an error value, so callers can say which field is wrong and why.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key, or undefined when it is: `[prefix/]name`, name ≤ 63, prefix a DNS subdomain ≤ 253. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a label key is a name with an optional DNS prefix and one "/" (like example.com/my-key)';
  const name = parts.length === 2 ? (parts[1] as string) : (parts[0] as string);
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix === '') return 'the prefix before "/" must not be empty';
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
      return 'the prefix before "/" must be a lower-case DNS subdomain of at most 253 characters';
  }
  if (name === '') return 'the name part must not be empty';
  if (name.length > 63) return 'the name part must be at most 63 characters';
  if (!NAME_PART.test(name)) return "the name part must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is: empty, or ≤ 63 characters of the name-part syntax. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return 'a label value must be at most 63 characters';
  if (!NAME_PART.test(value)) return "a label value must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  return undefined;
}

/** A metav1.LabelSelector as read from YAML (fields unchecked). */
export interface LabelSelectorInput {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** One problem of a selector: the path below the selector (`matchLabels.foo`, `matchExpressions[0].values`) and why. */
export interface SelectorProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * Every reason metav1.LabelSelectorAsSelector would refuse `selector` (it stops at the first; this lists all):
 * invalid keys or values, an unknown operator, In/NotIn without values, Exists/DoesNotExist with values.
 */
export function labelSelectorProblems(selector: LabelSelectorInput): SelectorProblem[] {
  const out: SelectorProblem[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const k = labelKeyProblem(key);
    if (k) out.push({ path: ['matchLabels', key], message: `invalid label key ${JSON.stringify(key)}: ${k}` });
    const v = labelValueProblem(value);
    if (v) out.push({ path: ['matchLabels', key], message: `invalid label value ${JSON.stringify(value)}: ${v}` });
  }
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const k = labelKeyProblem(expr.key);
    if (k) out.push({ path: ['matchExpressions', i, 'key'], message: `invalid label key ${JSON.stringify(expr.key)}: ${k}` });
    const values = expr.values ?? [];
    if (!OPERATORS.includes(expr.operator)) {
      out.push({
        path: ['matchExpressions', i, 'operator'],
        message: `${JSON.stringify(expr.operator)} is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)`,
      });
    } else if ((expr.operator === 'In' || expr.operator === 'NotIn') && values.length === 0) {
      out.push({ path: ['matchExpressions', i, 'values'], message: `operator ${expr.operator} needs at least one value` });
    } else if ((expr.operator === 'Exists' || expr.operator === 'DoesNotExist') && values.length > 0) {
      out.push({ path: ['matchExpressions', i, 'values'], message: `operator ${expr.operator} takes no values` });
    }
    values.forEach((v, j) => {
      const p = labelValueProblem(v);
      if (p) out.push({ path: ['matchExpressions', i, 'values', j], message: `invalid label value ${JSON.stringify(v)}: ${p}` });
    });
  });
  return out;
}

/** True when a set of labels satisfies a (valid) label selector: every matchLabels pair and every expression. */
export function labelSelectorMatches(selector: LabelSelectorInput, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(value as string))) return false;
    if (e.operator === 'NotIn' && has && values.includes(value as string)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
