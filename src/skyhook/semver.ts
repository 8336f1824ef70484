/**
 * The version check of the Skyhook operator: its webhook calls its own `version.IsValid`, which prefixes a
 * missing `v` and then applies Go's golang.org/x/mod/semver rules. So `1.2.3`, `v1.2.3`, `1.2` and `1` pass
 * (the short forms stand for .0), a pre-release or build suffix only after all three numbers, no leading
 * zeros in numbers or numeric pre-release identifiers, and nothing else (`1.2.3.4`, `2024/07/06`, `V1`).
 * @see NVIDIA/skyhook operator/internal/version/version.go (IsValid) and golang.org/x/mod/semver (parse)
 */

const NUMBER = /^(0|[1-9][0-9]*)/;
const IDENT = /^[0-9A-Za-z-]+$/;

/** True when `text` is a numeric identifier with a leading zero (`01`), which semver forbids in a pre-release. */
function badNumber(text: string): boolean {
  return /^[0-9]+$/.test(text) && text.length > 1 && text.startsWith('0');
}

/** Dot-separated identifiers, none empty, each of [0-9A-Za-z-]; numeric ones without leading zeros if asked. */
function identifiers(text: string, numericRule: boolean): boolean {
  return text.split('.').every((part) => IDENT.test(part) && !(numericRule && badNumber(part)));
}

/** Go's semver.IsValid on a string that already starts with `v`. */
function goSemverValid(v: string): boolean {
  if (!v.startsWith('v')) return false;
  let rest = v.slice(1);
  for (let i = 0; i < 3; i++) {
    const m = NUMBER.exec(rest);
    // A leading zero followed by more digits (`01`) matches `0` and leaves `1`, which the next step refuses.
    if (m === null) return false;
    rest = rest.slice(m[0].length);
    if (rest === '') return true;
    if (i < 2) {
      if (!rest.startsWith('.')) return false;
      rest = rest.slice(1);
    }
  }
  if (rest.startsWith('-')) {
    const end = rest.indexOf('+');
    const pre = end < 0 ? rest.slice(1) : rest.slice(1, end);
    if (!identifiers(pre, true)) return false;
    rest = end < 0 ? '' : rest.slice(end);
  }
  if (rest.startsWith('+')) {
    if (!identifiers(rest.slice(1), false)) return false;
    rest = '';
  }
  return rest === '';
}

/**
 * True when the Skyhook operator's webhook accepts `version` as a package version.
 * @param version the package's `version` field
 */
export function isSkyhookVersion(version: string): boolean {
  if (version === '') return false;
  return goSemverValid(version.startsWith('v') ? version : `v${version}`);
}
