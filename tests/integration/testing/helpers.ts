import { join } from 'node:path';
import type { Adapter } from '../../../src/adapters/index.js';
import { parseProject, type RunContext } from '../../../src/compile/index.js';
import { readProjectConfig } from '../../../src/config/index.js';
import type { TargetConfig } from '../../../src/config/types.js';
import type { Manifest, ManifestNode, TestNode } from '../../../src/manifest/index.js';
import { loadProjectFiles, type ProjectFiles } from '../../../src/project/index.js';
import { buildTestNodes, type BuildTestNodesResult, type TestableNode } from '../../../src/testing/index.js';
import { FIXTURES } from '../../helpers/project-fixture.js';

export function duckTarget(profile: string): TargetConfig {
  return { name: 'dev', profileName: profile, type: 'duckdb', database: 'memory', schema: 'main', threads: 1, settings: { path: ':memory:' } };
}

export interface TestProject {
  readonly files: ProjectFiles;
  readonly manifest: Manifest;
  readonly built: BuildTestNodesResult;
  readonly tests: Record<string, TestNode>;
  /** Tests by name. */
  readonly byName: Record<string, TestNode>;
  runContext(adapter: Adapter, flags?: Record<string, unknown>): Omit<RunContext, 'isIncremental'>;
}

/** Loads and parses a fixture, builds its test nodes and a manifest holding them (as the lead will wire it). */
export async function loadTestProject(fixture: string, target: TargetConfig, adapter?: Adapter): Promise<TestProject> {
  const root = join(FIXTURES, fixture);
  const config = readProjectConfig(root);
  const files = await loadProjectFiles(config);
  const parsed = await parseProject(files, target, { cacheDir: false, env: {}, ...(adapter ? { dialect: adapter.dialect } : {}) });
  const byNodeName: Record<string, TestableNode> = {};
  for (const n of [...Object.values(parsed.manifest.nodes), ...Object.values(parsed.manifest.disabled)]) {
    if (n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot') byNodeName[n.name] ??= n;
  }
  const built = buildTestNodes({
    projectName: config.name,
    properties: files.properties,
    nodes: byNodeName,
    sources: parsed.manifest.sources,
    macros: parsed.manifest.macros,
    singularTests: files.tests,
    projectTestConfig: config.dataTests,
    target,
    testPaths: config.testPaths,
    ...(adapter ? { quoteIdentifier: (n: string) => adapter.dialect.quoteIdentifier(n) } : {}),
  });
  const tests: Record<string, TestNode> = {};
  for (const t of built.tests) tests[t.uniqueId] = t;
  const disabled: Record<string, ManifestNode> = { ...parsed.manifest.disabled };
  for (const t of built.disabled) disabled[t.uniqueId] = t;
  const manifest: Manifest = { ...parsed.manifest, nodes: { ...parsed.manifest.nodes, ...tests }, disabled };
  return {
    files,
    manifest,
    built,
    tests,
    byName: Object.fromEntries(built.tests.map((t) => [t.name, t])),
    runContext(a, flags) {
      return { manifest, target, dialect: a.dialect, query: { runQuery: (sql: string) => a.execute(sql), getRelation: a.getRelation.bind(a), getColumns: a.getColumns.bind(a) }, ...(flags ? { flags } : {}) };
    },
  };
}
