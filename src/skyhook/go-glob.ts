/**
 * Go's path/filepath.Match, which the Skyhook operator uses to match a configInterrupts glob against the
 * configMap keys: `*` any run of non-separator characters, `?` one, `[...]` a class (ranges, `^` negation),
 * `\` escapes. A malformed pattern (an unclosed `[`, a trailing `\`) matches nothing (Match returns
 * ErrBadPattern, which the operator treats as no match).
 * @see https://pkg.go.dev/path/filepath#Match
 */

/** Translates a Go glob into an anchored RegExp, or undefined when the pattern is malformed. */
export function goGlobToRegExp(pattern: string): RegExp | undefined {
  const esc = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '*') {
      out += '[^/]*';
      i += 1;
    } else if (c === '?') {
      out += '[^/]';
      i += 1;
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      out += esc(pattern[i + 1] as string);
      i += 2;
    } else if (c === '[') {
      i += 1;
      let negate = false;
      if (pattern[i] === '^') {
        negate = true;
        i += 1;
      }
      let body = '';
      let first = true;
      for (;;) {
        if (i >= pattern.length) return undefined;
        if (pattern[i] === ']' && !first) break;
        first = false;
        let lo = pattern[i] as string;
        if (lo === '\\') {
          if (i + 1 >= pattern.length) return undefined;
          lo = pattern[i + 1] as string;
          i += 1;
        } else if (lo === '-' || lo === ']') {
          // Go requires '-' and ']' inside a class to be escaped.
          return undefined;
        }
        i += 1;
        if (pattern[i] === '-') {
          let hi = pattern[i + 1];
          if (hi === undefined || hi === ']') return undefined;
          i += 2;
          if (hi === '\\') {
            hi = pattern[i];
            if (hi === undefined) return undefined;
            i += 1;
          }
          if (hi < lo) return undefined;
          body += `${esc(lo)}-${esc(hi)}`;
        } else {
          body += esc(lo);
        }
      }
      i += 1;
      out += negate ? `[^${body}]` : `[${body}]`;
    } else {
      out += esc(c);
      i += 1;
    }
  }
  // Without the u flag: the escapes above are identity escapes, which u mode refuses outside classes.
  return new RegExp(`^${out}$`, 's');
}

/** True when Go's filepath.Match(pattern, name) would return true (and no error). */
export function goGlobMatch(pattern: string, name: string): boolean {
  return goGlobToRegExp(pattern)?.test(name) ?? false;
}
