import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** opp's package.json: the nearest one above this module (src/util/ in tests, dist/chunks/ when bundled). */
function findPackageJson(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('opp: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** opp's version, read once from package.json. */
export const OPP_VERSION: string = (JSON.parse(readFileSync(findPackageJson(), 'utf8')) as { version: string }).version;
