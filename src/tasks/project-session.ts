import { randomUUID } from 'node:crypto';
import { createDialect, getAdapterFactory, knownConfigKeys, type Dialect } from '../adapters/index.js';
import type { ProjectConfig, TargetConfig } from '../config/types.js';
import { findProjectDir, parseVarsFlag, readProjectConfig, resolveTarget, resolveVars } from '../config/index.js';
import { parseProject, type ParseResult } from '../compile/index.js';
import { registerSecretEnvVars, throwIfAny, type OppError } from '../errors/index.js';
import { buildGraph, type ProjectGraph } from '../graph/index.js';
import type { Manifest } from '../manifest/index.js';
import { loadProjectFiles, type ProjectFiles } from '../project/index.js';
import { buildTestNodes } from '../testing/index.js';
import { buildUnitTestNodes } from '../unit-testing/index.js';

/** What every command that reads the project needs: flags shared by all commands. */
export interface SessionOptions {
  readonly projectDir?: string;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly threads?: number;
  /** `--vars` YAML text. */
  readonly vars?: string;
  /** The command (`run`, `build`, ...), readable in templates as `flags.WHICH`. */
  readonly command: string;
  readonly fullRefresh?: boolean;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The console's invocation id, so logs and artifacts agree. */
  readonly invocationId?: string;
  /**
   * Leave writing the parse cache to the command (`ProjectSession.writeParseCache()`, after its real
   * work), keeping serialisation off the critical path. Commands that do not call it leave this unset.
   */
  readonly deferParseCache?: boolean;
}

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

/** Finds, reads and validates the project and its target, without parsing models. */
export function openProjectConfig(opts: SessionOptions): { config: ProjectConfig; target: TargetConfig; env: NodeJS.ProcessEnv } {
  const env = opts.env ?? process.env;
  registerSecretEnvVars(env);
  const rootDir = findProjectDir(opts.projectDir ?? opts.cwd ?? process.cwd());
  const adapterConfigKeys = knownConfigKeys();
  const config = readProjectConfig(rootDir, { adapterConfigKeys });
  const resolved = resolveTarget({
    project: config,
    ...(opts.profilesDir !== undefined ? { profilesDir: opts.profilesDir } : {}),
    ...(opts.target !== undefined ? { targetName: opts.target } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    env,
  });
  const factory = getAdapterFactory(resolved.type); // an unknown type fails here, before any file is parsed
  const target = factory.prepareTarget ? factory.prepareTarget(resolved, config) : resolved;
  return { config, target, env };
}

/**
 * Loads the project for a command: project.yml, the target, every file, the parse pass and the graph.
 * Throws (collected) OppErrors for anything wrong in the project; nothing touches the warehouse.
 */
export async function openProjectSession(opts: SessionOptions): Promise<ProjectSession> {
  const startedAt = new Date();
  const invocationId = opts.invocationId ?? randomUUID();
  const { config, target, env } = openProjectConfig(opts);
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
