import { describe, expect, it } from 'vitest';
import { buildFixtureColumns, buildRowsSql } from './build-fixture-sql.js';

describe('buildFixtureColumns / buildRowsSql', () => {
  it('declared columns first (typed), then the rows\' own columns; missing values are typed NULLs', () => {
    const rows = [{ id: 1, Extra: 'x' }, { id: 2 }];
    const columns = buildFixtureColumns(rows, [{ name: 'id', dataType: 'number(38,0)' }, { name: 'created_at', dataType: 'timestamp_ntz' }, { name: 'note' }], false);
    expect(columns).toEqual([
      { name: 'id', type: 'DECIMAL(38,0)' },
      { name: 'created_at', type: 'TIMESTAMP' },
      { name: 'note' },
      { name: 'Extra', type: 'VARCHAR' },
    ]);
    expect(buildRowsSql(rows, columns)).toBe(
      'select cast(1 as DECIMAL(38,0)) as "id", cast(null as TIMESTAMP) as "created_at", null as "note", cast(\'x\' as VARCHAR) as "Extra"\n' +
        'union all\n' +
        'select cast(2 as DECIMAL(38,0)) as "id", cast(null as TIMESTAMP) as "created_at", null as "note", cast(null as VARCHAR) as "Extra"',
    );
  });

  it('matches row keys case-insensitively and quotes text', () => {
    expect(buildRowsSql([{ NAME: "O'Hara" }], [{ name: 'name', type: 'VARCHAR' }])).toBe('select cast(\'O\'\'Hara\' as VARCHAR) as "name"');
  });

  it('an empty fixture keeps its columns and types', () => {
    expect(buildRowsSql([], [{ name: 'id', type: 'INTEGER' }, { name: 'x' }])).toBe('select cast(null as INTEGER) as "id", null as "x" limit 0');
  });

  it('JSON columns take mappings as JSON text', () => {
    expect(buildRowsSql([{ payload: { a: 1 } }], [{ name: 'payload', type: 'JSON' }])).toBe('select cast(\'{"a":1}\' as JSON) as "payload"');
  });
});
