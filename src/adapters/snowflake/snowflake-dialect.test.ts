import { describe, expect, it } from 'vitest';
import { parseShowGrants, SnowflakeDialect, stringLength } from './snowflake-dialect.js';

const d = new SnowflakeDialect({ database: 'analytics', warehouse: 'transforming', queryTag: 'opp' });
const ref = { database: 'analytics', schema: 'marts', identifier: 'orders' };

describe('SnowflakeDialect literals', () => {
  it('escapes quotes and backslashes (Snowflake strings take backslash escapes)', () => {
    expect(d.quoteLiteral("it's")).toBe("'it''s'");
    expect(d.quoteLiteral('a\\nb')).toBe("'a\\\\nb'");
    expect(d.quoteLiteral(null)).toBe('NULL');
    expect(d.quoteLiteral(true)).toBe('TRUE');
    expect(d.quoteLiteral(12n)).toBe('12');
    expect(d.quoteLiteral(Number.NaN)).toBe("'NaN'::FLOAT");
  });

  it('writes instants as TIMESTAMP_TZ with an explicit UTC offset, JSON through PARSE_JSON, bytes as hex', () => {
    expect(d.quoteLiteral(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 123)))).toBe("'2024-01-02T03:04:05.123+00:00'::TIMESTAMP_TZ");
    expect(d.quoteLiteral({ a: [1, "x'"] })).toBe(`PARSE_JSON('{"a":[1,"x''"]}')`);
    expect(d.quoteLiteral(new Uint8Array([1, 255]))).toBe("TO_BINARY('01FF', 'HEX')");
  });
});

describe('SnowflakeDialect DDL', () => {
  it('creates transient tables unless transient: false, and temporary ones on request', () => {
    expect(d.createTableAs(ref, 'select 1 as id;', { replace: true })).toBe('create or replace transient table analytics.marts.orders as (\nselect 1 as id\n)');
    expect(d.createTableAs(ref, 'select 1', { config: { transient: false } })).toBe('create table analytics.marts.orders as (\nselect 1\n)');
    expect(d.createTableAs(ref, 'select 1', { temporary: true, replace: true, config: { cluster_by: 'id', copy_grants: true } })).toBe(
      'create or replace temporary table analytics.marts.orders as (\nselect 1\n)',
    );
  });

  it('clusters (ordering the rows by the keys), copies grants and comments in the one CREATE', () => {
    const sql = d.createTableAs(ref, 'select 1 as id', { replace: true, config: { cluster_by: ['id', 'to_date(ts)'], copy_grants: true }, comment: "the 'orders'" });
    expect(sql).toBe(
      "create or replace transient table analytics.marts.orders cluster by (id, to_date(ts)) copy grants comment = 'the ''orders''' as (\n" +
        'select * from (\nselect 1 as id\n) order by (id, to_date(ts))\n)',
    );
    expect(d.afterCreateTable(ref, { cluster_by: 'id', automatic_clustering: true })).toEqual([{ purpose: 'alter', sql: 'alter table analytics.marts.orders resume recluster' }]);
    expect(d.afterCreateTable(ref, { automatic_clustering: true })).toEqual([]);
  });

  it('creates secure and temporary views with a commented column list', () => {
    expect(d.createView(ref, 'select 1 as id', { config: { secure: true, copy_grants: true }, comment: 'c', columns: [{ name: 'ID', comment: 'key' }, { name: 'X', comment: '' }] })).toBe(
      "create or replace secure view analytics.marts.orders (ID comment 'key', X) copy grants comment = 'c' as (\nselect 1 as id\n)",
    );
    expect(d.createView(ref, 'select 1', { temporary: true, config: { copy_grants: true } })).toBe('create or replace temporary view analytics.marts.orders as (\nselect 1\n)');
  });

  it('alters columns in one statement each kind of change', () => {
    expect(d.addColumns(ref, [{ name: 'A', dataType: 'VARCHAR' }, { name: 'b', dataType: 'NUMBER(38,0)' }])).toEqual([
      { purpose: 'alter', sql: 'alter table analytics.marts.orders add column A VARCHAR, b NUMBER(38,0)' },
    ]);
    expect(d.dropColumns(ref, ['A', 'B'])[0]!.sql).toBe('alter table analytics.marts.orders drop column A, B');
    expect(d.alterColumnType(ref, { name: 'A', dataType: 'FLOAT' })[0]!.sql).toBe('alter table analytics.marts.orders alter A set data type FLOAT');
    expect(d.drop(ref, 'table')).toBe('drop table if exists analytics.marts.orders cascade');
    expect(d.drop(ref, 'view')).toBe('drop view if exists analytics.marts.orders');
    expect(d.rename({ ...ref, identifier: 'tmp' }, ref)).toBe('alter table analytics.marts.tmp rename to analytics.marts.orders');
    expect(d.swapTables(ref, { ...ref, identifier: 'tmp' })).toBe('alter table analytics.marts.orders swap with analytics.marts.tmp');
    expect(d.createSchema({ schema: 'Marts' })).toBe('create schema if not exists analytics.Marts');
  });

  it('widens string columns the staged rows overflow (expand_target_column_types), in one ALTER', () => {
    const target = [{ name: 'S', dataType: 'VARCHAR(10)' }, { name: 'T', dataType: 'VARCHAR(50)' }, { name: 'N', dataType: 'NUMBER(38,0)' }];
    const staged = [{ name: 'S', dataType: 'VARCHAR(40)' }, { name: 'T', dataType: 'VARCHAR(5)' }, { name: 'N', dataType: 'NUMBER(38,2)' }];
    expect(d.expandColumnTypes(ref, target, staged)).toEqual([{ purpose: 'alter', sql: 'alter table analytics.marts.orders alter S set data type varchar(40)' }]);
    expect(d.expandColumnTypes(ref, target, target)).toEqual([]);
    expect(stringLength('TEXT')).toBe(16_777_216);
    expect(stringLength('NUMBER(38,0)')).toBeUndefined();
  });

  it('comments on a table in one ALTER and on a view column by column', () => {
    expect(d.commentOnRelation(ref, 'view', "a 'b'")).toBe("comment on view analytics.marts.orders is 'a ''b'''");
    expect(d.commentOnColumns(ref, 'table', [{ name: 'ID', comment: 'x' }, { name: 'name', comment: 'y' }])).toEqual([
      { purpose: 'comment', sql: "alter table analytics.marts.orders alter ID comment 'x', name comment 'y'" },
    ]);
    expect(d.commentOnColumns(ref, 'view', [{ name: 'ID', comment: 'x' }]).map((s) => s.sql)).toEqual(["comment on column analytics.marts.orders.ID is 'x'"]);
  });
});

describe('SnowflakeDialect node session (snowflake_warehouse, query_tag)', () => {
  it('switches warehouse and query tag for the node and restores the target’s', () => {
    expect(d.nodeSession({ snowflake_warehouse: 'etl_xl', query_tag: 'nightly' })).toEqual({
      before: [
        { purpose: 'use', sql: 'use warehouse etl_xl' },
        { purpose: 'alter', sql: "alter session set query_tag = 'nightly'" },
      ],
      after: [
        { purpose: 'use', sql: 'use warehouse transforming' },
        { purpose: 'alter', sql: "alter session set query_tag = 'opp'" },
      ],
    });
  });

  it('does nothing when the node asks for the target’s own settings; unsets a tag the target has none of', () => {
    expect(d.nodeSession({ snowflake_warehouse: 'TRANSFORMING', query_tag: 'opp' })).toEqual({ before: [], after: [] });
    const bare = new SnowflakeDialect({ database: 'analytics' });
    expect(bare.nodeSession({ query_tag: 't', snowflake_warehouse: 'wh' }).after.map((s) => s.sql)).toEqual(['alter session unset query_tag']);
  });
});

describe('SnowflakeDialect grants', () => {
  it('grants and revokes one privilege to one role', () => {
    expect(d.grants.grant(ref, 'table', 'select', 'reporter')).toBe('grant select on table analytics.marts.orders to role reporter');
    expect(d.grants.revoke(ref, 'view', 'select', 'Old Role')).toBe('revoke select on view analytics.marts.orders from role "Old Role"');
    expect(d.grants.show(ref)).toBe('show grants on analytics.marts.orders');
  });

  it('reads SHOW GRANTS as dbt-snowflake does (no OWNERSHIP, shares or database roles)', () => {
    expect(
      parseShowGrants([
        { privilege: 'OWNERSHIP', granted_to: 'ROLE', grantee_name: 'SYSADMIN' },
        { privilege: 'SELECT', granted_to: 'ROLE', grantee_name: 'REPORTER' },
        { PRIVILEGE: 'SELECT', GRANTED_TO: 'ROLE', GRANTEE_NAME: 'ANALYST' },
        { privilege: 'SELECT', granted_to: 'SHARE', grantee_name: 'PARTNER_SHARE' },
        { privilege: 'USAGE', granted_to: 'DATABASE_ROLE', grantee_name: 'DB.R' },
      ]),
    ).toEqual({ SELECT: ['REPORTER', 'ANALYST'] });
  });
});

describe('SnowflakeDialect misc', () => {
  it('uses dbt-snowflake’s snapshot time and merge/delete statements', () => {
    expect(d.snapshotTimestamp()).toBe("to_timestamp_ntz(convert_timezone('UTC', current_timestamp()))");
    const [merge] = d.merge(ref, { ...ref, identifier: 'stage' }, { uniqueKey: ['ID'], columns: ['ID', 'NAME'] });
    expect(merge!.sql).toContain('merge into analytics.marts.orders as DBT_INTERNAL_DEST\nusing analytics.marts.stage as DBT_INTERNAL_SOURCE');
    expect(d.typeFor('timestamp_tz')).toBe('TIMESTAMP_TZ');
    expect(d.typeFor('json')).toBe('VARIANT');
  });
});

describe('SnowflakeDialect warehouse sizing for incremental models', () => {
  it('uses snowflake_initialization_warehouse when the model is built from scratch, snowflake_warehouse otherwise', () => {
    const config = { snowflake_warehouse: 'etl_small', snowflake_initialization_warehouse: 'etl_medium' };
    expect(d.nodeSession(config, { fullBuild: true }).before.map((s) => s.sql)).toEqual(['use warehouse etl_medium']);
    expect(d.nodeSession(config, { fullBuild: false }).before.map((s) => s.sql)).toEqual(['use warehouse etl_small']);
    expect(d.nodeSession({ snowflake_warehouse: 'etl_small' }, { fullBuild: true }).before.map((s) => s.sql)).toEqual(['use warehouse etl_small']);
  });
});
