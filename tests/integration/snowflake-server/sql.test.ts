/**
 * Snowflake SQL executed on DuckDB: the statement shapes dbt-snowflake (and so opp's adapter) emits, and
 * the expression rewrites, each checked by its result through the real driver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../../helpers/snowflake-server/index.js';
import { connect, destroy, exec, execError, type Connection, type Row } from './driver.js';

describe('snowflake test server: SQL', () => {
  let server: SnowflakeTestServer;
  let conn: Connection;
  const q = async (sql: string): Promise<Row[]> => (await exec(conn, sql)).rows;
  const one = async (sql: string): Promise<Row> => (await q(sql))[0]!;

  beforeAll(async () => {
    server = await startSnowflakeTestServer({ parameters: { TIMEZONE: 'UTC' } });
    conn = await connect(server);
    await exec(conn, 'create schema if not exists analytics.dbt');
    await exec(conn, 'use schema analytics.dbt');
  });
  afterAll(async () => {
    await destroy(conn);
    await server.close();
  });

  describe('materialisation statement shapes', () => {
    it('table: create or replace transient table … cluster by … copy grants as (…), then swap/rename/drop', async () => {
      const r = await exec(
        conn,
        `create or replace transient table analytics.dbt.orders cluster by (id) copy grants as (
           select 1 as id, 'open' as status, 10.5::number(10,2) as amount union all select 2, 'paid', 20)`,
      );
      expect(r.rows).toEqual([{ status: 'Table ORDERS successfully created.' }]);
      await exec(conn, 'create or replace table analytics.dbt.orders__dbt_tmp as (select 3 as id, \'new\' as status, 1::number(10,2) as amount)');
      await exec(conn, 'alter table analytics.dbt.orders swap with analytics.dbt.orders__dbt_tmp');
      expect(await q('select id from orders')).toEqual([{ ID: 3 }]);
      expect(await q('select count(*) as n from orders__dbt_tmp')).toEqual([{ N: 2 }]);
      await exec(conn, 'alter table analytics.dbt.orders__dbt_tmp rename to analytics.dbt.orders__dbt_backup');
      expect((await exec(conn, 'drop table if exists analytics.dbt.orders__dbt_backup cascade')).rows).toEqual([{ status: 'ORDERS__DBT_BACKUP successfully dropped.' }]);
      expect((await exec(conn, 'drop table if exists analytics.dbt.orders__dbt_backup cascade')).rows).toEqual([{ status: 'Drop statement executed successfully (ORDERS__DBT_BACKUP already dropped).' }]);
      await exec(conn, 'alter table analytics.dbt.orders cluster by (status, id)');
      expect(await q("select clustering_key from information_schema.tables where table_name = 'ORDERS'")).toEqual([{ CLUSTERING_KEY: 'LINEAR(STATUS, ID)' }]);
    });

    it('table with a contract: column list with constraints and comments, then AS (…)', async () => {
      await exec(
        conn,
        `create or replace transient table analytics.dbt.contracted (id integer not null primary key, name varchar(50) comment 'the name', amount number(12,2))
         as (select id, name, amount from (select 1 as id, 'a' as name, 2.5 as amount) as model_subq)`,
      );
      expect(await q('select * from contracted')).toEqual([{ ID: 1, NAME: 'a', AMOUNT: 2.5 }]);
      const d = await exec(conn, 'describe table contracted');
      expect(d.rows.map((r) => [r.name, r.type, r['null?'], r.comment])).toEqual([
        ['ID', 'NUMBER(38,0)', 'N', null],
        ['NAME', 'VARCHAR(50)', 'Y', 'the name'],
        ['AMOUNT', 'NUMBER(12,2)', 'Y', null],
      ]);
      expect((await execError(conn, 'insert into contracted (id) values (null)')).code).toBe('100072');
    });

    it('view: create or replace secure view … copy grants with column comments, comment = …', async () => {
      await exec(conn, "create or replace secure view analytics.dbt.v_orders (id comment 'pk', status) copy grants comment = 'orders view' as (select id, status from orders)");
      expect(await q('select * from v_orders')).toEqual([{ ID: 3, STATUS: 'new' }]);
      expect(await q("select is_secure, comment from information_schema.views where table_name = 'V_ORDERS'")).toEqual([{ IS_SECURE: 'YES', COMMENT: 'orders view' }]);
      expect(await q("select column_name, comment from information_schema.columns where table_name = 'V_ORDERS' order by 1")).toEqual([
        { COLUMN_NAME: 'ID', COMMENT: 'pk' },
        { COLUMN_NAME: 'STATUS', COMMENT: null },
      ]);
      expect((await exec(conn, 'alter view analytics.dbt.v_orders rename to analytics.dbt.v_orders2')).rows).toEqual([{ status: 'Statement executed successfully.' }]);
      expect(await q('select count(*) as n from v_orders2')).toEqual([{ N: 1 }]);
    });

    it('incremental merge: temporary view staging, describe, merge with qualified SET, drop', async () => {
      await exec(conn, 'create or replace table analytics.dbt.inc (id int, status varchar, updated_at timestamp_ntz)');
      await exec(conn, "insert into analytics.dbt.inc values (1, 'a', '2024-01-01'), (2, 'b', '2024-01-01')");
      await exec(conn, "create or replace temporary view analytics.dbt.inc__dbt_tmp as (select 2 as id, 'B' as status, '2024-02-01'::timestamp_ntz as updated_at union all select 3, 'c', '2024-02-01')");
      const cols = await exec(conn, 'describe table analytics.dbt.inc__dbt_tmp');
      expect(cols.rows.map((r) => r.name)).toEqual(['ID', 'STATUS', 'UPDATED_AT']);
      const m = await exec(
        conn,
        `merge into analytics.dbt.inc as DBT_INTERNAL_DEST
         using analytics.dbt.inc__dbt_tmp as DBT_INTERNAL_SOURCE
         on (DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id)
         when matched then update set
           DBT_INTERNAL_DEST."ID" = DBT_INTERNAL_SOURCE."ID", DBT_INTERNAL_DEST."STATUS" = DBT_INTERNAL_SOURCE."STATUS", "UPDATED_AT" = DBT_INTERNAL_SOURCE."UPDATED_AT"
         when not matched then insert ("ID", "STATUS", "UPDATED_AT") values ("ID", "STATUS", "UPDATED_AT")`,
      );
      expect(m.rows).toEqual([{ 'number of rows inserted': 1, 'number of rows updated': 1 }]);
      expect(m.updated).toBe(2);
      expect(await q('select id, status from inc order by id')).toEqual([
        { ID: 1, STATUS: 'a' },
        { ID: 2, STATUS: 'B' },
        { ID: 3, STATUS: 'c' },
      ]);
      await exec(conn, 'drop view if exists analytics.dbt.inc__dbt_tmp cascade');
    });

    it('incremental delete+insert and append inside a transaction', async () => {
      await exec(conn, 'create or replace temporary table analytics.dbt.inc__dbt_tmp as (select 3 as id, \'C\' as status, current_timestamp()::timestamp_ntz as updated_at)');
      await exec(conn, 'begin');
      const del = await exec(conn, 'delete from analytics.dbt.inc using analytics.dbt.inc__dbt_tmp where (analytics.dbt.inc__dbt_tmp.id = analytics.dbt.inc.id)');
      expect(del.rows).toEqual([{ 'number of rows deleted': 1 }]);
      const ins = await exec(conn, 'insert into analytics.dbt.inc ("ID", "STATUS", "UPDATED_AT") ( select "ID", "STATUS", "UPDATED_AT" from analytics.dbt.inc__dbt_tmp )');
      expect(ins.rows).toEqual([{ 'number of rows inserted': 1 }]);
      expect(ins.updated).toBe(1);
      await exec(conn, 'commit');
      expect(await q("select status from inc where id = 3")).toEqual([{ STATUS: 'C' }]);
      await exec(conn, 'begin');
      await exec(conn, "insert into inc (id, status) values (9, 'z')");
      await exec(conn, 'rollback');
      expect(await q('select count(*) as n from inc where id = 9')).toEqual([{ N: 0 }]);
      const upd = await exec(conn, "update analytics.dbt.inc as t set t.status = 'U' where t.id = 1");
      expect(upd.rows).toEqual([{ 'number of rows updated': 1, 'number of multi-joined rows updated': 0 }]);
      expect(upd.updated).toBe(1);
    });

    it('snapshot merge: conditional WHEN MATCHED AND … / WHEN NOT MATCHED AND …, md5 scd ids', async () => {
      await exec(
        conn,
        `create or replace transient table analytics.dbt.snap as (
           select id, status, md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(updated_at as varchar), '')) as dbt_scd_id,
                  updated_at as dbt_updated_at, updated_at as dbt_valid_from, nullif(updated_at, updated_at) as dbt_valid_to
           from (select 1 as id, 'a' as status, '2024-01-01'::timestamp_ntz as updated_at))`,
      );
      await exec(
        conn,
        `create or replace temporary table analytics.dbt.snap__dbt_tmp as (
           select 'update' as dbt_change_type, 1 as id, 'a' as status, s.dbt_scd_id, '2024-02-01'::timestamp_ntz as dbt_updated_at, null::timestamp_ntz as dbt_valid_from, '2024-02-01'::timestamp_ntz as dbt_valid_to from snap s
           union all
           select 'insert', 1, 'b', md5('1|2024-02-01'), '2024-02-01'::timestamp_ntz, '2024-02-01'::timestamp_ntz, null::timestamp_ntz)`,
      );
      const m = await exec(
        conn,
        `merge into analytics.dbt.snap as DBT_INTERNAL_DEST using analytics.dbt.snap__dbt_tmp as DBT_INTERNAL_SOURCE
         on DBT_INTERNAL_SOURCE.dbt_scd_id = DBT_INTERNAL_DEST.dbt_scd_id
         when matched and DBT_INTERNAL_DEST.dbt_valid_to is null and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
           then update set dbt_valid_to = DBT_INTERNAL_SOURCE.dbt_valid_to
         when not matched and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
           then insert ("ID", "STATUS", "DBT_SCD_ID", "DBT_UPDATED_AT", "DBT_VALID_FROM", "DBT_VALID_TO")
           values ("ID", "STATUS", "DBT_SCD_ID", "DBT_UPDATED_AT", "DBT_VALID_FROM", "DBT_VALID_TO")`,
      );
      expect(m.rows).toEqual([{ 'number of rows inserted': 1, 'number of rows updated': 1 }]);
      const rows = JSON.parse(JSON.stringify(await q('select status, dbt_valid_from, dbt_valid_to from snap order by dbt_valid_from')));
      expect(rows).toEqual([
        { STATUS: 'a', DBT_VALID_FROM: '2024-01-01 00:00:00.000', DBT_VALID_TO: '2024-02-01 00:00:00.000' },
        { STATUS: 'b', DBT_VALID_FROM: '2024-02-01 00:00:00.000', DBT_VALID_TO: null },
      ]);
    });

    it('schema changes: add/drop columns, set data type, comments, truncate', async () => {
      await exec(conn, 'create or replace table analytics.dbt.sc (id int)');
      await exec(conn, 'alter table analytics.dbt.sc add column "A" varchar(10), "B" number(38,0)');
      await exec(conn, 'alter table analytics.dbt.sc add column if not exists "A" varchar(10)');
      await exec(conn, 'alter table analytics.dbt.sc alter "A" set data type varchar(200)');
      await exec(conn, 'alter table analytics.dbt.sc alter column "B" comment $$the b$$');
      await exec(conn, "alter table analytics.dbt.sc modify column id comment 'pk'");
      await exec(conn, "comment on table analytics.dbt.sc is 'schema change table'");
      await exec(conn, "comment on column analytics.dbt.sc.a is 'the a'");
      await exec(conn, 'alter table analytics.dbt.sc drop column "B"');
      const d = await exec(conn, 'describe table analytics.dbt.sc');
      expect(d.rows.map((r) => [r.name, r.type, r.comment])).toEqual([
        ['ID', 'NUMBER(38,0)', 'pk'],
        ['A', 'VARCHAR(200)', 'the a'],
      ]);
      expect(await q("select comment from information_schema.tables where table_name = 'SC'")).toEqual([{ COMMENT: 'schema change table' }]);
      await exec(conn, "insert into sc values (1, 'x')");
      await exec(conn, 'truncate table if exists analytics.dbt.sc');
      await exec(conn, 'truncate table if exists analytics.dbt.no_such_table');
      expect(await q('select count(*) as n from sc')).toEqual([{ N: 0 }]);
      await exec(conn, 'alter table sc rename column a to a2');
      expect((await exec(conn, 'describe table sc')).rows.map((r) => r.name)).toEqual(['ID', 'A2']);
    });

    it('session and account statements: query tag, warehouse, grants, create schema if not exists, drop schema cascade', async () => {
      for (const sql of [
        "alter session set query_tag = 'opp'",
        'alter session unset query_tag',
        'use warehouse compute_wh',
        "alter warehouse compute_wh set warehouse_size = 'XSMALL'",
        'grant select on analytics.dbt.inc to role sysadmin',
        'grant usage on schema analytics.dbt to role sysadmin',
        'revoke select on analytics.dbt.inc from role sysadmin',
        'create schema if not exists analytics.dbt',
      ]) {
        const r = await exec(conn, sql);
        expect(r.rows.length).toBe(1);
      }
      await exec(conn, 'create schema analytics.doomed');
      await exec(conn, 'create table analytics.doomed.t (a int)');
      await exec(conn, 'drop schema if exists analytics.doomed cascade');
      await exec(conn, 'use schema analytics.dbt');
      expect((await execError(conn, 'select * from analytics.doomed.t')).code).toBe('002003');
      expect(await q("select count(*) as n from analytics.information_schema.schemata where schema_name = 'DOOMED'")).toEqual([{ N: 0 }]);
    });

    it('insert overwrite, create table like/clone, from values, temporary qualified table', async () => {
      await exec(conn, 'create or replace table src (a int, b varchar)');
      await exec(conn, "insert into src select column1, column2 from values (1, 'x'), (2, 'y')");
      await exec(conn, 'create or replace table cl clone src');
      await exec(conn, 'create or replace table lk like src');
      expect(await q('select (select count(*) from cl) as c, (select count(*) from lk) as l')).toEqual([{ C: 2, L: 0 }]);
      await exec(conn, "insert overwrite into cl select 5, 'z'");
      expect(await q('select * from cl')).toEqual([{ A: 5, B: 'z' }]);
      expect(await q("select t.x, t.y from values (1, 'a'), (2, 'b') as t(x, y) order by x")).toEqual([{ X: 1, Y: 'a' }, { X: 2, Y: 'b' }]);
      await exec(conn, 'create temporary table analytics.dbt.tmp_q as select 1 as a');
      expect(await q("select table_type from information_schema.tables where table_name = 'TMP_Q'")).toEqual([{ TABLE_TYPE: 'TEMPORARY TABLE' }]);
    });
  });

  describe('expression rewrites', () => {
    it('conditional and null functions', async () => {
      expect(await one("select iff(1 < 2, 'y', 'n') as a, nvl(null, 3) as b, nvl2(null, 1, 2) as c, zeroifnull(null) as d, nullifzero(0) as e, div0(5, 0) as f, div0(6, 3) as g, decode(2, 1, 'one', 2, 'two', 'many') as h, equal_null(null, null) as i, coalesce(null, 'x') as j")).toEqual({
        A: 'y', B: 3, C: 2, D: 0, E: null, F: 0, G: 2, H: 'two', I: true, J: 'x',
      });
    });

    it('hashes', async () => {
      expect(await one("select sha2('abc', 256) as s, sha2('abc') as s2, md5('abc') as m")).toEqual({
        S: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        S2: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        M: '900150983cd24fb0d6963f7d28e17f72',
      });
    });

    it('date arithmetic with unquoted parts', async () => {
      const r = await one(
        `select dateadd(day, 3, '2024-01-30'::date)::date as a, dateadd('month', 1, '2024-01-31'::date)::date as b, dateadd(hour, -2, '2024-01-01 01:00:00'::timestamp_ntz) as c,
                datediff(day, '2024-01-01'::date, '2024-03-01'::date) as d, datediff(month, '2024-01-31'::date, '2024-02-01'::date) as e,
                date_trunc(month, '2024-05-17 10:00:00'::timestamp_ntz) as f, date_trunc('week', '2024-05-17'::date)::date as g, timestampadd(minute, 90, '2024-01-01 00:00:00'::timestamp_ntz) as h,
                date_part(year, '2024-05-17'::date) as i, extract(month from '2024-05-17'::date) as j, add_months('2024-01-31'::date, 1)::date as k, last_day('2024-02-10'::date) as l`,
      );
      const iso = (v: unknown) => (v as Date).toISOString();
      expect(iso(r.A)).toBe('2024-02-02T00:00:00.000Z');
      expect(iso(r.B)).toBe('2024-02-29T00:00:00.000Z');
      expect(iso(r.C)).toBe('2023-12-31T23:00:00.000Z');
      expect([r.D, r.E]).toEqual([60, 1]);
      expect(iso(r.F)).toBe('2024-05-01T00:00:00.000Z');
      expect(iso(r.G)).toBe('2024-05-13T00:00:00.000Z');
      expect(iso(r.H)).toBe('2024-01-01T01:30:00.000Z');
      expect([r.I, r.J]).toEqual([2024, 5]);
      expect(iso(r.K)).toBe('2024-02-29T00:00:00.000Z');
      expect(iso(r.L)).toBe('2024-02-29T00:00:00.000Z');
      // DATE stays DATE, timestamps stay timestamps, strings are read as TIMESTAMP_NTZ
      const typed = await exec(
        conn,
        `select dateadd(day, 1, '2024-01-01'::date) as a, dateadd(hour, 1, '2024-01-01'::date) as b, dateadd(month, 1, '2024-01-01 10:00'::timestamp_ntz) as c,
                date_trunc(month, '2024-05-17'::date) as d, date_trunc(day, '2024-05-17 10:00'::timestamp_ntz) as e, dateadd(day, 1, '2024-01-01') as f, add_months('2024-01-31'::date, 1) as g`,
      );
      expect(typed.stmt.getColumns()!.map((c) => c.getType())).toEqual(['date', 'timestamp_ntz', 'timestamp_ntz', 'date', 'timestamp_ntz', 'timestamp_ntz', 'date']);
      expect(JSON.parse(JSON.stringify(typed.rows[0]))).toEqual({
        A: '2024-01-02', B: '2024-01-01 01:00:00.000', C: '2024-02-01 10:00:00.000', D: '2024-05-01', E: '2024-05-17 00:00:00.000', F: '2024-01-02 00:00:00.000', G: '2024-02-29',
      });
    });

    it('conversions and casts to Snowflake types', async () => {
      const r = await one(
        `select to_timestamp_ntz('2024-01-02 03:04:05') as a, to_timestamp('2024-01-02T03:04:05Z') as b, to_date('2024-01-02') as c, to_date('02/01/2024', 'DD/MM/YYYY') as d,
                try_to_date('nope') as e, try_to_number('12.5') as f, try_to_number('x') as g, to_number('12.345', 10, 2) as h, '42'::number(38,0) as i, 3.7::int as j,
                '7'::string as k, 12::varchar(10) as l, to_varchar(5) as m, try_to_timestamp('bad') as n, to_timestamp(1704164645) as o, to_timestamp_ntz('2024-01-02 03:04:05.123')::date as p,
                cast('1.5' as number(10,1)) as q, try_cast('x' as integer) as r, to_boolean('true') as s, to_double('1e3') as t`,
      );
      const iso = (v: unknown) => (v as Date).toISOString();
      expect(iso(r.A)).toBe('2024-01-02T03:04:05.000Z');
      expect(iso(r.B)).toBe('2024-01-02T03:04:05.000Z');
      expect(iso(r.C)).toBe('2024-01-02T00:00:00.000Z');
      expect(iso(r.D)).toBe('2024-01-02T00:00:00.000Z');
      expect([r.E, r.F, r.G, r.H, r.I, r.J, r.K, r.L, r.M, r.N]).toEqual([null, 13, null, 12.35, 42, 4, '7', '12', '5', null]);
      expect(iso(r.O)).toBe('2024-01-02T03:04:05.000Z');
      expect(iso(r.P)).toBe('2024-01-02T00:00:00.000Z');
      expect([r.Q, r.R, r.S, r.T]).toEqual([1.5, null, true, 1000]);
    });

    it('TO_CHAR with Snowflake format elements', async () => {
      expect(
        await one(
          `select to_char('2024-03-05 14:07:09.123'::timestamp_ntz, 'YYYY-MM-DD HH24:MI:SS.FF3') as a, to_char('2024-03-05'::date, 'YYYY-MM') as b,
                  to_char('2024-03-05'::date, 'DD/MM/YY') as c, to_char('2024-03-05 14:07:09'::timestamp_ntz, 'MON DD, YYYY HH12:MI AM') as d,
                  to_char('2024-03-05'::date, 'YYYY"w"MM') as e, to_char(42) as f`,
        ),
      ).toEqual({ A: '2024-03-05 14:07:09.123', B: '2024-03', C: '05/03/24', D: 'Mar 05, 2024 02:07 PM', E: '2024w03', F: '42' });
    });

    it('semi-structured: parse_json, paths, casts to variant, flatten', async () => {
      await exec(conn, `create or replace table events (id int, payload variant)`);
      await exec(conn, `insert into events select 1, parse_json('{"user":{"Name":"Ann","age":31},"items":[{"sku":"a","qty":2},{"sku":"b","qty":1}],"ok":true}')`);
      expect(
        await one(
          `select payload:user.Name::string as name, payload:user.age::int as age, payload:user.Name as raw_name, payload['ok']::boolean as ok,
                  payload:items[1].sku::varchar as second_sku, get(payload:items, 0):qty::number as q0, get_path(payload, 'user.age') as gp,
                  array_size(payload:items) as n, 'x'::variant as v, object_construct('k', 1) as o, array_construct(1, 2) as a
           from events`,
        ),
      ).toEqual({ NAME: 'Ann', AGE: 31, RAW_NAME: 'Ann', OK: true, SECOND_SKU: 'b', Q0: 2, GP: 31, N: 2, V: 'x', O: { k: 1 }, A: [1, 2] });
      expect(
        await q(`select e.id, f.index, f.value:sku::string as sku, f.value:qty::int as qty from events e, lateral flatten(input => e.payload:items) f order by f.index`),
      ).toEqual([
        { ID: 1, INDEX: 0, SKU: 'a', QTY: 2 },
        { ID: 1, INDEX: 1, SKU: 'b', QTY: 1 },
      ]);
      expect(await q(`select f.key, f.value::int as v from table(flatten(input => parse_json('{"a":1,"b":2}'))) f order by 1`)).toEqual([
        { KEY: 'a', V: 1 },
        { KEY: 'b', V: 2 },
      ]);
      // a VARIANT string cast to text is its characters, not its JSON text (tags like 'service:x')
      expect(
        await q(`select f.value::string as v, to_varchar(f.value) as t, f.value as j from table(flatten(input => parse_json('["service:x", 3]'))) f order by f.index`),
      ).toEqual([
        { V: 'service:x', T: 'service:x', J: 'service:x' },
        { V: '3', T: '3', J: 3 },
      ]);
      expect(await q(`select 'plain'::string as p, 12::varchar as n`)).toEqual([{ P: 'plain', N: '12' }]);
    });

    it('aggregates: within group, listagg, percentile_cont, median, count_if, qualify', async () => {
      await exec(conn, 'create or replace table nums as select column1 as g, column2 as x from values (1, 3), (1, 1), (2, 5), (1, 2), (2, null)');
      expect(
        await q(
          `select g, array_agg(x) within group (order by x desc) as arr, listagg(x, '|') within group (order by x) as l, percentile_cont(0.5) within group (order by x) as p,
                  median(x) as m, count_if(x > 1) as c, any_value(g) as av from nums group by g order by g`,
        ),
      ).toEqual([
        { G: 1, ARR: [3, 2, 1], L: '1|2|3', P: 2, M: 2, C: 2, AV: 1 },
        { G: 2, ARR: [5], L: '5', P: 5, M: 5, C: 1, AV: 2 },
      ]);
      expect(await q('select g, x from nums where x is not null qualify row_number() over (partition by g order by x desc) = 1 order by g')).toEqual([
        { G: 1, X: 3 },
        { G: 2, X: 5 },
      ]);
    });

    it('higher-order FILTER and TRANSFORM with lambdas (the platform\'s json_array_find shape)', async () => {
      await exec(conn, 'create or replace table inc (id int, _raw variant)');
      await exec(
        conn,
        `insert into inc select 1, parse_json('{"fields":[{"f":{"name":"Team"},"v":"core"},{"f":{"name":"Affected services"},"v":"api"}]}')
         union all select 2, parse_json('{"fields":[]}') union all select 3, parse_json('{}')`,
      );
      expect(
        await q(
          `select id, filter(_raw:fields, x -> x:f.name::string in ('Affected services', 'Services'))[0]:v::string as svc,
                  array_size(filter(_raw:fields, x -> x:v::string is not null)) as n_set, transform(_raw:fields, x -> x:v::string) as vals
           from inc order by id`,
        ),
      ).toEqual([
        { ID: 1, SVC: 'api', N_SET: 2, VALS: ['core', 'api'] },
        { ID: 2, SVC: null, N_SET: 0, VALS: [] },
        { ID: 3, SVC: null, N_SET: null, VALS: null },
      ]);
      // a column with the lambda parameter's name does not leak into the lambda; typed parameters cast
      expect(await one(`select filter(array_construct(1, 5, 9), x int -> x > 4) as f, x from (select 100 as x)`)).toEqual({ F: [5, 9], X: 100 });
      expect(await one(`select filter(parse_json('[1,2,3]'), x -> x::number > 1) as f, array_size(filter(parse_json('[1,2,3]'), x -> x::number > 1)) as n`)).toEqual({ F: [2, 3], N: 2 });
    });

    it('TABLE(GENERATOR(ROWCOUNT => n)) with SEQ4() and ROW_NUMBER(): the platform\'s date spine', async () => {
      expect(await q('select seq4() as s, seq8() as t from table(generator(rowcount => 3)) order by s')).toEqual([
        { S: 0, T: 0 },
        { S: 1, T: 1 },
        { S: 2, T: 2 },
      ]);
      const spine = await q(
        `select date_day from (
           select dateadd(day, row_number() over (order by seq4()) - 1, cast((select min(d) from (select '2024-02-27'::date as d)) as date)) as date_day
           from table(generator(rowcount => 20000))
         ) where date_day <= cast('2024-03-02' as date) order by date_day`,
      );
      expect(spine.map((r) => (r.DATE_DAY as Date).toISOString().slice(0, 10))).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
      expect(await one('select count(*) as n, count(distinct seq4()) as d from table(generator(rowcount => 1000)) g')).toEqual({ N: 1000, D: 1000 });
      expect((await execError(conn, 'select 1 from table(generator(timelimit => 1))')).code).toBe('001003');
    });

    it('PERCENTILE_CONT and MEDIAN over NUMBER(38,0) return fractional values with scale 3 (as Snowflake)', async () => {
      await exec(conn, 'create or replace table pc (g int, x number(38,0), f float, d number(10,2))');
      await exec(conn, 'insert into pc values (1, 1, 1.5, 1.25), (1, 2, 2.25, 2.5), (2, 10, 0.1, 3), (2, 17, 0.2, 4), (2, 31, 0.4, 5), (2, null, null, null)');
      expect(
        await q(
          `select g, percentile_cont(0.5) within group (order by x) as p50, percentile_cont(0.9) within group (order by x) as p90,
                  percentile_cont(0.9) within group (order by x desc) as p90d, median(x) as m, percentile_cont(0.5) within group (order by f) as pf,
                  percentile_cont(0.75) within group (order by d) as pd
           from pc group by g order by g`,
        ),
      ).toEqual([
        { G: 1, P50: 1.5, P90: 1.9, P90D: 1.1, M: 1.5, PF: 1.875, PD: 2.1875 },
        { G: 2, P50: 17, P90: 28.2, P90D: 11.4, M: 17, PF: 0.2, PD: 4.5 },
      ]);
      const d = await exec(conn, 'select percentile_cont(0.5) within group (order by x) as p, median(x) as m from pc');
      expect(d.stmt.getColumns()!.map((c) => [c.getName(), c.getType(), c.getScale()])).toEqual([
        ['P', 'fixed', 3],
        ['M', 'fixed', 3],
      ]);
      expect(await q('select g, percentile_cont(0.5) within group (order by x) over (partition by g) as p from pc where x is not null order by g, x')).toEqual([
        { G: 1, P: 1.5 },
        { G: 1, P: 1.5 },
        { G: 2, P: 17 },
        { G: 2, P: 17 },
        { G: 2, P: 17 },
      ]);
      // DuckDB alone truncates the interpolation of NUMBER(38,0) values at scale 3: 748.099 for these
      // ten values' p90 (Snowflake: 748.100), in the aggregate and the window form alike.
      await exec(conn, 'create table p90 (x number(38,0))');
      await exec(conn, 'insert into p90 select case when seq4() < 9 then 700 else 1181 end from table(generator(rowcount => 10))');
      expect(await q('select percentile_cont(0.9) within group (order by x) as p, median(x) as m from p90')).toEqual([{ P: 748.1, M: 700 }]);
      expect(await q('select percentile_cont(0.9) within group (order by x) over () as w from p90 limit 1')).toEqual([{ W: 748.1 }]);
    });

    it('time zones and current functions', async () => {
      const r = await one(
        `select convert_timezone('UTC', 'America/New_York', '2024-07-01 12:00:00'::timestamp_ntz) as ny, sysdate() <= current_timestamp() as s,
                current_date() = current_date as d, current_timestamp() is not null as t, current_version() as v, current_account() as acc`,
      );
      expect((r.NY as Date).toISOString()).toBe('2024-07-01T08:00:00.000Z');
      expect([r.S, r.D, r.T, r.V, r.ACC]).toEqual([true, true, true, '9.0.0', 'FAKE']);
    });

    it('strings and regular expressions', async () => {
      expect(
        await one(
          `select regexp_like('abc', 'a.c') as a, 'abc' rlike 'b' as b, regexp_replace('a1b22', '[0-9]+', '#') as c, regexp_substr('ab12cd', '[0-9]+') as d,
                  charindex('c', 'abcabc') as e, position('c', 'abcabc') as f, split_part('a,b,c', ',', 2) as g, startswith('abc', 'ab') as h, len('héllo') as i,
                  'it''s' as j, 'tab\\there' as k, contains('abc', 'b') as l, split('a,b', ',') as m, initcap_test as n
           from (select 'x' as initcap_test)`,
        ),
      ).toEqual({ A: true, B: false, C: 'a#b#', D: '12', E: 3, F: 3, G: 'b', H: true, I: 5, J: "it's", K: 'tab\there', L: true, M: ['a', 'b'], N: 'x' });
    });

    it('NULL semantics: ordering, CONCAT, GREATEST/LEAST, LIKE ANY, TOP', async () => {
      await exec(conn, 'create or replace table nn as select column1 as x from values (2), (null), (1)');
      expect((await q('select x from nn order by x')).map((r) => r.X)).toEqual([1, 2, null]);
      expect((await q('select x from nn order by x desc')).map((r) => r.X)).toEqual([null, 2, 1]);
      expect(await one("select concat('a', null) as c, concat('a', 1) as d, greatest(1, null) as g, least(3, 2) as l, 'a' || null as p")).toEqual({ C: null, D: 'a1', G: null, L: 2, P: null });
      expect(await one("select 'abc' like any ('x%', 'a%') as a, 'abc' ilike all ('A%', '%C') as b, 'abc' like any ('x%') as c")).toEqual({ A: true, B: true, C: false });
      expect(await q('select top 2 x from nn order by x')).toEqual([{ X: 1 }, { X: 2 }]);
    });

    it('bind placeholders ? and :N, session variables, IDENTIFIER()', async () => {
      expect((await exec(conn, 'select :2 as b, :1 as a, :1 + :2 as s', [1, 2])).rows).toEqual([{ B: 2, A: 1, S: 3 }]);
      await exec(conn, "set tbl = 'analytics.dbt.nums'");
      expect(await q('select count(*) as n from identifier($tbl)')).toEqual([{ N: 5 }]);
      expect(await one("select $tbl as t")).toEqual({ T: 'analytics.dbt.nums' });
      expect((await execError(conn, 'select $nope')).code).toBe('001003');
    });
  });

  it('rejects what it does not support with a Snowflake error', async () => {
    expect((await execError(conn, "put file:///tmp/x.csv @~")).code).toBe('002040');
    expect((await execError(conn, 'create stage s1')).code).toBe('002040');
    expect((await execError(conn, "select sha2('a', 512)")).code).toBe('001003');
  });
});
