import { join } from 'node:path';
import { parseProject } from '../../../src/compile/index.js';
import { readProjectConfig } from '../../../src/config/index.js';
import type { ProjectConfig, TargetConfig } from '../../../src/config/types.js';
import type { Manifest, UnitTestNode } from '../../../src/manifest/index.js';
import { loadProjectFiles, type ProjectFiles } from '../../../src/project/index.js';
import { buildUnitTestNodes, type BuildUnitTestNodesResult, type RefableNode } from '../../../src/unit-testing/index.js';
import { FIXTURES } from '../../helpers/project-fixture.js';

/** A Snowflake target: unit tests must still run (on DuckDB) and dispatch as duckdb. */
export function snowflakeTarget(): TargetConfig {
  return { name: 'prod', profileName: 'unit_shop', type: 'snowflake', database: 'ANALYTICS', schema: 'MARTS', threads: 4, settings: { account: 'acme', user: 'x' } };
}

export function duckTarget(): TargetConfig {
  return { name: 'dev', profileName: 'unit_shop', type: 'duckdb', database: 'memory', schema: 'main', threads: 1, settings: { path: ':memory:' } };
}

export interface UnitProject {
  readonly config: ProjectConfig;
  readonly files: ProjectFiles;
  readonly manifest: Manifest;
  readonly built: BuildUnitTestNodesResult;
  readonly byName: Record<string, UnitTestNode>;
}

/** Loads and parses a fixture, builds its unit tests and a manifest holding them (as the lead will wire it). */
export async function loadUnitProject(fixture: string, target: TargetConfig = duckTarget()): Promise<UnitProject> {
  const config = readProjectConfig(join(FIXTURES, fixture));
  const files = await loadProjectFiles(config);
  const parsed = await parseProject(files, target, { cacheDir: false, env: {} });
  const nodes: Record<string, RefableNode> = {};
  for (const n of [...Object.values(parsed.manifest.nodes), ...Object.values(parsed.manifest.disabled)]) {
    if (n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot') nodes[n.name] ??= n;
  }
  const built = buildUnitTestNodes({
    projectName: config.name,
    properties: files.properties,
    nodes,
    sources: parsed.manifest.sources,
    projectUnitTestConfig: config.unitTests,
  });
  const unitTests: Record<string, UnitTestNode> = {};
  for (const t of built.unitTests) unitTests[t.uniqueId] = t;
  const manifest: Manifest = { ...parsed.manifest, unitTests };
  return { config, files, manifest, built, byName: Object.fromEntries(built.unitTests.map((t) => [t.name, t])) };
}
