/**
 * Snowflake catalog semantics on DuckDB: upper-casing of unquoted identifiers, databases and schemas,
 * information_schema views with Snowflake's names and type spellings, SHOW and DESCRIBE shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../../helpers/snowflake-server/index.js';
import { connect, destroy, exec, execError, type Connection } from './driver.js';

describe('snowflake test server: catalog', () => {
  let server: SnowflakeTestServer;
  let conn: Connection;
  beforeAll(async () => {
    server = await startSnowflakeTestServer({ databases: ['analytics', 'raw'] });
    conn = await connect(server);
    await exec(conn, 'create schema if not exists analytics.dbt_test');
    await exec(conn, 'use schema analytics.dbt_test');
    await exec(
      conn,
      `create or replace transient table orders (id int not null, status varchar(20), amount number(10,2), created_at timestamp_ntz, payload variant, tags array, attrs object, paid boolean)
       comment = 'all orders'`,
    );
    await exec(conn, 'create or replace view v_orders as select id, status from orders');
  });
  afterAll(async () => {
    await destroy(conn);
    await server.close();
  });

  it('upper-cases unquoted identifiers and keeps quoted ones', async () => {
    await exec(conn, 'create table foo (bar int, "MixedCase" int)');
    await exec(conn, 'create table "quoted_lower" ("bar" int)');
    const { rows } = await exec(conn, "select table_name from information_schema.tables where table_schema = 'DBT_TEST' and lower(table_name) in ('foo', 'quoted_lower') order by 1");
    expect(rows).toEqual([{ TABLE_NAME: 'FOO' }, { TABLE_NAME: 'quoted_lower' }]);
    const q2 = await exec(conn, 'describe table "quoted_lower"');
    expect(q2.rows.map((r) => r.name)).toEqual(['bar']);
    // DuckDB's catalog is case-insensitive: "foo" and FOO cannot coexist (Snowflake would allow it)
    expect((await execError(conn, 'create table "foo" (a int)')).code).toBe('002002');
    const cols = await exec(conn, "select column_name from analytics.information_schema.columns where table_name = 'FOO' order by ordinal_position");
    expect(cols.rows).toEqual([{ COLUMN_NAME: 'BAR' }, { COLUMN_NAME: 'MixedCase' }]);
    const q = await exec(conn, 'select bar, "MixedCase" as m, 1 as lower_alias, 2 as "quoted_alias" from Foo');
    expect(q.stmt.getColumns()!.map((c) => c.getName())).toEqual(['BAR', 'M', 'LOWER_ALIAS', 'quoted_alias']);
    // strings, comments and $$ bodies are not touched
    const s = await exec(conn, "select 'keep me' as s /* comment with select x */, $$ Dollar 'body' $$ as d -- trailing\n");
    expect(s.rows).toEqual([{ S: 'keep me', D: " Dollar 'body' " }]);
    // unaliased expressions are named by their text, as Snowflake does
    const e = await exec(conn, 'select count(*), sum(bar) from foo');
    expect(e.stmt.getColumns()!.map((c) => c.getName())).toEqual(['COUNT(*)', 'SUM(BAR)']);
  });

  it('creates, uses and drops databases and schemas', async () => {
    const c = await connect(server, { database: 'RAW', schema: undefined });
    expect((await exec(c, 'select current_database() as d, current_schema() as s')).rows).toEqual([{ D: 'RAW', S: 'PUBLIC' }]);
    await exec(c, 'create database scratch_db');
    expect((await exec(c, 'select current_database() as d')).rows).toEqual([{ D: 'SCRATCH_DB' }]);
    await exec(c, 'create schema s1');
    await exec(c, 'create table s1.t (a int)');
    await exec(c, 'use database raw');
    expect((await exec(c, 'select count(*) as n from scratch_db.s1.t')).rows).toEqual([{ N: 0 }]);
    const dbs = await exec(c, 'show databases');
    expect(dbs.rows.map((r) => r.name)).toEqual(['ANALYTICS', 'RAW', 'SCRATCH_DB']);
    await exec(c, 'drop schema scratch_db.s1');
    expect((await execError(c, 'select * from scratch_db.s1.t')).code).toBe('002003');
    await exec(c, 'drop database scratch_db');
    expect((await execError(c, 'use database scratch_db')).code).toBe('002043');
    expect((await exec(c, 'drop database if exists scratch_db')).rows).toEqual([{ status: 'Drop statement executed successfully (SCRATCH_DB already dropped).' }]);
    await destroy(c);
  });

  it('answers information_schema.tables with Snowflake columns', async () => {
    const { rows } = await exec(
      conn,
      "select table_catalog, table_schema, table_name, table_type, is_transient, comment from analytics.information_schema.tables where table_schema = 'DBT_TEST' and table_name in ('ORDERS', 'V_ORDERS') order by table_name",
    );
    expect(rows).toEqual([
      { TABLE_CATALOG: 'ANALYTICS', TABLE_SCHEMA: 'DBT_TEST', TABLE_NAME: 'ORDERS', TABLE_TYPE: 'BASE TABLE', IS_TRANSIENT: 'YES', COMMENT: 'all orders' },
      { TABLE_CATALOG: 'ANALYTICS', TABLE_SCHEMA: 'DBT_TEST', TABLE_NAME: 'V_ORDERS', TABLE_TYPE: 'VIEW', IS_TRANSIENT: 'NO', COMMENT: null },
    ]);
  });

  it('answers information_schema.columns with Snowflake data_type spellings', async () => {
    const { rows } = await exec(
      conn,
      `select column_name, data_type, is_nullable, character_maximum_length as len, numeric_precision as p, numeric_scale as s, datetime_precision as dp
       from analytics.information_schema.columns c where c.table_schema = 'DBT_TEST' and c.table_name = 'ORDERS' order by ordinal_position`,
    );
    expect(rows).toEqual([
      { COLUMN_NAME: 'ID', DATA_TYPE: 'NUMBER', IS_NULLABLE: 'NO', LEN: null, P: 38, S: 0, DP: null },
      { COLUMN_NAME: 'STATUS', DATA_TYPE: 'TEXT', IS_NULLABLE: 'YES', LEN: 20, P: null, S: null, DP: null },
      { COLUMN_NAME: 'AMOUNT', DATA_TYPE: 'NUMBER', IS_NULLABLE: 'YES', LEN: null, P: 10, S: 2, DP: null },
      { COLUMN_NAME: 'CREATED_AT', DATA_TYPE: 'TIMESTAMP_NTZ', IS_NULLABLE: 'YES', LEN: null, P: null, S: null, DP: 9 },
      { COLUMN_NAME: 'PAYLOAD', DATA_TYPE: 'VARIANT', IS_NULLABLE: 'YES', LEN: null, P: null, S: null, DP: null },
      { COLUMN_NAME: 'TAGS', DATA_TYPE: 'ARRAY', IS_NULLABLE: 'YES', LEN: null, P: null, S: null, DP: null },
      { COLUMN_NAME: 'ATTRS', DATA_TYPE: 'OBJECT', IS_NULLABLE: 'YES', LEN: null, P: null, S: null, DP: null },
      { COLUMN_NAME: 'PAID', DATA_TYPE: 'BOOLEAN', IS_NULLABLE: 'YES', LEN: null, P: null, S: null, DP: null },
    ]);
  });

  it('answers information_schema.schemata, views and unqualified information_schema (current database)', async () => {
    const s = await exec(conn, 'select schema_name from information_schema.schemata order by schema_name');
    expect(s.rows.map((r) => r.SCHEMA_NAME)).toEqual(['DBT_TEST', 'INFORMATION_SCHEMA', 'PUBLIC']);
    const v = await exec(conn, "select table_name, is_secure, view_definition from analytics.information_schema.views where table_schema = 'DBT_TEST'");
    expect(v.rows).toEqual([{ TABLE_NAME: 'V_ORDERS', IS_SECURE: 'NO', VIEW_DEFINITION: 'create or replace view v_orders as select id, status from orders' }]);
    const other = await exec(conn, "select count(*) as n from raw.information_schema.tables where table_schema = 'DBT_TEST'");
    expect(other.rows).toEqual([{ N: 0 }]);
    expect((await execError(conn, 'select * from nope_db.information_schema.tables')).code).toBe('002003');
  });

  it('shows objects, schemas and columns with Snowflake shapes', async () => {
    const terse = await exec(conn, 'show terse objects in schema analytics.dbt_test');
    expect(terse.stmt.getColumns()!.map((c) => c.getName())).toEqual(['created_on', 'name', 'kind', 'database_name', 'schema_name']);
    const byName = Object.fromEntries(terse.rows.map((r) => [r.name, r.kind]));
    expect(byName).toMatchObject({ ORDERS: 'TABLE', V_ORDERS: 'VIEW' });
    expect(terse.rows[0]!.created_on).toBeInstanceOf(Date);
    const objects = await exec(conn, "show objects like 'orders' in analytics.dbt_test");
    expect(objects.rows).toHaveLength(1);
    expect(objects.rows[0]).toMatchObject({ name: 'ORDERS', database_name: 'ANALYTICS', schema_name: 'DBT_TEST', kind: 'TABLE', comment: 'all orders', is_dynamic: 'N' });
    const tables = await exec(conn, "show tables like 'ORDERS' in schema analytics.dbt_test");
    expect(tables.rows.map((r) => [r.name, r.kind, r.cluster_by])).toEqual([['ORDERS', 'TRANSIENT', '']]);
    const views = await exec(conn, 'show views in schema analytics.dbt_test');
    expect(views.rows.map((r) => [r.name, r.is_secure])).toEqual([['V_ORDERS', 'false']]);
    const schemas = await exec(conn, 'show terse schemas in database analytics');
    expect(schemas.rows.map((r) => r.name)).toEqual(['DBT_TEST', 'INFORMATION_SCHEMA', 'PUBLIC']);
    const limited = await exec(conn, "show schemas like 'dbt%' in database analytics limit 1");
    expect(limited.rows.map((r) => r.name)).toEqual(['DBT_TEST']);
    const cols = await exec(conn, 'show columns in table analytics.dbt_test.orders');
    expect(cols.rows.slice(0, 2).map((r) => [r.column_name, JSON.parse(String(r.data_type))])).toEqual([
      ['ID', { type: 'FIXED', precision: 38, scale: 0, nullable: false }],
      ['STATUS', { type: 'TEXT', length: 20, byteLength: 80, nullable: true, fixed: false }],
    ]);
    expect((await execError(conn, 'show objects in schema analytics.nope')).code).toBe('002003');
  });

  it('reads SHOW output back with RESULT_SCAN(LAST_QUERY_ID())', async () => {
    await exec(conn, 'show terse objects in schema analytics.dbt_test');
    const views = await exec(conn, `select "name", "kind", "created_on" is not null as has_created from table(result_scan(last_query_id())) where "kind" = 'VIEW'`);
    expect(views.rows).toEqual([{ name: 'V_ORDERS', kind: 'VIEW', HAS_CREATED: true }]);
    const first = await exec(conn, 'select 41 + 1 as answer');
    await exec(conn, 'select 0');
    expect((await exec(conn, 'select * from table(result_scan(last_query_id(-2)))')).rows).toEqual([{ ANSWER: 42 }]);
    expect((await exec(conn, `select answer from table(result_scan('${first.queryId}'))`)).rows).toEqual([{ ANSWER: 42 }]);
  });

  it('describes tables like Snowflake', async () => {
    const { rows, stmt } = await exec(conn, 'describe table analytics.dbt_test.orders');
    expect(stmt.getColumns()!.map((c) => c.getName())).toEqual(['name', 'type', 'kind', 'null?', 'default', 'primary key', 'unique key', 'check', 'expression', 'comment', 'policy name', 'privacy domain']);
    expect(rows.map((r) => [r.name, r.type, r['null?']])).toEqual([
      ['ID', 'NUMBER(38,0)', 'N'],
      ['STATUS', 'VARCHAR(20)', 'Y'],
      ['AMOUNT', 'NUMBER(10,2)', 'Y'],
      ['CREATED_AT', 'TIMESTAMP_NTZ(9)', 'Y'],
      ['PAYLOAD', 'VARIANT', 'Y'],
      ['TAGS', 'ARRAY', 'Y'],
      ['ATTRS', 'OBJECT', 'Y'],
      ['PAID', 'BOOLEAN', 'Y'],
    ]);
    const view = await exec(conn, 'desc view v_orders');
    // declared lengths are not propagated through views (Snowflake would say VARCHAR(20))
    expect(view.rows.map((r) => r.type)).toEqual(['NUMBER(38,0)', 'VARCHAR(16777216)']);
    const ctas = await exec(conn, "create or replace table derived as select 1 as n, 'x' as s, 1.5::float as f, current_date() as d");
    expect(ctas.rows).toEqual([{ status: 'Table DERIVED successfully created.' }]);
    const d = await exec(conn, 'describe table derived');
    expect(d.rows.map((r) => r.type)).toEqual(['NUMBER(38,0)', 'VARCHAR(16777216)', 'FLOAT', 'DATE']);
    expect((await execError(conn, 'describe table nope')).code).toBe('002003');
  });

  it('requires a current database for unqualified names', async () => {
    const c = await connect(server, { database: undefined, schema: undefined });
    const err = await execError(c, 'create table t_no_db (a int)');
    expect(err.code).toBe('090105');
    expect((await exec(c, 'select current_database() as d')).rows).toEqual([{ D: null }]);
    await destroy(c);
  });
});
