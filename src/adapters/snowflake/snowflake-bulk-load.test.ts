import { describe, expect, it } from 'vitest';
import { batchRows, buildBulkInsert, encodeRow, type BulkColumn } from './snowflake-bulk-load.js';

const cols: BulkColumn[] = [
  { key: 'id', type: 'bigint', sqlName: 'ID' },
  { key: 'ok', type: 'boolean', sqlName: 'OK' },
  { key: 'ts', type: 'timestamp', sqlName: 'TS' },
  { key: 'tz', type: 'timestamp_tz', sqlName: 'TZ' },
  { key: 'amount', type: 'double', sqlName: 'AMOUNT' },
];

describe('Snowflake bulk load encoding', () => {
  it('encodes every value as the text Snowflake reads for its type', () => {
    const at = new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 5));
    expect(encodeRow({ id: 9007199254740993n, ok: 'yes', ts: at, tz: at, amount: Infinity }, cols, 1)).toEqual([
      '9007199254740993',
      'true',
      '2024-02-29 12:00:00.005',
      '2024-02-29T12:00:00.005Z',
      'inf',
    ]);
    expect(encodeRow({ id: ' 7 ', ok: 0, ts: null, amount: '2.5' }, cols, 1)).toEqual(['7', 'false', null, null, '2.5']);
  });

  it('names the row and column of a value that does not fit', () => {
    expect(() => encodeRow({ id: 'one' }, cols, 2)).toThrow('row 2, column "id": \'one\' is not an integer');
    expect(() => encodeRow({ id: 1.5 }, cols, 3)).toThrow(/row 3, column "id"/);
    expect(() => encodeRow({ ok: 'maybe' }, cols, 4)).toThrow('row 4, column "ok": \'maybe\' is not a boolean');
  });

  it('inserts with plain VALUES, or SELECT ... FROM VALUES when a column is JSON', () => {
    expect(buildBulkInsert('a.b.c', cols.slice(0, 2), () => 'X')).toBe('insert into a.b.c (ID, OK) values (?, ?)');
    const json = buildBulkInsert('a.b.c', [cols[0]!, { key: 'j', type: 'json', sqlName: 'J' }, { key: 's', type: 'string', sqlName: 'S' }], (t) =>
      t === 'bigint' ? 'NUMBER(38,0)' : undefined,
    );
    expect(json).toBe('insert into a.b.c (ID, J, S)\nselect column1::NUMBER(38,0), parse_json(column2), column3\nfrom values (?, ?, ?)');
  });

  it('keeps a batch under the array-binding threshold', () => {
    expect(batchRows(7)).toBe(9325);
    expect(batchRows(1)).toBe(16_384);
    expect(batchRows(100_000)).toBe(1);
  });
});
