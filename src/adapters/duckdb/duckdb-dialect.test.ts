import { describe, expect, it } from 'vitest';
import { DuckDBDialect } from './duckdb-dialect.js';

const d = new DuckDBDialect('dev');

describe('DuckDBDialect', () => {
  describe('quoteIdentifier', () => {
    it('double-quotes and doubles embedded quotes', () => {
      expect(d.quoteIdentifier('orders')).toBe('"orders"');
      expect(d.quoteIdentifier('Mixed Case')).toBe('"Mixed Case"');
      expect(d.quoteIdentifier('we"ird')).toBe('"we""ird"');
      expect(d.quoteIdentifier('')).toBe('""');
    });
  });

  describe('relationName', () => {
    it('renders "db"."schema"."name", using the default database when the ref has none', () => {
      expect(d.relationName({ database: 'other', schema: 's', identifier: 't' })).toBe('"other"."s"."t"');
      expect(d.relationName({ schema: 's', identifier: 't' })).toBe('"dev"."s"."t"');
      expect(new DuckDBDialect().relationName({ schema: 's', identifier: 'x"y' })).toBe('"s"."x""y"');
    });
  });

  describe('quoteLiteral', () => {
    it('quotes strings, doubling single quotes and keeping backslashes', () => {
      expect(d.quoteLiteral('abc')).toBe("'abc'");
      expect(d.quoteLiteral("it's")).toBe("'it''s'");
      expect(d.quoteLiteral("''")).toBe("''''''");
      expect(d.quoteLiteral('a\\b')).toBe("'a\\b'");
      expect(d.quoteLiteral('')).toBe("''");
    });

    it('renders NULL, booleans and numbers', () => {
      expect(d.quoteLiteral(null)).toBe('NULL');
      expect(d.quoteLiteral(undefined)).toBe('NULL');
      expect(d.quoteLiteral(true)).toBe('TRUE');
      expect(d.quoteLiteral(false)).toBe('FALSE');
      expect(d.quoteLiteral(42)).toBe('42');
      expect(d.quoteLiteral(-1.5)).toBe('-1.5');
      expect(d.quoteLiteral(-0)).toBe('0');
      expect(d.quoteLiteral(1e21)).toBe('1e+21');
      expect(d.quoteLiteral(12345678901234567890n)).toBe('12345678901234567890');
      expect(d.quoteLiteral(Number.NaN)).toBe("'NaN'::DOUBLE");
      expect(d.quoteLiteral(Number.POSITIVE_INFINITY)).toBe("'Infinity'::DOUBLE");
      expect(d.quoteLiteral(Number.NEGATIVE_INFINITY)).toBe("'-Infinity'::DOUBLE");
    });

    it('renders dates as UTC timestamp literals', () => {
      expect(d.quoteLiteral(new Date(Date.UTC(2024, 1, 29, 13, 5, 9, 7)))).toBe("TIMESTAMP '2024-02-29 13:05:09.007'");
      expect(d.quoteLiteral(new Date(Date.UTC(2024, 0, 2)))).toBe("TIMESTAMP '2024-01-02 00:00:00'");
      expect(() => d.quoteLiteral(new Date(Number.NaN))).toThrow(/invalid Date/);
    });

    it('renders lists, structs and blobs', () => {
      expect(d.quoteLiteral([1, 'a', null])).toBe("[1, 'a', NULL]");
      expect(d.quoteLiteral({ k: "v'", n: [true] })).toBe("{'k': 'v''', 'n': [TRUE]}");
      expect(d.quoteLiteral(new Uint8Array([0, 255, 16]))).toBe("'\\x00\\xFF\\x10'::BLOB");
    });

    it('refuses values it cannot render', () => {
      expect(() => d.quoteLiteral(() => 1)).toThrow(TypeError);
      expect(() => d.quoteLiteral(new Map())).toThrow(TypeError);
    });
  });

  it('keeps names as written (DuckDB is case-insensitive and case-preserving)', () => {
    expect(d.normalizeName('MyTable')).toBe('MyTable');
  });

  it('wraps SELECTs in parentheses on their own lines, without a trailing semicolon', () => {
    const ref = { schema: 's', identifier: 't' };
    expect(d.createView(ref, 'select 1 -- note\n;  \n')).toBe('create or replace view "dev"."s"."t" as (\nselect 1 -- note\n)');
    expect(d.createView(ref, 'select 1', { replace: false })).toBe('create view "dev"."s"."t" as (\nselect 1\n)');
    expect(d.createTableAs(ref, 'select 1;')).toBe('create table "dev"."s"."t" as (\nselect 1\n)');
    expect(d.createTableAs(ref, 'select 1', { replace: true })).toBe('create or replace table "dev"."s"."t" as (\nselect 1\n)');
    expect(d.createTableAs(ref, 'select 1', { temporary: true })).toBe('create temp table "t" as (\nselect 1\n)');
    // cluster_by: loaded in key order (zone maps then skip row groups for a range filter); never for temp tables
    expect(d.createTableAs(ref, 'select 1 as a, 2 as b;', { config: { cluster_by: ['a', 'b'] } })).toBe(
      'create table "dev"."s"."t" as (\nselect * from (\nselect 1 as a, 2 as b\n) order by a, b\n)',
    );
    expect(d.createTableAs(ref, 'select 1 as a', { config: { cluster_by: 'a' }, temporary: true })).toBe('create temp table "t" as (\nselect 1 as a\n)');
  });

  it('builds DDL for renames, drops, schemas and columns', () => {
    const ref = { schema: 's', identifier: 't' };
    expect(d.rename({ schema: 's', identifier: 't__opp_tmp' }, ref)).toBe('alter table "dev"."s"."t__opp_tmp" rename to "t"');
    expect(d.drop(ref, 'view')).toBe('drop view if exists "dev"."s"."t"');
    expect(d.drop(ref, 'table')).toBe('drop table if exists "dev"."s"."t"');
    expect(d.createSchema({ schema: 'analytics' })).toBe('create schema if not exists "dev"."analytics"');
    expect(d.addColumns(ref, [{ name: 'a', dataType: 'INTEGER' }, { name: 'b', dataType: 'VARCHAR' }]).map((s) => s.sql)).toEqual([
      'alter table "dev"."s"."t" add column "a" INTEGER',
      'alter table "dev"."s"."t" add column "b" VARCHAR',
    ]);
    expect(d.dropColumns(ref, ['a']).map((s) => s.sql)).toEqual(['alter table "dev"."s"."t" drop column "a"']);
    expect(d.alterColumnType(ref, { name: 'a', dataType: 'BIGINT' }).map((s) => s.sql)).toEqual([
      'alter table "dev"."s"."t" alter column "a" set data type BIGINT',
    ]);
  });

  it('maps logical types', () => {
    expect(d.typeFor('string')).toBe('VARCHAR');
    expect(d.typeFor('bigint')).toBe('BIGINT');
    expect(d.typeFor('timestamp_tz')).toBe('TIMESTAMPTZ');
    expect(d.typeFor('json')).toBe('JSON');
    expect(d.typeFor('decimal')).toBe('DECIMAL(38,9)');
  });
});
