import { describe, expect, it } from 'vitest';
import { renderShowOutput, renderTable } from './table.js';

describe('renderTable (agate print_table as dbt show prints it)', () => {
  it('right-aligns numbers, left-aligns text, separator of dashes, empty nulls', () => {
    const rows = [
      { order_id: 1, status: 'returned', amount: 10.5, note: null },
      { order_id: 1200, status: 'placed', amount: 3, note: 'x' },
    ];
    expect(renderTable(rows, ['order_id', 'status', 'amount', 'note'])).toBe(
      ['| order_id | status   | amount | note |', '| -------- | -------- | ------ | ---- |', '|        1 | returned |   10.5 |      |', '|    1,200 | placed   |    3.0 | x    |'].join('\n'),
    );
  });

  it('uses declared column types, formats bigint, booleans and dates, and cuts long cells', () => {
    // agate cuts every formatted value, numbers included, to max_column_width (20).
    const rows = [{ id: 12345678901234567890n, n: 1234567n, ok: true, at: new Date(Date.UTC(2024, 0, 2)), text: 'a'.repeat(30) }];
    expect(renderTable(rows, [{ name: 'id', type: 'HUGEINT' }, 'n', { name: 'ok', type: 'BOOLEAN' }, 'at', 'text'])).toBe(
      [
        '|                   id |         n | ok   | at                   | text                 |',
        '| -------------------- | --------- | ---- | -------------------- | -------------------- |',
        `| 12,345,678,901,23... | 1,234,567 | True | 2024-01-02T00:00:... | ${'a'.repeat(17)}... |`,
      ].join('\n'),
    );
  });

  it('marks rows and columns left out with ...', () => {
    const rows = [
      { a: 'x', b: 'y', c: 'z' },
      { a: 'x2', b: 'y2', c: 'z2' },
    ];
    expect(renderTable(rows, ['a', 'b', 'c'], { maxRows: 1, maxColumns: 2 })).toBe(['| a   | b   | ... |', '| --- | --- | --- |', '| x   | y   | ... |', '| ... | ... | ... |'].join('\n'));
  });

  it('prints the dbt show header, or JSON with the node name', () => {
    const rows = [{ id: 1 }];
    expect(renderShowOutput(rows, ['id'], { nodeName: 'orders' })).toBe("Previewing node 'orders':\n| id |\n| -- |\n|  1 |");
    expect(renderShowOutput(rows, ['id'])).toBe('Previewing inline node:\n| id |\n| -- |\n|  1 |');
    expect(JSON.parse(renderShowOutput([{ id: 1n, v: 'a' }], ['id', 'v'], { output: 'json', nodeName: 'orders' }))).toEqual({ node: 'orders', show: [{ id: 1, v: 'a' }] });
    expect(renderShowOutput(rows, ['id'], { output: 'json' })).toBe('{\n  "show": [\n    {\n      "id": 1\n    }\n  ]\n}');
  });
});
