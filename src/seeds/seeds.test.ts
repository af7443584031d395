import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { buildHeaderNames, countHeaderFieldsBound } from './build-header-names.js';
import { isCsvReadError, parseCsvErrorDetail, parseCsvErrorLine } from './csv-errors.js';
import { checksForSniffedType, decideColumnType, FULL_CHECKS } from './infer-column-types.js';
import { locateColumnType } from './locate-column-type.js';
import { resolveSeedOptions } from './resolve-seed-options.js';

const node = (config: Record<string, unknown>) => ({
  uniqueId: 'seed.shop.x',
  config: { enabled: true, materialized: 'seed', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...config },
});

describe('resolveSeedOptions', () => {
  it('defaults to comma, no quoting, no declared types; reads `null` as NULL', () => {
    expect(resolveSeedOptions(node({}))).toEqual({ format: { delimiter: ',', nullStrings: ['null', 'NULL', 'Null'] }, quoteColumns: false, columnTypes: {} });
  });

  it('takes delimiter (\\t written as two characters too), quote_columns and column_types', () => {
    const o = resolveSeedOptions(node({ delimiter: '\\t', quote_columns: true, column_types: { id: ' bigint ' } }));
    expect(o.format.delimiter).toBe('\t');
    expect(o.quoteColumns).toBe(true);
    expect(o.columnTypes).toEqual({ id: 'bigint' });
  });

  it('refuses a delimiter that is not one character, and a type that is not a string', () => {
    expect(() => resolveSeedOptions(node({ delimiter: ';;' }))).toThrow(ConfigError);
    expect(() => resolveSeedOptions(node({ delimiter: '"' }))).toThrow(/cannot separate fields/);
    expect(() => resolveSeedOptions(node({ column_types: { id: 5 } }))).toThrow(/column_types.id must be a SQL type name/);
    expect(() => resolveSeedOptions(node({ column_types: ['id'] }))).toThrow(/must be a mapping/);
  });
});

describe('buildHeaderNames', () => {
  it('drops padding, names empty fields column<i>, suffixes duplicates like DuckDB', () => {
    expect(buildHeaderNames(['a', '', 'c', 'A', 'a', null, null])).toEqual(['a', 'column1', 'c', 'A_1', 'a_2']);
    expect(buildHeaderNames([null, null])).toBeUndefined();
    expect(buildHeaderNames(['a', 'b', ''])).toEqual(['a', 'b', 'column2']);
  });

  it('bounds the field count by the delimiters', () => {
    expect(countHeaderFieldsBound('"a,b",c', ',')).toBe(3);
    expect(countHeaderFieldsBound('a;b', ';')).toBe(2);
    expect(countHeaderFieldsBound('abc', ',')).toBe(1);
  });
});

describe('type inference decisions', () => {
  it('maps sniffed types to the checks confirming them', () => {
    expect(checksForSniffedType('BIGINT')).toEqual(['integer']);
    expect(checksForSniffedType('DOUBLE')).toEqual(['number']);
    expect(checksForSniffedType('BOOLEAN')).toEqual(['boolean']);
    expect(checksForSniffedType('DATE')).toEqual(['date']);
    expect(checksForSniffedType('TIMESTAMP WITH TIME ZONE')).toEqual(['timestamp', 'timestamp_tz']);
    expect(checksForSniffedType('VARCHAR')).toEqual([]);
    expect(checksForSniffedType('TIME')).toEqual([]);
  });

  it('decides INTEGER or BIGINT by range, text beyond BIGINT', () => {
    expect(decideColumnType({ n_0: 3, integer_0: true, min_0: -5, max_0: 2147483647 }, 0, ['integer'])).toBe('integer');
    expect(decideColumnType({ n_0: 3, integer_0: true, min_0: 1, max_0: 3000000000 }, 0, ['integer'])).toBe('bigint');
    expect(decideColumnType({ n_0: 3, integer_0: true, min_0: 1, max_0: null }, 0, ['integer'])).toBe('string');
  });

  it("follows agate's order, asks for the full profile when a sniffed guess fails", () => {
    expect(decideColumnType({ n_0: 2, integer_0: false }, 0, ['integer'])).toBeUndefined();
    const full = { n_0: 2, integer_0: false, number_0: true, date_0: false, timestamp_0: false, timestamp_tz_0: false, boolean_0: false };
    expect(decideColumnType(full, 0, FULL_CHECKS)).toBe('double');
    expect(decideColumnType({ ...full, number_0: false, boolean_0: true }, 0, FULL_CHECKS)).toBe('boolean');
    expect(decideColumnType({ ...full, number_0: false, timestamp_0: true, timestamp_tz_0: true }, 0, FULL_CHECKS)).toBe('timestamp_tz');
    expect(decideColumnType({ ...full, number_0: false }, 0, FULL_CHECKS)).toBe('string');
  });

  it('makes a column without any value text', () => {
    expect(decideColumnType({ n_1: 0, integer_1: null }, 1, ['integer'])).toBe('string');
  });
});

describe('CSV error messages', () => {
  const duck = 'Invalid Input Error: CSV Error on Line: 4\nOriginal Line: 3,c,extra\nExpected Number of Columns: 2 Found: 3\nPossible fixes:';
  it('reads the line and the problem', () => {
    expect(parseCsvErrorLine(duck)).toBe(4);
    expect(parseCsvErrorDetail(duck)).toBe('Expected Number of Columns: 2 Found: 3');
    expect(isCsvReadError(duck)).toBe(true);
    expect(isCsvReadError('Binder Error: Referenced column "x" not found')).toBe(false);
    const latin = 'Invalid Input Error: CSV Error on Line: 2\nOriginal Line: 1,caf?\nInvalid unicode (byte sequence mismatch) detected. This file is not utf-8 encoded.\n\nPossible Solution: ...';
    expect(parseCsvErrorDetail(latin)).toBe('Invalid unicode (byte sequence mismatch) detected. This file is not utf-8 encoded.');
  });
});

describe('locateColumnType', () => {
  const props = ['version: 2', 'seeds:', '  - name: other', '    config:', '      column_types: {id: int}', '  - name: orders', '    config:', '      column_types:', '        id: intgr', ''].join('\n');
  it("finds the entry in the seed's own properties", () => {
    expect(locateColumnType(props, 'id', 'intgr', { seed: 'orders' })).toEqual({ line: 9, column: 13 });
    expect(locateColumnType(props, 'id', 'int', { seed: 'other' })).toEqual({ line: 5, column: 26 });
    expect(locateColumnType(props, 'nope', 'x', { seed: 'orders' })).toBeUndefined();
  });

  it('finds +column_types in project.yml, preferring the entry with that type', () => {
    const project = ['seeds:', '  shop:', '    +column_types: {id: bigint}', '    lookups:', '      +column_types:', '        id: numbr', ''].join('\n');
    expect(locateColumnType(project, 'id', 'numbr')).toEqual({ line: 6, column: 13 });
    expect(locateColumnType(project, 'id', 'bigint')).toEqual({ line: 3, column: 25 });
  });
});
