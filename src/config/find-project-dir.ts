import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors/index.js';

/** The project file names, in order of preference. */
export const PROJECT_FILE_NAMES = ['project.yml', 'dbt_project.yml'] as const;

/** The project file in `dir` (`project.yml` wins over `dbt_project.yml`), or undefined. */
export function projectFileIn(dir: string): (typeof PROJECT_FILE_NAMES)[number] | undefined {
  return PROJECT_FILE_NAMES.find((name) => existsSync(join(dir, name)));
}

/**
 * The project folder: `start`, or the nearest parent, holding `project.yml` or `dbt_project.yml`.
 * Throws UsageError `usage/no-project` when there is none.
 */
export function findProjectDir(start: string): string {
  const first = resolve(start);
  let dir = first;
  for (;;) {
    if (projectFileIn(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new UsageError('usage/no-project', `no project.yml or dbt_project.yml in ${first} or any folder above it`, {
    hint: 'run opp inside a project folder, pass --project-dir, or create a project.yml with a name.',
  });
}
