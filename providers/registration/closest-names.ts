/**
 * "Did you mean": the valid names closest to what a user typed, by edit distance (Levenshtein, case-insensitive),
 * with names that contain the typed text or start with it counted as close. Pure.
 */

/** Edit distance between two strings (insertions, deletions, substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The names closest to `typed`, best first (ties in the order given).
 * @param typed what the user wrote
 * @param names the valid names
 * @param limit how many to return @default 3
 */
export function closestNames(typed: string, names: readonly string[], limit = 3): string[] {
  const t = typed.toLowerCase();
  const scored = names.map((name, i) => {
    const n = name.toLowerCase();
    // A name holding the typed text (us-east → us-east-1) is as close as a one-letter typo.
    const d = t.length > 1 && n.includes(t) ? Math.min(1, editDistance(t, n)) : editDistance(t, n);
    return { name, d, i };
  });
  scored.sort((a, b) => a.d - b.d || a.i - b.i);
  return scored.slice(0, limit).map((s) => s.name);
}

/** `unknown region "us-est-1" of aws; closest: us-east-1, us-east-2, us-west-1` */
export function unknownNameMessage(what: string, typed: string, names: readonly string[]): string {
  const close = closestNames(typed, names);
  return `unknown ${what} ${JSON.stringify(typed)}${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`;
}
