import { createAdapter, type Adapter } from '../../../src/adapters/index.js';
import type { DuckDBAdapter } from '../../../src/adapters/duckdb/index.js';
import { parseProject } from '../../../src/compile/index.js';
import { readProjectConfig } from '../../../src/config/index.js';
import type { ProjectConfig, TargetConfig } from '../../../src/config/types.js';
import type { Manifest, SeedNode, SnapshotNode } from '../../../src/manifest/index.js';
import { loadProjectFiles } from '../../../src/project/index.js';
import { copyFixture } from '../../helpers/project-fixture.js';

export function duckTarget(path = ':memory:'): TargetConfig {
  return { name: 'dev', profileName: 'test', type: 'duckdb', database: path === ':memory:' ? 'memory' : '', schema: 'main', threads: 2, settings: { path } };
}

export async function openDuckDB(path = ':memory:'): Promise<DuckDBAdapter> {
  const adapter = (await createAdapter(duckTarget(path))) as DuckDBAdapter;
  await adapter.connect();
  return adapter;
}

export interface LoadedProject {
  readonly dir: string;
  readonly config: ProjectConfig;
  readonly manifest: Manifest;
  seed(name: string): SeedNode;
  snapshot(name: string): SnapshotNode;
  cleanup(): void;
}

/** Copies a fixture to a temp folder and parses it (as `opp seed` would), so tests may edit its files. */
export async function loadFixture(name: string, adapter?: Adapter): Promise<LoadedProject> {
  const { dir, cleanup } = copyFixture(name);
  return { ...(await parseFixtureDir(dir, adapter)), cleanup };
}

export async function parseFixtureDir(dir: string, adapter?: Adapter): Promise<Omit<LoadedProject, 'cleanup'>> {
  const config = readProjectConfig(dir);
  const files = await loadProjectFiles(config);
  const parsed = await parseProject(files, duckTarget(), { cacheDir: false, env: {}, ...(adapter ? { dialect: adapter.dialect } : {}) });
  const manifest = parsed.manifest;
  const find = <T>(type: string, name: string): T => {
    const node = Object.values(manifest.nodes).find((n) => n.resourceType === type && n.name === name);
    if (!node) throw new Error(`no ${type} '${name}' in ${dir}`);
    return node as T;
  };
  return { dir, config, manifest, seed: (n) => find<SeedNode>('seed', n), snapshot: (n) => find<SnapshotNode>('snapshot', n) };
}

/** `select * from <relation> order by <orderBy>` as plain rows. */
export async function tableRows(adapter: Adapter, node: { database: string; schema: string; alias: string }, orderBy = '1'): Promise<Record<string, unknown>[]> {
  const rel = adapter.dialect.relationName({ database: node.database, schema: node.schema, identifier: node.alias });
  return (await adapter.execute(`select * from ${rel} order by ${orderBy}`)).rows;
}

/** Column names and types as the catalog says. */
export async function tableColumns(adapter: Adapter, node: { database: string; schema: string; alias: string }): Promise<string[]> {
  const cols = await adapter.getColumns({ database: node.database, schema: node.schema, identifier: node.alias });
  return cols.map((c) => `${c.name} ${c.dataType}`);
}
