import { describe, expect, it } from 'vitest';
import { inferColumnType, mapDeclaredType } from './fixture-types.js';

describe('mapDeclaredType', () => {
  it('maps warehouse spellings to DuckDB and passes DuckDB types through', () => {
    expect(mapDeclaredType('number(38,0)')).toBe('DECIMAL(38,0)');
    expect(mapDeclaredType('NUMBER(10, 2)')).toBe('DECIMAL(10,2)');
    expect(mapDeclaredType('number')).toBe('DECIMAL(38,0)');
    expect(mapDeclaredType('varchar(16777216)')).toBe('VARCHAR');
    expect(mapDeclaredType('timestamp_ntz(9)')).toBe('TIMESTAMP');
    expect(mapDeclaredType('TIMESTAMP_LTZ')).toBe('TIMESTAMPTZ');
    expect(mapDeclaredType('variant')).toBe('JSON');
    expect(mapDeclaredType('float')).toBe('DOUBLE');
    expect(mapDeclaredType('double precision')).toBe('DOUBLE');
    expect(mapDeclaredType('INTEGER[]')).toBe('INTEGER[]');
    expect(mapDeclaredType('struct(a integer)')).toBe('struct(a integer)');
  });
});

describe('inferColumnType', () => {
  it('infers from YAML values: numbers, booleans, dates and timestamps written as strings, text', () => {
    expect(inferColumnType([1, 2, null], false)).toBe('INTEGER');
    expect(inferColumnType([1, 3_000_000_000], false)).toBe('BIGINT');
    expect(inferColumnType([1, 2.5], false)).toBe('DOUBLE');
    expect(inferColumnType([true, false], false)).toBe('BOOLEAN');
    expect(inferColumnType(['2024-01-01', '2024-01-02'], false)).toBe('DATE');
    expect(inferColumnType(['2024-01-01', '2024-01-02 10:00:00'], false)).toBe('TIMESTAMP');
    expect(inferColumnType(['2024-01-01T10:00:00Z'], false)).toBe('TIMESTAMPTZ');
    expect(inferColumnType(['1', 'a'], false)).toBe('VARCHAR'); // quoted numbers stay text in dict rows
    expect(inferColumnType([1, 'a'], false)).toBe('VARCHAR');
    expect(inferColumnType([null, null], false)).toBeUndefined();
    expect(inferColumnType([[1, 2]], false)).toBeUndefined();
  });

  it('infers from csv text as DuckDB sniffs it; leading zeros stay text', () => {
    expect(inferColumnType(['1', '22'], true)).toBe('INTEGER');
    expect(inferColumnType(['1', '2.5'], true)).toBe('DOUBLE');
    expect(inferColumnType(['true', 'FALSE'], true)).toBe('BOOLEAN');
    expect(inferColumnType(['2024-05-01', null], true)).toBe('DATE');
    expect(inferColumnType(['001', '002'], true)).toBe('VARCHAR');
    expect(inferColumnType(['a', '1'], true)).toBe('VARCHAR');
  });
});
