import { describe, expect, it } from 'vitest';
import { buildCellText, compareUnitTestRows, type ComparedTable } from './compare-rows.js';

const table = (columns: string[], rows: unknown[][], types: string[] = columns.map(() => 'VARCHAR')): ComparedTable => ({ columns, types, rows });

describe('buildCellText', () => {
  it('prints values as dbt (Python str of agate values) would', () => {
    expect(buildCellText(null)).toBeNull();
    expect(buildCellText(true)).toBe('True');
    expect(buildCellText(30)).toBe('30');
    expect(buildCellText(0.1 + 0.2)).toBe('0.3');
    expect(buildCellText(-0)).toBe('0');
    expect(buildCellText('2024-05-01T10:00:00', 'TIMESTAMP')).toBe('2024-05-01 10:00:00');
    expect(buildCellText('2024-05-01T10:00:00Z', 'TIMESTAMP WITH TIME ZONE')).toBe('2024-05-01 10:00:00+00:00');
    expect(buildCellText('2024-05-01T10:00:00', 'VARCHAR')).toBe('2024-05-01T10:00:00');
    expect(buildCellText([1, 'a'])).toBe('[1,"a"]');
  });
});

describe('compareUnitTestRows', () => {
  it('is order-insensitive and compares a multiset', () => {
    const cols = ['id', 'name'];
    expect(compareUnitTestRows(table(cols, [[2, 'b'], [1, 'a']]), table(cols, [[1, 'a'], [2, 'b']])).equal).toBe(true);
    expect(compareUnitTestRows(table(cols, [[1, 'a'], [1, 'a']]), table(cols, [[1, 'a']])).equal).toBe(false);
    expect(compareUnitTestRows(table(['x'], []), table(['x'], [])).equal).toBe(true);
  });

  it('renders modified, added and removed rows as daff does, with context and NULL', () => {
    const cols = ['id', 'name'];
    const expected = table(cols, [[1, 'ann'], [2, 'bob'], [3, 'cy'], [4, 'dee'], [5, 'eve'], [6, null]]);
    const actual = table(cols, [[1, 'ann'], [2, 'bob'], [3, 'cy'], [4, 'dee'], [5, 'eve'], [6, 'fay'], [7, 'gus']]);
    const c = compareUnitTestRows(expected, actual);
    expect(c.equal).toBe(false);
    expect(c.diff).toBe(
      '@@ ,id ,name    \n' +
        '...,...,...     \n' +
        '   ,5  ,eve     \n' +
        '→  ,6  ,NULL→fay\n' +
        '+++,7  ,gus     \n',
    );
    expect(c.message).toBe(`actual differs from expected:\n\n${c.diff}`);
  });

  it('skips long unchanged runs with one ... row and keeps one row of context around each change', () => {
    const cols = ['id', 'name'];
    const rows = (last: string, first: string): unknown[][] => [[1, first], [2, 'bob'], [3, 'cy'], [4, 'dee'], [5, 'eve'], [6, 'x'], [7, 'y'], [8, last]];
    const c = compareUnitTestRows(table(cols, rows('z', 'ann')), table(cols, rows('zz', 'anne')));
    expect(c.diff).toBe(
      '@@ ,id ,name    \n' +
        '→  ,1  ,ann→anne\n' +
        '   ,2  ,bob     \n' +
        '...,...,...     \n' +
        '   ,7  ,y       \n' +
        '→  ,8  ,z→zz    \n',
    );
  });

  it('a row only in expected is removed (---), one only in actual added (+++)', () => {
    const c = compareUnitTestRows(table(['v'], [['x']]), table(['v'], [['y']]));
    expect(c.diff).toBe('@@ ,v\n---,x\n+++,y\n');
  });

  it('quotes cells holding commas, and marks space-only differences with ␣', () => {
    const c = compareUnitTestRows(table(['k', 'v'], [[1, 'a b']]), table(['k', 'v'], [[1, 'ab']]));
    expect(c.diff).toBe('@@,k,v     \n→ ,1,a␣b→ab\n');
    const comma = compareUnitTestRows(table(['k', 'v'], [[1, 'a,b']]), table(['k', 'v'], [[1, 'c']]));
    expect(comma.diff).toBe('@@,k,v      \n→ ,1,"a,b→c"\n');
  });

  it('does not pad tables wider than 130 characters', () => {
    const long = 'x'.repeat(140);
    const c = compareUnitTestRows(table(['k', 'v'], [[1, long]]), table(['k', 'v'], [[1, 'y']]));
    expect(c.diff).toBe(`@@,k,v\n→,1,${long}→y\n`);
  });
});
