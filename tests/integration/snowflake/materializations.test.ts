import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter, type Row } from '../../../src/adapters/index.js';
import type { NodeConfig } from '../../../src/config/types.js';
import { DatabaseError } from '../../../src/errors/index.js';
import { executeMaterialization, type MaterializationNode, type MaterializationResult } from '../../../src/materialize/index.js';
import { startSnowflakeTestServer, type QueryLogEntry, type SnowflakeTestServer } from '../../helpers/snowflake-server/index.js';

/**
 * Every Snowflake materialisation config through the real snowflake-sdk driver and the Snowflake-protocol
 * test server: what the server saw (statement log: warehouse, query tag, statement text) and what the
 * tables hold afterwards.
 */
let server: SnowflakeTestServer;
let adapter: Adapter;
const SCHEMA = 'MARTS';

function config(extra: Partial<NodeConfig>): NodeConfig {
  return { enabled: true, materialized: 'table', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra };
}

const rel = (identifier: string) => ({ database: 'ANALYTICS', schema: SCHEMA, identifier });

/** Materialises one model and returns the result with the statements the server logged for it. */
async function build(
  identifier: string,
  extra: Partial<NodeConfig>,
  sql: string,
  opts: { fullRefresh?: boolean; docs?: Pick<MaterializationNode, 'description' | 'columns'> } = {},
): Promise<{ result: MaterializationResult; log: QueryLogEntry[] }> {
  const relation = rel(identifier);
  const existing = await adapter.getRelation(relation);
  await server.clearQueries();
  const result = await executeMaterialization(adapter, {
    node: { uniqueId: `model.it.${identifier}`, config: config(extra), relation, ...opts.docs },
    compiledSql: sql,
    ...(existing ? { existing } : {}),
    dialect: adapter.dialect,
    capabilities: adapter.capabilities,
    fullRefresh: opts.fullRefresh ?? false,
    hooks: { pre: [], post: [] },
  });
  return { result, log: await server.queries() };
}

async function rows(sql: string): Promise<Row[]> {
  const result = await adapter.execute(sql);
  return result.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));
}

async function showTable(identifier: string): Promise<Row | undefined> {
  const found = await rows(`show tables like '${identifier.toUpperCase()}' in schema analytics.${SCHEMA}`);
  return found[0];
}

const texts = (log: readonly QueryLogEntry[]): string[] => log.map((q) => q.sqlText);

beforeAll(async () => {
  server = await startSnowflakeTestServer({
    users: [{ name: 'opp', password: 'it-pw' }],
    warehouses: ['COMPUTE_WH', 'ETL_LARGE'],
    roles: ['TRANSFORMER'],
    parameters: { TIMEZONE: 'UTC' },
  });
  adapter = await createAdapter({
    name: 'snowflake_test',
    profileName: 'it',
    type: 'snowflake',
    database: 'ANALYTICS',
    schema: SCHEMA,
    threads: 2,
    settings: { account: 'fake', user: 'opp', password: 'it-pw', role: 'TRANSFORMER', warehouse: 'COMPUTE_WH', query_tag: 'opp_it', host: '127.0.0.1', port: server.port, protocol: 'http' },
  });
  await adapter.connect();
  await adapter.ensureSchema({ database: 'ANALYTICS', schema: SCHEMA });
  await adapter.execute(`create table analytics.${SCHEMA}.src as select * from values (1, 'a', 10.5), (2, 'b', 20.25), (3, 'c', 30) as v(id, name, amount)`);
});

afterAll(async () => {
  await adapter?.close();
  await server?.close();
});

describe('snowflake tables', () => {
  it('are transient by default, rebuilt in ONE create or replace statement', async () => {
    const first = await build('t_default', {}, `select id, name from analytics.${SCHEMA}.src`);
    expect(texts(first.log)).toEqual([`create transient table ANALYTICS.MARTS.t_default as (\nselect id, name from analytics.MARTS.src\n)`]);
    expect((await showTable('t_default'))?.['kind']).toBe('TRANSIENT');
    const again = await build('t_default', {}, `select id, name from analytics.${SCHEMA}.src where id > 1`);
    expect(again.log).toHaveLength(1);
    expect(again.log[0]!.sqlText).toMatch(/^create or replace transient table ANALYTICS\.MARTS\.t_default as/);
    expect(again.log[0]!.queryTag).toBe('opp_it');
    expect(await rows(`select id from analytics.${SCHEMA}.t_default order by id`)).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('are permanent with transient: false', async () => {
    await build('t_permanent', { transient: false }, 'select 1 as id');
    expect((await showTable('t_permanent'))?.['kind']).toBe('TABLE');
  });

  it('cluster by the keys, loaded in key order, and resume reclustering with automatic_clustering', async () => {
    const { log } = await build('t_clustered', { cluster_by: ['name', 'id'], automatic_clustering: true }, `select id, name from analytics.${SCHEMA}.src`);
    expect(texts(log)).toEqual([
      `create transient table ANALYTICS.MARTS.t_clustered cluster by (name, id) as (\nselect * from (\nselect id, name from analytics.MARTS.src\n) order by (name, id)\n)`,
      'alter table ANALYTICS.MARTS.t_clustered resume recluster',
    ]);
    expect((await showTable('t_clustered'))?.['cluster_by']).toBe('LINEAR(NAME, ID)');
  });

  it('keep the previous table and its rows when the rebuild fails (atomic create or replace)', async () => {
    await build('t_atomic', {}, `select id, name from analytics.${SCHEMA}.src`);
    const err = await build('t_atomic', {}, `select id, no_such_column from analytics.${SCHEMA}.src`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).message).toMatch(/^000904 \(42000\): .*NO_SUCH_COLUMN/);
    expect((err as DatabaseError).queryId).toBeTruthy();
    expect(await rows(`select count(*) as n from analytics.${SCHEMA}.t_atomic`)).toEqual([{ n: 3 }]);
  });

  it('copy grants, and apply grants as dbt computes them', async () => {
    const created = await build('t_grants', { grants: { select: ['reporter', 'analyst'] } }, 'select 1 as id');
    expect(texts(created.log).slice(1)).toEqual([
      'grant select on table ANALYTICS.MARTS.t_grants to role reporter',
      'grant select on table ANALYTICS.MARTS.t_grants to role analyst',
    ]);
    const copied = await build('t_grants', { copy_grants: true, grants: { select: ['reporter'] } }, 'select 2 as id');
    expect(texts(copied.log)).toEqual([
      'create or replace transient table ANALYTICS.MARTS.t_grants copy grants as (\nselect 2 as id\n)',
      'show grants on ANALYTICS.MARTS.t_grants',
      'grant select on table ANALYTICS.MARTS.t_grants to role reporter',
    ]);
  });

  it('persist the description and column docs as comments', async () => {
    const docs = { description: "Orders' table", columns: { id: { name: 'id', description: 'The key' }, name: { name: 'name', description: '' } } };
    const { log } = await build('t_docs', { persist_docs: { relation: true, columns: true } }, `select id, name from analytics.${SCHEMA}.src`, { docs });
    expect(texts(log)).toEqual([
      `select * from (\nselect id, name from analytics.MARTS.src\n) as opp_query_columns limit 0`,
      `create transient table ANALYTICS.MARTS.t_docs comment = 'Orders'' table' as (\nselect id, name from analytics.MARTS.src\n)`,
      "alter table ANALYTICS.MARTS.t_docs alter ID comment 'The key'",
    ]);
    expect((await showTable('t_docs'))?.['comment']).toBe("Orders' table");
    const described = await rows(`describe table analytics.${SCHEMA}.t_docs`);
    expect(described.map((r) => [r['name'], r['comment']])).toEqual([
      ['ID', 'The key'],
      ['NAME', null],
    ]);
  });
});

describe('snowflake warehouse sizing and query tags', () => {
  it('switches to snowflake_warehouse and query_tag around the model and back afterwards', async () => {
    const { log } = await build('t_sized', { snowflake_warehouse: 'etl_large', query_tag: 'nightly_full' }, 'select 1 as id');
    expect(log.map((q) => [q.sqlText.split('\n')[0], q.warehouse, q.queryTag])).toEqual([
      ['use warehouse etl_large', 'COMPUTE_WH', 'opp_it'],
      ["alter session set query_tag = 'nightly_full'", 'ETL_LARGE', 'opp_it'],
      ['create transient table ANALYTICS.MARTS.t_sized as (', 'ETL_LARGE', 'nightly_full'],
      ['use warehouse COMPUTE_WH', 'ETL_LARGE', 'nightly_full'],
      ["alter session set query_tag = 'opp_it'", 'COMPUTE_WH', 'nightly_full'],
    ]);
    await server.clearQueries();
    await adapter.withSession!(() => adapter.execute('select 1 as after'));
    const [after] = await server.queries();
    expect([after?.warehouse, after?.queryTag]).toEqual(['COMPUTE_WH', 'opp_it']);
  });

  it('restores the session even when the model fails', async () => {
    const err = await build('t_sized_fail', { snowflake_warehouse: 'ETL_LARGE', query_tag: 'doomed' }, 'select nope_col').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    const log = await server.queries();
    expect(log.slice(-2).map((q) => q.sqlText)).toEqual(['use warehouse COMPUTE_WH', "alter session set query_tag = 'opp_it'"]);
    expect(log.find((q) => q.errorCode)?.warehouse).toBe('ETL_LARGE');
  });

  it('fails the node (not the run) when its warehouse does not exist', async () => {
    const err = await build('t_bad_wh', { snowflake_warehouse: 'NO_SUCH_WH' }, 'select 1 as id').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).code).toBe('database/query-failed');
    expect((err as DatabaseError).message).toMatch(/^002043/);
  });
});

describe('snowflake views', () => {
  it('are secure with copy grants, and carry their comments inline', async () => {
    const docs = { description: 'Active customers', columns: { name: { name: 'name', description: 'Display name' } } };
    const { log } = await build('v_secure', { materialized: 'view', secure: true, copy_grants: true, persist_docs: { relation: true, columns: true } }, `select id, name from analytics.${SCHEMA}.src`, { docs });
    expect(texts(log)).toEqual([
      `select * from (\nselect id, name from analytics.MARTS.src\n) as opp_query_columns limit 0`,
      `create or replace secure view ANALYTICS.MARTS.v_secure (ID, NAME comment 'Display name') copy grants comment = 'Active customers' as (\nselect id, name from analytics.MARTS.src\n)`,
    ]);
    const view = (await rows(`show views like 'V_SECURE' in schema analytics.${SCHEMA}`))[0];
    expect(view?.['is_secure']).toBe('true');
    expect(view?.['comment']).toBe('Active customers');
    expect(await rows(`select name from analytics.${SCHEMA}.v_secure where id = 2`)).toEqual([{ name: 'b' }]);
  });

  it('replace a table of the same name (drop, then create)', async () => {
    await build('replaced', {}, 'select 1 as id');
    const { log, result } = await build('replaced', { materialized: 'view' }, 'select 2 as id');
    expect(texts(log)).toEqual(['drop table if exists ANALYTICS.MARTS.replaced cascade', 'create or replace view ANALYTICS.MARTS.replaced as (\nselect 2 as id\n)']);
    expect(result.relation?.kind).toBe('view');
  });
});

describe('snowflake incremental models', () => {
  const src = `analytics.${SCHEMA}.inc_src`;

  beforeAll(async () => {
    await adapter.execute(`create or replace table ${src} (id integer, status varchar(8), amount number(10,2))`);
    await adapter.execute(`insert into ${src} values (1, 'new', 10), (2, 'new', 20)`);
  });

  it('merge (the default): first run builds the table, later runs stage in a temporary view and MERGE', async () => {
    const first = await build('i_merge', { materialized: 'incremental', unique_key: 'id' }, `select * from ${src}`);
    expect(first.log.map((q) => q.kind)).toEqual(['CREATE TABLE']);
    await adapter.execute(`update ${src} set status = 'paid' where id = 1`);
    await adapter.execute(`insert into ${src} values (3, 'new', 30)`);
    const second = await build('i_merge', { materialized: 'incremental', unique_key: 'id' }, `select * from ${src} where id >= 1`);
    expect(texts(second.log).map((t) => t.split('\n')[0])).toEqual([
      'create or replace temporary view ANALYTICS.MARTS.i_merge__opp_tmp as (',
      'describe table ANALYTICS.MARTS.i_merge',
      'describe table ANALYTICS.MARTS.i_merge__opp_tmp',
      'merge into ANALYTICS.MARTS.i_merge as DBT_INTERNAL_DEST',
      'drop view if exists ANALYTICS.MARTS.i_merge__opp_tmp',
    ]);
    expect(second.result.adapterResponse.message).toMatch(/^MERGE/);
    expect(await rows(`select id, status from analytics.${SCHEMA}.i_merge order by id`)).toEqual([
      { id: 1, status: 'paid' },
      { id: 2, status: 'new' },
      { id: 3, status: 'new' },
    ]);
  });

  it('delete+insert stages a temporary table and writes in one transaction', async () => {
    await build('i_di', { materialized: 'incremental', unique_key: 'id', incremental_strategy: 'delete+insert' }, `select * from ${src} where id <= 2`);
    const { log } = await build('i_di', { materialized: 'incremental', unique_key: 'id', incremental_strategy: 'delete+insert' }, `select id, 'redo' as status, amount from ${src}`);
    expect(log.map((q) => q.kind)).toEqual(['CREATE', 'DESCRIBE TABLE', 'DESCRIBE TABLE', 'BEGIN', 'DELETE', 'INSERT', 'COMMIT', 'DROP TABLE']);
    expect(log[0]!.sqlText).toMatch(/^create or replace temporary table ANALYTICS\.MARTS\.i_di__opp_tmp/);
    expect(await rows(`select id, status from analytics.${SCHEMA}.i_di order by id`)).toEqual([
      { id: 1, status: 'redo' },
      { id: 2, status: 'redo' },
      { id: 3, status: 'redo' },
    ]);
  });

  it('append inserts every staged row', async () => {
    await build('i_append', { materialized: 'incremental', incremental_strategy: 'append' }, `select id from ${src} where id = 1`);
    await build('i_append', { materialized: 'incremental', incremental_strategy: 'append' }, `select id from ${src} where id = 1`);
    expect(await rows(`select count(*) as n from analytics.${SCHEMA}.i_append`)).toEqual([{ n: 2 }]);
  });

  it('on_schema_change: append_new_columns adds the new column, sync_all_columns drops the old one', async () => {
    const model = (cols: string) => `select ${cols} from ${src}`;
    await build('i_schema', { materialized: 'incremental', unique_key: 'id', on_schema_change: 'append_new_columns' }, model('id, status'));
    const added = await build('i_schema', { materialized: 'incremental', unique_key: 'id', on_schema_change: 'append_new_columns' }, model('id, status, amount'));
    expect(texts(added.log)).toContain('alter table ANALYTICS.MARTS.i_schema add column AMOUNT NUMBER(10,2)');
    expect((await adapter.getColumns(rel('i_schema'))).map((c) => c.name)).toEqual(['ID', 'STATUS', 'AMOUNT']);
    const synced = await build('i_schema', { materialized: 'incremental', unique_key: 'id', on_schema_change: 'sync_all_columns' }, model('id, amount'));
    expect(texts(synced.log)).toContain('alter table ANALYTICS.MARTS.i_schema drop column STATUS');
    expect((await adapter.getColumns(rel('i_schema'))).map((c) => c.name)).toEqual(['ID', 'AMOUNT']);
    const fail = await build('i_schema', { materialized: 'incremental', unique_key: 'id', on_schema_change: 'fail' }, model('id')).catch((e: unknown) => e);
    expect((fail as DatabaseError).code).toBe('database/schema-change');
  });

  it('lists the grants of an existing table and grants only what is missing', async () => {
    await build('i_grants', { materialized: 'incremental', unique_key: 'id' }, `select id from ${src}`);
    const { log } = await build('i_grants', { materialized: 'incremental', unique_key: 'id', grants: { select: ['reporter'] } }, `select id from ${src}`);
    expect(texts(log).slice(-2)).toEqual(['show grants on ANALYTICS.MARTS.i_grants', 'grant select on table ANALYTICS.MARTS.i_grants to role reporter']);
  });

  it('picks its warehouse per run: snowflake_warehouse for the incremental run, a bigger one for --full-refresh', async () => {
    const model = { materialized: 'incremental', unique_key: 'id', snowflake_warehouse: 'ETL_LARGE' };
    await build('i_sized', model, `select id from ${src}`);
    const incremental = await build('i_sized', model, `select id from ${src}`);
    expect(incremental.log.filter((q) => q.kind === 'MERGE').map((q) => q.warehouse)).toEqual(['ETL_LARGE']);
    const full = await build('i_sized', { ...model, snowflake_warehouse: 'COMPUTE_WH' }, `select id from ${src}`, { fullRefresh: true });
    expect(full.log.map((q) => [q.kind, q.warehouse])).toEqual([['CREATE', 'COMPUTE_WH']]);
  });
});
