/**
 * Checks that an output can be written before the work that produces it starts: a bench run of minutes must
 * not end in "cannot write", and a path under /proc must not hang a recursive mkdir. Each check returns the
 * reason as text, or undefined when the output can be written.
 */
import { closeSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const errnoText = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return e.code ?? e.message;
  }
};

/** The reason an error gives, as an output check reports it (`permission denied`). */
export function describeWriteError(err: unknown): string {
  return errnoText(err);
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether `file` can be created or overwritten: tried for real (root ignores permission bits), then undone. */
export function checkWritableFile(file: string): string | undefined {
  const path = resolve(file);
  const st = statOrUndefined(path);
  if (st?.isDirectory()) return `cannot write ${file}: is a directory`;
  const parent = statOrUndefined(dirname(path));
  if (!parent) return `cannot write ${file}: directory ${dirname(path)} does not exist`;
  if (!parent.isDirectory()) return `cannot write ${file}: ${dirname(path)} is not a directory`;
  try {
    closeSync(openSync(path, 'a'));
    if (!st) unlinkSync(path);
  } catch (err) {
    return `cannot write ${file}: ${errnoText(err)}`;
  }
  return undefined;
}

/**
 * Makes sure `dir` is a directory a report can be written into: creates the missing parts one level at a
 * time (never a recursive mkdir, which loops on some virtual file systems), then writes and removes a probe
 * file. Directories created here are removed again when the check fails.
 */
export function prepareOutputDir(dir: string): string | undefined {
  const path = resolve(dir);
  const missing: string[] = [];
  let existing = path;
  for (;;) {
    const st = statOrUndefined(existing);
    if (st) {
      if (!st.isDirectory()) return `cannot write to ${dir}: ${existing} is a file, not a directory`;
      break;
    }
    missing.unshift(existing);
    const up = dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  const created: string[] = [];
  const undo = (): void => {
    for (const d of created.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // Best effort: a directory we cannot remove stays, empty.
      }
    }
  };
  try {
    for (const d of missing) {
      mkdirSync(d);
      created.push(d);
    }
    const probe = join(path, `.skycluster-write-check-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (err) {
    undo();
    return `cannot write to ${dir}: ${errnoText(err)}`;
  }
  return undefined;
}
