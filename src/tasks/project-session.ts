import { randomUUID } from 'node:crypto';
import { createDialect, knownConfigKeys, type Dialect } from '../adapters/index.js';
import type { ProjectConfig, TargetConfig } from '../config/types.js';
import { parseVarsFlag, resolveVars } from '../config/index.js';
import { parseProject, type ParseResult } from '../compile/index.js';
import { throwIfAny, type OppError } from '../errors/index.js';
import { buildGraph, type ProjectGraph } from '../graph/index.js';
import type { Manifest } from '../manifest/index.js';
import { loadProjectFiles, type ProjectFiles } from '../project/index.js';
import { buildTestNodes } from '../testing/index.js';
import { buildUnitTestNodes } from '../unit-testing/index.js';
import { openProjectConfig, type OpenedProjectConfig, type SessionOptions } from './project-config.js';

export { openProjectConfig, type OpenedProjectConfig, type SessionOptions } from './project-config.js';

/** The loaded, parsed project with its target and dialect (the adapter is made when a command connects). */
export interface ProjectSession {
  readonly config: ProjectConfig;
  readonly target: TargetConfig;
  readonly files: ProjectFiles;
  readonly parse: ParseResult;
  readonly manifest: Manifest;
  readonly graph: ProjectGraph;
  readonly vars: Readonly<Record<string, unknown>>;
  /** The target's SQL dialect; no driver is loaded until a command creates the adapter. */
  readonly dialect: Dialect;
  readonly invocationId: string;
  readonly startedAt: Date;
  readonly env: NodeJS.ProcessEnv;
  /** Non-fatal problems found while loading (YAML for nodes that do not exist, tests on missing models). */
  readonly warnings: readonly OppError[];
  /**
   * Writes the parse cache when the session was opened with `deferParseCache` (compile's deferred write;
   * once, never rejects); otherwise compile already wrote it and this resolves at once.
   */
  readonly writeParseCache: () => Promise<void>;
}

/**
 * Loads the project for a command: project.yml, the target, every file, the parse pass and the graph.
 * Throws (collected) OppErrors for anything wrong in the project; nothing touches the warehouse.
 * `opened`: what `openProjectConfig(opts)` returned, when the caller already read it.
 */
export async function openProjectSession(opts: SessionOptions, opened?: OpenedProjectConfig): Promise<ProjectSession> {
  const startedAt = new Date();
  const invocationId = opts.invocationId ?? randomUUID();
  const { config, target, env } = opened ?? openProjectConfig(opts);
  const adapterConfigKeys = knownConfigKeys();
  const cliVars = opts.vars !== undefined ? parseVarsFlag(opts.vars) : {};
  const vars = resolveVars(config.vars, cliVars, config.name);
  const dialect = createDialect(target);
  const files = await loadProjectFiles(config, { adapterConfigKeys });
  const parse = await parseProject(files, target, {
    vars: cliVars,
    env,
    adapterConfigKeys,
    dialect,
    invocationId,
    runStartedAt: startedAt,
    flags: { WHICH: opts.command, FULL_REFRESH: opts.fullRefresh === true },
    // Commands that run nodes write the parse cache after their work (see SessionOptions.deferParseCache).
    ...(opts.deferParseCache ? { deferCacheWrite: true } : {}),
  });
  const manifest = parse.manifest;
  const tests = addDataTests(manifest, files, config, target, dialect);
  addUnitTests(manifest, files, config);
  const graph = buildGraph(manifest);
  const warnings = [...parse.warnings, ...tests.warnings];
  const writeParseCache = parse.writeCache ?? (() => Promise.resolve());
  return { config, target, files, parse, manifest, graph, vars, dialect, invocationId, startedAt, env, warnings, writeParseCache };
}

/**
 * Adds the project's data tests (generic tests from YAML, singular tests from test-paths) to the
 * manifest, in place: compile keys its run-pass session on the manifest object. Errors exit 2.
 */
function addDataTests(manifest: Manifest, files: ProjectFiles, config: ProjectConfig, target: TargetConfig, dialect: Dialect) {
  const testable: Record<string, Parameters<typeof buildTestNodes>[0]['nodes'][string]> = {};
  for (const node of [...Object.values(manifest.nodes), ...Object.values(manifest.disabled)]) {
    if (node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'snapshot') testable[node.name] = node;
  }
  const built = buildTestNodes({
    projectName: config.name,
    properties: files.properties,
    nodes: testable,
    sources: manifest.sources,
    macros: manifest.macros,
    singularTests: files.tests,
    projectTestConfig: config.dataTests,
    target: { database: target.database, schema: target.schema },
    testPaths: config.testPaths,
    quoteIdentifier: (name) => dialect.quoteIdentifier(name),
  });
  throwIfAny(built.errors);
  const nodes = manifest.nodes as Record<string, Manifest['nodes'][string]>;
  const disabled = manifest.disabled as Record<string, Manifest['nodes'][string]>;
  for (const test of built.tests) nodes[test.uniqueId] = test;
  for (const test of built.disabled) disabled[test.uniqueId] = test;
  return built;
}

/** Adds the dbt 1.8 unit tests of the YAML files to the manifest, in place. Errors exit 2. */
function addUnitTests(manifest: Manifest, files: ProjectFiles, config: ProjectConfig): void {
  const refable: Record<string, Parameters<typeof buildUnitTestNodes>[0]['nodes'][string]> = {};
  for (const node of [...Object.values(manifest.disabled), ...Object.values(manifest.nodes)]) {
    if (node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'snapshot') refable[node.name] = node;
  }
  const built = buildUnitTestNodes({
    projectName: config.name,
    properties: files.properties,
    nodes: refable,
    sources: manifest.sources,
    projectUnitTestConfig: config.unitTests,
  });
  throwIfAny(built.errors);
  const unitTests = manifest.unitTests as Record<string, Manifest['unitTests'][string]>;
  for (const test of built.unitTests) unitTests[test.uniqueId] = test;
}
