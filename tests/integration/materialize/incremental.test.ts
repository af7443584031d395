import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../../src/adapters/duckdb/index.js';
import type { NodeConfig } from '../../../src/config/types.js';
import { ConfigError, DatabaseError } from '../../../src/errors/index.js';
import { kindInCatalog, materialize, namesInSchema, openDuckDB, rowsOf, SCHEMA, type RunOptions } from './helpers.js';

/** `select * from (values ...) t(cols)` */
function values(cols: string, rows: string[]): string {
  return `select * from (values ${rows.map((r) => `(${r})`).join(', ')}) as t(${cols})`;
}

describe('incremental materialisation on DuckDB', () => {
  let adapter: DuckDBAdapter;
  beforeEach(async () => {
    adapter = await openDuckDB();
  });
  afterEach(async () => {
    await adapter.close();
  });

  const run = (sql: string, config: Partial<NodeConfig>, opts?: RunOptions) =>
    materialize(adapter, 'inc', sql, { materialized: 'incremental', ...config }, opts);

  it('builds a table on the first run', async () => {
    const result = await run(values('id, v', ["1, 'a'", "2, 'b'"]), { unique_key: 'id' });
    expect(result.statements.map((s) => s.purpose)).toEqual(['create']);
    expect(result.relation?.kind).toBe('table');
    expect(await rowsOf(adapter, 'inc')).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
    ]);
  });

  describe('merge', () => {
    it('updates matching rows and inserts new ones on a single key', async () => {
      await run(values('id, v', ["1, 'a'", "2, 'b'"]), { unique_key: 'id', incremental_strategy: 'merge' });
      const result = await run(values('id, v', ["2, 'B'", "3, 'c'"]), { unique_key: 'id', incremental_strategy: 'merge' });
      expect(result.statements.map((s) => s.purpose)).toEqual(['begin', 'stage', 'merge', 'drop', 'commit']);
      expect(result.adapterResponse).toMatchObject({ message: 'MERGE 2', rowsAffected: 2 });
      expect(await rowsOf(adapter, 'inc')).toEqual([
        { id: 1, v: 'a' },
        { id: 2, v: 'B' },
        { id: 3, v: 'c' },
      ]);
      expect(await namesInSchema(adapter)).toEqual(['inc']);
    });

    it('matches on a composite key', async () => {
      const config = { unique_key: ['region', 'id'], incremental_strategy: 'merge' };
      await run(values('region, id, v', ["'eu', 1, 'a'", "'us', 1, 'b'"]), config);
      await run(values('region, id, v', ["'us', 1, 'B'", "'us', 2, 'c'"]), config);
      expect(await rowsOf(adapter, 'inc', 'region, id')).toEqual([
        { region: 'eu', id: 1, v: 'a' },
        { region: 'us', id: 1, v: 'B' },
        { region: 'us', id: 2, v: 'c' },
      ]);
    });

    it('inserts everything without a unique_key, as dbt does', async () => {
      await run(values('id', ['1']), { incremental_strategy: 'merge' });
      const result = await run(values('id', ['1', '2']), { incremental_strategy: 'merge' });
      expect(result.adapterResponse.message).toBe('INSERT 2');
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 1 }, { id: 1 }, { id: 2 }]);
    });

    it('updates only merge_update_columns, or all but merge_exclude_columns', async () => {
      const rows1 = values('id, a, b', ["1, 'a1', 'b1'"]);
      const rows2 = values('id, a, b', ["1, 'a2', 'b2'"]);
      await run(rows1, { unique_key: 'id', incremental_strategy: 'merge', merge_update_columns: ['A'] });
      await run(rows2, { unique_key: 'id', incremental_strategy: 'merge', merge_update_columns: ['A'] });
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 1, a: 'a2', b: 'b1' }]);
      await run(values('id, a, b', ["1, 'a3', 'b3'"]), { unique_key: 'id', incremental_strategy: 'merge', merge_exclude_columns: ['a'] });
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 1, a: 'a2', b: 'b3' }]);
    });

    it('rejects merge_update_columns together with merge_exclude_columns before running anything', async () => {
      await run(values('id, a', ["1, 'x'"]), { unique_key: 'id' });
      const err = await run(values('id, a', ["1, 'y'"]), {
        unique_key: 'id',
        incremental_strategy: 'merge',
        merge_update_columns: ['a'],
        merge_exclude_columns: ['a'],
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 1, a: 'x' }]);
      expect(await namesInSchema(adapter)).toEqual(['inc']);
    });

    it('applies incremental_predicates to the target rows (DBT_INTERNAL_DEST)', async () => {
      const config = { unique_key: 'id', incremental_strategy: 'merge', incremental_predicates: ['DBT_INTERNAL_DEST.id != 2'] };
      await run(values('id, v', ["1, 'a'", "2, 'b'"]), config);
      await run(values('id, v', ["1, 'A'", "2, 'B'"]), config);
      // id 2 is outside the predicate: it does not match, so the new row is inserted beside the old one.
      expect(await rowsOf(adapter, 'inc', 'id, v')).toEqual([
        { id: 1, v: 'A' },
        { id: 2, v: 'B' },
        { id: 2, v: 'b' },
      ]);
    });
  });

  describe('delete+insert', () => {
    it('is the DuckDB default with a unique_key and replaces matching rows', async () => {
      await run(values('id, v', ["1, 'a'", "2, 'b'"]), { unique_key: 'id' });
      const result = await run(values('id, v', ["2, 'B'", "3, 'c'"]), { unique_key: 'id' });
      expect(result.statements.map((s) => s.purpose)).toEqual(['begin', 'stage', 'delete', 'insert', 'drop', 'commit']);
      expect(result.adapterResponse).toMatchObject({ message: 'INSERT 2', rowsAffected: 2 });
      expect(await rowsOf(adapter, 'inc')).toEqual([
        { id: 1, v: 'a' },
        { id: 2, v: 'B' },
        { id: 3, v: 'c' },
      ]);
    });

    it('replaces rows on a composite key', async () => {
      const config = { unique_key: ['day', 'shop'], incremental_strategy: 'delete+insert' };
      await run(values('day, shop, n', ["date '2024-01-01', 'a', 1", "date '2024-01-01', 'b', 2", "date '2024-01-02', 'a', 3"]), config);
      await run(values('day, shop, n', ["date '2024-01-01', 'b', 20", "date '2024-01-03', 'a', 4"]), config);
      expect(await rowsOf(adapter, 'inc', 'day, shop')).toEqual([
        { day: '2024-01-01', shop: 'a', n: 1 },
        { day: '2024-01-01', shop: 'b', n: 20 },
        { day: '2024-01-02', shop: 'a', n: 3 },
        { day: '2024-01-03', shop: 'a', n: 4 },
      ]);
    });

    it('applies incremental_predicates to the delete', async () => {
      const config = { unique_key: 'id', incremental_strategy: 'delete+insert', incremental_predicates: ['DBT_INTERNAL_DEST.id != 2'] };
      await run(values('id, v', ["1, 'a'", "2, 'b'"]), config);
      await run(values('id, v', ["1, 'A'", "2, 'B'"]), config);
      expect(await rowsOf(adapter, 'inc', 'id, v')).toEqual([
        { id: 1, v: 'A' },
        { id: 2, v: 'B' },
        { id: 2, v: 'b' },
      ]);
    });
  });

  describe('append', () => {
    it('inserts every staged row', async () => {
      await run(values('id', ['1']), { incremental_strategy: 'append', unique_key: 'id' });
      const result = await run(values('id', ['1', '2']), { incremental_strategy: 'append', unique_key: 'id' });
      expect(result.statements.map((s) => s.purpose)).toEqual(['begin', 'stage', 'insert', 'drop', 'commit']);
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 1 }, { id: 1 }, { id: 2 }]);
    });
  });

  it('rejects an unknown incremental_strategy naming the node', async () => {
    const err = await run(values('id', ['1']), { incremental_strategy: 'insert_overwrite' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('model.shop.inc');
    expect((err as ConfigError).hint).toContain('append, merge, delete+insert');
  });

  it('rolls everything back when the merge fails, leaving no staging table', async () => {
    await run(values('id, v', ['1, 10']), { unique_key: 'id', incremental_strategy: 'merge' });
    // The staged text does not cast to the target's INTEGER: the MERGE fails after the stage was created.
    const err = await run(values('id, v', ["1, 'eleven'", "2, '12'"]), { unique_key: 'id', incremental_strategy: 'merge' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).sql).toMatch(/^merge into/);
    expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 1, v: 10 }]);
    expect(await namesInSchema(adapter)).toEqual(['inc']);
  });

  describe('on_schema_change', () => {
    const first = values('id, a, b', ["1, 'a1', 'b1'"]);
    const changed = values('id, a, c', ["2, 'a2', 'c2'"]); // b removed, c added

    it('ignore (default): writes the target columns, new ones are not added', async () => {
      await run(first, { unique_key: 'id' });
      await run(values('id, a, b, extra', ["2, 'a2', 'b2', 'x'"]), { unique_key: 'id' });
      expect(await rowsOf(adapter, 'inc')).toEqual([
        { id: 1, a: 'a1', b: 'b1' },
        { id: 2, a: 'a2', b: 'b2' },
      ]);
    });

    it('ignore: a removed column fails the run as in dbt, and nothing changes', async () => {
      await run(first, { unique_key: 'id' });
      await expect(run(changed, { unique_key: 'id' })).rejects.toBeInstanceOf(DatabaseError);
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 1, a: 'a1', b: 'b1' }]);
      expect(await namesInSchema(adapter)).toEqual(['inc']);
    });

    it('fail: names the added and removed columns, changes nothing', async () => {
      await run(first, { unique_key: 'id', on_schema_change: 'fail' });
      const err = await run(changed, { unique_key: 'id', on_schema_change: 'fail' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      const e = err as DatabaseError;
      expect(e.code).toBe('database/schema-change');
      expect(e.message).toMatch(/added c \(VARCHAR\)/);
      expect(e.message).toMatch(/removed b/);
      expect(e.nodeId).toBe('model.shop.inc');
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 1, a: 'a1', b: 'b1' }]);
      expect(await namesInSchema(adapter)).toEqual(['inc']);
    });

    it('fail: passes when nothing changed', async () => {
      await run(first, { unique_key: 'id', on_schema_change: 'fail' });
      const result = await run(values('id, a, b', ["2, 'a2', 'b2'"]), { unique_key: 'id', on_schema_change: 'fail' });
      expect(result.schemaChanges).toEqual({ added: [], removed: [], typeChanged: [] });
      expect(await rowsOf(adapter, 'inc')).toHaveLength(2);
    });

    it('append_new_columns: adds new columns, keeps removed ones (NULL for new rows)', async () => {
      await run(first, { unique_key: 'id', on_schema_change: 'append_new_columns' });
      const result = await run(changed, { unique_key: 'id', on_schema_change: 'append_new_columns' });
      expect(result.schemaChanges?.added.map((c) => c.name)).toEqual(['c']);
      expect(await rowsOf(adapter, 'inc')).toEqual([
        { id: 1, a: 'a1', b: 'b1', c: null },
        { id: 2, a: 'a2', b: null, c: 'c2' },
      ]);
    });

    it('sync_all_columns: adds, drops and retypes columns', async () => {
      await run(values('id, a, b, n', ["1, 'a1', 'b1', 1"]), { unique_key: 'id', on_schema_change: 'sync_all_columns' });
      const result = await run(values('id, a, c, n', ["2, 'a2', 'c2', 'text now'"]), {
        unique_key: 'id',
        on_schema_change: 'sync_all_columns',
      });
      expect(result.schemaChanges?.typeChanged).toEqual([{ name: 'n', from: 'INTEGER', to: 'VARCHAR' }]);
      expect(await rowsOf(adapter, 'inc')).toEqual([
        { id: 1, a: 'a1', n: '1', c: null },
        { id: 2, a: 'a2', n: 'text now', c: 'c2' },
      ]);
      const cols = await adapter.getColumns({ database: adapter.database, schema: SCHEMA, identifier: 'inc' });
      expect(cols).toEqual([
        { name: 'id', dataType: 'INTEGER' },
        { name: 'a', dataType: 'VARCHAR' },
        { name: 'n', dataType: 'VARCHAR' },
        { name: 'c', dataType: 'VARCHAR' },
      ]);
    });
  });

  describe('full refresh', () => {
    it('rebuilds the table with --full-refresh', async () => {
      await run(values('id', ['1', '2']), { unique_key: 'id' });
      const result = await run(values('id, extra', ["3, 'new'"]), { unique_key: 'id' }, { fullRefresh: true });
      expect(result.statements.map((s) => s.purpose)).toEqual(['begin', 'create', 'drop', 'swap', 'commit']);
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 3, extra: 'new' }]);
    });

    it('never full-refreshes a model configured full_refresh: false', async () => {
      await run(values('id', ['1']), { unique_key: 'id', full_refresh: false });
      await run(values('id', ['2']), { unique_key: 'id', full_refresh: false }, { fullRefresh: true });
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 1 }, { id: 2 }]);
    });

    it('always rebuilds a model configured full_refresh: true', async () => {
      await run(values('id', ['1']), { unique_key: 'id', full_refresh: true });
      await run(values('id', ['2']), { unique_key: 'id', full_refresh: true });
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 2 }]);
    });

    it('rebuilds as a table when the relation is a view', async () => {
      await materialize(adapter, 'inc', 'select 1 as id', { materialized: 'view' });
      await run(values('id', ['5']), { unique_key: 'id' });
      expect(await kindInCatalog(adapter, 'inc')).toBe('table');
      expect(await rowsOf(adapter, 'inc')).toEqual([{ id: 5 }]);
    });
  });

  it('keeps hooks in order across the two phases', async () => {
    await adapter.execute(`create table ${SCHEMA}.log (seq integer, what varchar)`);
    const entry = (what: string): string => `insert into ${SCHEMA}.log select coalesce(max(seq), 0) + 1, '${what}' from ${SCHEMA}.log`;
    await run(values('id', ['1']), { unique_key: 'id' });
    const result = await run(values('id', ['2']), { unique_key: 'id' }, {
      pre: [{ sql: entry('pre outside'), transaction: false }, entry('pre inside')],
      post: [entry('post inside'), { sql: entry('post outside'), transaction: false }],
    });
    expect(result.statements.map((s) => s.purpose)).toEqual([
      'hook', 'begin', 'hook', 'stage', 'delete', 'insert', 'drop', 'hook', 'commit', 'hook',
    ]);
    expect((await adapter.execute(`select what from ${SCHEMA}.log order by seq`)).rows.map((r) => r['what'])).toEqual([
      'pre outside',
      'pre inside',
      'post inside',
      'post outside',
    ]);
  });
});
