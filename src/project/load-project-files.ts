import type { ProjectConfig } from '../config/index.js';
import { ProjectError, throwIfAny, type OppError } from '../errors/index.js';
import { buildDuplicateNameErrors } from './check-duplicates.js';
import { discoverFiles } from './discover-files.js';
import { parsePropertiesFile } from './parse-properties.js';
import { parseSelectorsFile } from './parse-selectors.js';
import { DEFAULT_READ_CONCURRENCY, mapBounded, readProjectTextFiles, readSeedFiles } from './read-files.js';
import type { ProjectFile, ProjectFiles, PropertiesFile, SelectorsFile, UnitTestInput, UnitTestProperties } from './types.js';

export interface LoadProjectFilesOptions {
  /** Config keys contributed by adapters, accepted in properties `config:` blocks. */
  readonly adapterConfigKeys?: readonly string[];
  /** Files read at once (default 64). */
  readonly concurrency?: number;
}

function fixtureName(path: string): { name: string; ext: string } {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return { name: file.slice(0, dot), ext: file.slice(dot + 1) };
}

/**
 * Fills the text of unit-test inputs that name a `fixture:` file (under `<test-path>/fixtures/`), reading
 * only the fixture files that are used. An unknown fixture is `project/unknown-resource`.
 */
async function resolveFixtures(
  config: ProjectConfig,
  properties: readonly PropertiesFile[],
  fixturePaths: readonly string[],
  errors: OppError[],
  concurrency: number,
): Promise<PropertiesFile[]> {
  const wanted = properties.some((p) => p.unitTests.some((u) => u.expect.fixture !== undefined || u.given.some((g) => g.fixture !== undefined)));
  if (!wanted) return [...properties];
  const byKey = new Map<string, string>();
  for (const path of fixturePaths) {
    const { name, ext } = fixtureName(path);
    if (!byKey.has(`${name}.${ext}`)) byKey.set(`${name}.${ext}`, path);
  }
  const used = new Set<string>();
  for (const p of properties) {
    for (const u of p.unitTests) {
      for (const input of [...u.given, u.expect]) {
        const path = input.fixture !== undefined ? byKey.get(`${input.fixture}.${input.format}`) : undefined;
        if (path) used.add(path);
      }
    }
  }
  const files = await readProjectTextFiles(config.rootDir, [...used], errors, concurrency);
  const text = new Map(files.map((f) => [f.path, f.content]));
  const fill = <T extends Omit<UnitTestInput, 'input'>>(input: T, test: UnitTestProperties): T => {
    if (input.fixture === undefined) return input;
    const path = byKey.get(`${input.fixture}.${input.format}`);
    const content = path !== undefined ? text.get(path) : undefined;
    if (content === undefined) {
      if (path === undefined) {
        const dirs = config.testPaths.map((t) => `${t}/fixtures/`).join(' or ');
        errors.push(
          new ProjectError('project/unknown-resource', `unit test '${test.name}' names fixture '${input.fixture}', but there is no ${input.fixture}.${input.format} under ${dirs}`, {
            location: input.location,
            hint: `create ${config.testPaths[0] ?? 'tests'}/fixtures/${input.fixture}.${input.format}, or fix the fixture name.`,
          }),
        );
      }
      return input;
    }
    return { ...input, rows: content };
  };
  return properties.map((p) =>
    p.unitTests.length === 0
      ? p
      : { ...p, unitTests: p.unitTests.map((u) => ({ ...u, given: u.given.map((g) => fill(g, u)), expect: fill(u.expect, u) })) },
  );
}

/**
 * Discovers and reads every file of the project (see `discoverFiles`), parses the properties YAML and
 * selectors.yml, fills unit-test fixtures and checks names. All problems of all files are collected and
 * thrown once (`throwIfAny`).
 */
export async function loadProjectFiles(config: ProjectConfig, opts: LoadProjectFilesOptions = {}): Promise<ProjectFiles> {
  const concurrency = opts.concurrency ?? DEFAULT_READ_CONCURRENCY;
  const adapterConfigKeys = opts.adapterConfigKeys ?? [];
  const found = await discoverFiles(config);
  const root = config.rootDir;
  const readErrors: OppError[] = [];
  const parseErrors: OppError[][] = [];

  // Properties YAML first: parsing is CPU work, and it overlaps with the model reads below, which the
  // thread pool keeps serving while a file is parsed. Errors are kept per file, in path order.
  const propertiesTask = mapBounded(found.properties, Math.max(4, Math.floor(concurrency / 4)), async (path, index): Promise<PropertiesFile | undefined> => {
    const [f] = await readProjectTextFiles(root, [path], readErrors, 1);
    if (!f) return undefined;
    const parsed = parsePropertiesFile(f.content, f.path, { adapterConfigKeys });
    parseErrors[index] = parsed.errors;
    return parsed.file;
  });
  const selectorsTask = found.selectors
    ? readProjectTextFiles(root, [found.selectors], readErrors, 1).then(([f]) => (f ? parseSelectorsFile(f.content, f.path) : undefined))
    : Promise.resolve(undefined);
  // Every other text file through one bound (a file listed under two kinds is read once).
  const textPaths = [...new Set([...found.models, ...found.macros, ...found.tests, ...found.snapshots, ...found.analyses, ...found.docs])];
  const [texts, seeds, parsedProperties, parsedSelectors] = await Promise.all([
    readProjectTextFiles(root, textPaths, readErrors, concurrency),
    readSeedFiles(root, found.seeds, readErrors, Math.max(1, Math.floor(concurrency / 8))),
    propertiesTask,
    selectorsTask,
  ]);
  const byPath = new Map<string, ProjectFile>(texts.map((f) => [f.path, f]));
  const pick = (paths: readonly string[]): ProjectFile[] => {
    const out: ProjectFile[] = [];
    for (const p of paths) {
      const f = byPath.get(p);
      if (f) out.push(f);
    }
    return out;
  };

  const errors: OppError[] = [...readErrors.sort((a, b) => (a.location?.file ?? '').localeCompare(b.location?.file ?? ''))];
  for (const list of parseErrors) if (list) errors.push(...list);
  const properties = await resolveFixtures(
    config,
    parsedProperties.filter((p): p is PropertiesFile => p !== undefined),
    found.fixtures,
    errors,
    concurrency,
  );
  if (parsedSelectors) errors.push(...parsedSelectors.errors);
  const selectors: SelectorsFile | undefined = parsedSelectors?.file;

  const files: ProjectFiles = {
    config,
    models: pick(found.models),
    macros: pick(found.macros),
    seeds,
    tests: pick(found.tests),
    snapshots: pick(found.snapshots),
    analyses: pick(found.analyses),
    docs: pick(found.docs),
    properties,
    ...(selectors ? { selectors } : {}),
  };
  errors.push(...buildDuplicateNameErrors(files));
  throwIfAny(errors);
  return files;
}
