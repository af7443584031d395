import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';
import type { ProjectConfig } from '../config/index.js';

/** Project-relative paths (forward slashes, sorted) of every file of each kind. */
export interface DiscoveredFiles {
  readonly models: readonly string[];
  /** `.sql` under macro-paths, plus generic tests under `<test-path>/generic/` (dbt reads both as macros). */
  readonly macros: readonly string[];
  readonly seeds: readonly string[];
  /** Singular tests: `.sql` under test-paths, except `generic/` and `fixtures/`. */
  readonly tests: readonly string[];
  readonly snapshots: readonly string[];
  readonly analyses: readonly string[];
  readonly docs: readonly string[];
  /** Properties YAML under every resource path, plus `sources.yml` at the root. */
  readonly properties: readonly string[];
  /** Unit-test fixture files under `<test-path>/fixtures/`. */
  readonly fixtures: readonly string[];
  readonly selectors?: string;
}

/** Root files that are never properties YAML, even when a resource path is the project root. */
const ROOT_FILES = new Set(['project.yml', 'dbt_project.yml', 'profiles.yml', 'selectors.yml', 'packages.yml', 'dependencies.yml', 'package-lock.yml']);

function pattern(base: string, glob: string): string {
  return base === '.' ? glob : `${fg.escapePath(base)}/${glob}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds the project's files with fast-glob: one glob per kind of file (all running at once), following
 * symbolic links, skipping dot folders, the target path and installed packages.
 */
export async function discoverFiles(config: ProjectConfig): Promise<DiscoveredFiles> {
  const ignore = [`${fg.escapePath(config.targetPath)}/**`, 'dbt_packages/**', '**/node_modules/**'];
  const glob = async (bases: readonly string[], globs: readonly string[], extraIgnore: readonly string[] = []): Promise<string[]> => {
    if (bases.length === 0) return [];
    const patterns = bases.flatMap((b) => globs.map((g) => pattern(b, g)));
    const found = await fg(patterns, {
      cwd: config.rootDir,
      followSymbolicLinks: true,
      onlyFiles: true,
      dot: false,
      unique: true,
      ignore: [...ignore, ...extraIgnore],
    });
    return found.sort();
  };
  const testSubfolders = (sub: string) => config.testPaths.map((p) => pattern(p, `${sub}/**`));
  const yaml = ['**/*.yml', '**/*.yaml'];
  const propertyBases = [
    ...new Set([
      ...config.modelPaths,
      ...config.seedPaths,
      ...config.snapshotPaths,
      ...config.macroPaths,
      ...config.testPaths,
      ...config.analysisPaths,
    ]),
  ];
  const [models, macros, generic, seeds, tests, snapshots, analyses, docs, properties, fixtures, rootSources, selectors] = await Promise.all([
    glob(config.modelPaths, ['**/*.sql']),
    glob(config.macroPaths, ['**/*.sql']),
    glob(config.testPaths.map((p) => (p === '.' ? 'generic' : `${p}/generic`)), ['**/*.sql']),
    glob(config.seedPaths, ['**/*.csv']),
    glob(config.testPaths, ['**/*.sql'], [...testSubfolders('generic'), ...testSubfolders('fixtures')]),
    glob(config.snapshotPaths, ['**/*.sql']),
    glob(config.analysisPaths, ['**/*.sql']),
    glob(config.docsPaths, ['**/*.md']),
    glob(propertyBases, yaml, testSubfolders('fixtures')),
    glob(config.testPaths.map((p) => (p === '.' ? 'fixtures' : `${p}/fixtures`)), ['**/*.csv', '**/*.sql']),
    exists(join(config.rootDir, 'sources.yml')),
    exists(join(config.rootDir, 'selectors.yml')),
  ]);
  const props = new Set(properties.filter((p) => !ROOT_FILES.has(p)));
  if (rootSources) props.add('sources.yml');
  return {
    models,
    macros: [...new Set([...macros, ...generic])].sort(),
    seeds,
    tests,
    snapshots,
    analyses,
    docs,
    properties: [...props].sort(),
    fixtures,
    ...(selectors ? { selectors: 'selectors.yml' } : {}),
  };
}
