/** Paths of what the installed package carries (examples, CRDs), resolved from this module's location. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the package: works from src/cli (tests, tsx) and from dist/src/cli (installed bin). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot locate the skycluster package root');
}

/** Absolute path of a bundled file or folder (e.g. `policies/air-quality.yaml`). */
export function bundledPath(relative: string): string {
  return join(packageRoot(), relative);
}
