import type { RelationRef } from '../../../src/adapters/index.js';
import type { DuckDBAdapter } from '../../../src/adapters/duckdb/index.js';
import { createAdapter } from '../../../src/adapters/index.js';
import type { NodeConfig } from '../../../src/config/types.js';
import {
  executeMaterialization,
  type HookInput,
  type MaterializationInput,
  type MaterializationResult,
} from '../../../src/materialize/index.js';

export const SCHEMA = 'analytics';

export async function openDuckDB(path = ':memory:'): Promise<DuckDBAdapter> {
  const adapter = (await createAdapter({
    name: 'dev',
    profileName: 'test',
    type: 'duckdb',
    database: path === ':memory:' ? 'memory' : '',
    schema: 'main',
    threads: 2,
    settings: { path },
  })) as DuckDBAdapter;
  await adapter.connect();
  await adapter.ensureSchema({ schema: SCHEMA });
  return adapter;
}

export function nodeConfig(config: Partial<NodeConfig>): NodeConfig {
  return { enabled: true, materialized: 'view', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...config };
}

export function relationOf(adapter: DuckDBAdapter, name: string): RelationRef {
  return { database: adapter.database, schema: SCHEMA, identifier: name };
}

export interface RunOptions {
  readonly fullRefresh?: boolean;
  readonly pre?: readonly HookInput[];
  readonly post?: readonly HookInput[];
}

/** The input the runner would build: existing relation from the adapter's cache, dialect, capabilities. */
export async function inputFor(
  adapter: DuckDBAdapter,
  name: string,
  sql: string,
  config: Partial<NodeConfig>,
  opts: RunOptions = {},
): Promise<MaterializationInput> {
  const relation = relationOf(adapter, name);
  const existing = await adapter.getRelation(relation);
  return {
    node: { uniqueId: `model.shop.${name}`, config: nodeConfig(config), relation },
    compiledSql: sql,
    ...(existing ? { existing } : {}),
    dialect: adapter.dialect,
    capabilities: adapter.capabilities,
    fullRefresh: opts.fullRefresh ?? false,
    hooks: { pre: opts.pre ?? [], post: opts.post ?? [] },
    compiledPath: `target/compiled/shop/models/${name}.sql`,
  };
}

export async function materialize(
  adapter: DuckDBAdapter,
  name: string,
  sql: string,
  config: Partial<NodeConfig>,
  opts: RunOptions = {},
): Promise<MaterializationResult> {
  return executeMaterialization(adapter, await inputFor(adapter, name, sql, config, opts));
}

/** Rows of `select * from analytics.<name> order by <orderBy>`. */
export async function rowsOf(adapter: DuckDBAdapter, name: string, orderBy = '1'): Promise<Record<string, unknown>[]> {
  return (await adapter.execute(`select * from ${adapter.dialect.relationName(relationOf(adapter, name))} order by ${orderBy}`)).rows;
}

/** What the catalog says, bypassing the cache. */
export async function kindInCatalog(adapter: DuckDBAdapter, name: string): Promise<string | undefined> {
  const result = await adapter.execute(
    `select table_type from information_schema.tables where table_schema = '${SCHEMA}' and table_name = '${name}'`,
  );
  const type = result.rows[0]?.['table_type'];
  return type === undefined ? undefined : type === 'VIEW' ? 'view' : 'table';
}

/** Names in the schema (to prove no `__opp_tmp` / `__opp_backup` is left behind). */
export async function namesInSchema(adapter: DuckDBAdapter): Promise<string[]> {
  const result = await adapter.execute(
    `select table_name from information_schema.tables where table_schema = '${SCHEMA}' order by table_name`,
  );
  return result.rows.map((r) => String(r['table_name']));
}
