/**
 * The documented input limits (docs/policies.md, "Limits"). Input beyond them is refused with an issue
 * (exit 1) rather than read: a reader that takes whatever it is given can be made to run out of memory
 * (`-f /dev/zero`) or stack (a 130,000-document stream, a 20,000-level nesting).
 */

/** Largest single input (file or standard input) read, in bytes: 32 MiB. A 1,000-component app is < 1 MiB. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** Most YAML documents read in one run, over all inputs. */
export const MAX_DOCUMENTS = 10_000;

/**
 * Deepest nesting of collections a document may have. The YAML composer recurses once per level, and a stack
 * overflow inside it leaves V8 unable to compile regular expressions: the next parse aborts the whole process
 * (out of memory in RegExpCompiler). So deeper documents are refused before they are composed; real objects
 * nest a few dozen levels at most.
 */
export const MAX_NESTING = 100;

/** Human-readable size: `32 MiB`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}
