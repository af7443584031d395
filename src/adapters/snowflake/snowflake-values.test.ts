import { describe, expect, it } from 'vitest';
import { rowConverter, toColumns, type DriverColumn } from './snowflake-values.js';

function column(name: string, type: string, scale = 0, precision = 38): DriverColumn {
  return { getName: () => name, getType: () => type, getScale: () => scale, getPrecision: () => precision };
}

/** What snowflake-sdk returns for a DATE/TIMESTAMP: a Date with the exact epoch seconds and nanoseconds. */
function sfDate(epochSeconds: number, nanos: number): Date {
  return Object.assign(new Date(epochSeconds * 1000 + Math.trunc(nanos / 1e6)), { getEpochSeconds: () => epochSeconds, getNanoSeconds: () => nanos });
}

describe('Snowflake result values', () => {
  const columns = [
    column('I', 'fixed'),
    column('BIG', 'fixed'),
    column('D', 'fixed', 2, 10),
    column('F', 'real'),
    column('DT', 'date'),
    column('TS', 'timestamp_ntz', 9),
    column('TZ', 'timestamp_ltz', 9),
    column('J', 'variant'),
    column('S', 'text'),
  ];

  it('converts the driver values to the shapes the DuckDB adapter returns', () => {
    const convert = rowConverter(columns);
    const row = convert(['42', '9007199254740993', '2.50', 'inf', sfDate(1704153600, 0), sfDate(1704164645, 123456000), sfDate(1704164645, 0), '{"a":1}', null]);
    expect(row).toEqual({
      I: 42,
      BIG: '9007199254740993',
      D: 2.5,
      F: Infinity,
      DT: '2024-01-02',
      TS: '2024-01-02T03:04:05.123456',
      TZ: '2024-01-02T03:04:05Z',
      J: '{"a":1}',
      S: null,
    });
  });

  it('names types as Snowflake prints them', () => {
    expect(toColumns(columns.slice(0, 4)).map((c) => c.dataType)).toEqual(['NUMBER(38,0)', 'NUMBER(38,0)', 'NUMBER(10,2)', 'FLOAT']);
    expect(toColumns([column('S', 'text'), column('T', 'timestamp_ntz')]).map((c) => c.dataType)).toEqual(['VARCHAR', 'TIMESTAMP_NTZ']);
  });
});
