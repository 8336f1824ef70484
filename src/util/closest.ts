/** "Did you mean" for names a user typed: the closest of a set of valid spellings, by edit distance. Pure. */

/** Levenshtein distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= t.length; j += 1) {
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[t.length] as number;
}

/**
 * The valid spelling closest to `text`, when it is close enough to be a typo: at most `maxDistance` edits
 * (@default a third of the candidate's length, at least 1), and not identical.
 */
export function closestSpelling(text: string, valid: readonly string[], maxDistance?: number): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const v of valid) {
    const d = editDistance(text, v);
    const limit = maxDistance ?? Math.max(1, Math.floor(v.length / 3));
    if (d > 0 && d <= limit && d < bestDistance) {
      best = v;
      bestDistance = d;
    }
  }
  return best;
}
