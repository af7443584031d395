import { describe, expect, it } from 'vitest';
import { SNOWFLAKE_CAPABILITIES, SnowflakeDialect } from '../adapters/index.js';
import { documentedColumns, matchDocumentedColumns, needsQueryColumns, relationCommentFor, viewColumnList } from './plan-docs.js';
import { planTable } from './plan-table.js';
import { planView } from './plan-view.js';
import { makeInput } from './test-fixtures.js';
import type { MaterializationInput } from './types.js';

const snowflake = new SnowflakeDialect({ database: 'dev' });
function sf(materialized: string, persist: { relation?: boolean; columns?: boolean } | undefined, extra: Partial<MaterializationInput> = {}): MaterializationInput {
  const base = makeInput({ materialized, ...(persist ? { persist_docs: persist } : {}) });
  return {
    ...base,
    node: { ...base.node, description: ' Orders ', columns: { id: { name: 'id', description: 'key' }, note: { name: 'note', description: '' }, gone: { description: 'not in the query' } } },
    dialect: snowflake,
    capabilities: SNOWFLAKE_CAPABILITIES,
    ...extra,
  };
}

describe('persist_docs', () => {
  it('writes nothing unless asked and supported (DuckDB has no comment builders here)', () => {
    expect(relationCommentFor(sf('table', undefined))).toBeUndefined();
    expect(documentedColumns(sf('table', { relation: true }))).toEqual([]);
    const duck = makeInput({ materialized: 'table', persist_docs: { relation: true, columns: true } });
    expect(relationCommentFor({ ...duck, node: { ...duck.node, description: 'x' } })).toBeUndefined();
  });

  it('takes the trimmed description and the documented columns', () => {
    expect(relationCommentFor(sf('table', { relation: true }))).toBe('Orders');
    expect(documentedColumns(sf('table', { columns: true }))).toEqual([
      { name: 'id', comment: 'key' },
      { name: 'gone', comment: 'not in the query' },
    ]);
    expect(needsQueryColumns(sf('view', { columns: true }))).toBe(true);
    expect(needsQueryColumns(sf('view', { columns: true }, { queryColumns: [] }))).toBe(false);
  });

  it('lists every query column of a view and comments only existing documented columns of a table', () => {
    const queryColumns = [{ name: 'ID', dataType: 'NUMBER' }, { name: 'NOTE', dataType: 'VARCHAR' }];
    expect(viewColumnList(sf('view', { columns: true }, { queryColumns }))).toEqual([
      { name: 'ID', comment: 'key' },
      { name: 'NOTE', comment: '' },
    ]);
    expect(matchDocumentedColumns([{ name: 'id', comment: 'key' }, { name: 'gone', comment: 'x' }], queryColumns)).toEqual([{ name: 'ID', comment: 'key' }]);
    const view = planView(sf('view', { relation: true, columns: true }, { queryColumns }));
    expect(view.statements.map((s) => s.sql)).toEqual([
      "create or replace view dev.analytics.orders (ID comment 'key', NOTE) comment = 'Orders' as (\nselect 1 as id\n)",
    ]);
    const table = planTable(sf('table', { relation: true, columns: true }, { queryColumns }));
    expect(table.statements.map((s) => s.sql)).toEqual([
      "create transient table dev.analytics.orders comment = 'Orders' as (\nselect 1 as id\n)",
      "alter table dev.analytics.orders alter ID comment 'key'",
    ]);
  });
});
