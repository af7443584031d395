import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../../src/adapters/duckdb/index.js';
import { ConfigError, DatabaseError } from '../../../src/errors/index.js';
import { executeMaterialization } from '../../../src/materialize/index.js';
import { inputFor, kindInCatalog, materialize, namesInSchema, openDuckDB, relationOf, rowsOf, SCHEMA } from './helpers.js';

describe('view and table materialisations on DuckDB', () => {
  let adapter: DuckDBAdapter;
  beforeEach(async () => {
    adapter = await openDuckDB();
  });
  afterEach(async () => {
    await adapter.close();
  });

  it('creates a view, then replaces it in one statement', async () => {
    const first = await materialize(adapter, 'v', 'select 1 as id', { materialized: 'view' });
    expect(first.adapterResponse.message).toBe('CREATE VIEW');
    expect(first.relation?.kind).toBe('view');
    expect(await kindInCatalog(adapter, 'v')).toBe('view');
    const second = await materialize(adapter, 'v', 'select 2 as id', { materialized: 'view' });
    expect(second.statements).toHaveLength(1);
    expect(await rowsOf(adapter, 'v')).toEqual([{ id: 2 }]);
  });

  it('creates a table in one statement, then rebuilds it by swapping', async () => {
    const first = await materialize(adapter, 't', 'select 1 as id union all select 2', { materialized: 'table' });
    expect(first.statements).toHaveLength(1);
    expect(first.adapterResponse).toMatchObject({ message: 'SELECT 2', rowsAffected: 2 });
    const second = await materialize(adapter, 't', 'select 3 as id', { materialized: 'table' });
    expect(second.statements.map((s) => s.purpose)).toEqual(['begin', 'create', 'drop', 'swap', 'commit']);
    expect(await rowsOf(adapter, 't')).toEqual([{ id: 3 }]);
    expect(await kindInCatalog(adapter, 't')).toBe('table');
    expect(await namesInSchema(adapter)).toEqual(['t']);
  });

  it('switches a view to a table and back', async () => {
    await materialize(adapter, 'm', 'select 1 as id', { materialized: 'view' });
    const asTable = await materialize(adapter, 'm', 'select 2 as id', { materialized: 'table' });
    expect(asTable.relation?.kind).toBe('table');
    expect(await kindInCatalog(adapter, 'm')).toBe('table');
    expect(await rowsOf(adapter, 'm')).toEqual([{ id: 2 }]);
    const asView = await materialize(adapter, 'm', 'select 3 as id', { materialized: 'view' });
    expect(asView.relation?.kind).toBe('view');
    expect(await kindInCatalog(adapter, 'm')).toBe('view');
    expect(await rowsOf(adapter, 'm')).toEqual([{ id: 3 }]);
    expect(await namesInSchema(adapter)).toEqual(['m']);
    // The relation cache follows, so the next run sees the right kind without a query.
    expect(adapter.relations.peek(relationOf(adapter, 'm'))?.kind).toBe('view');
  });

  it('keeps the old table, whole, when the rebuild SELECT fails', async () => {
    await materialize(adapter, 'orders', 'select range as id from range(1000)', { materialized: 'table' });
    const failing = 'select id,\n  id / 0 as ratio,\n  missing_column\nfrom range(10) t(id)';
    const err = await materialize(adapter, 'orders', failing, { materialized: 'table' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    const e = err as DatabaseError;
    expect(e.code).toBe('database/query-failed');
    expect(e.nodeId).toBe('model.shop.orders');
    expect(e.location).toEqual({ file: 'target/compiled/shop/models/orders.sql', line: 3, column: 3 });
    const count = await adapter.execute(`select count(*) as n, sum(id) as s from ${SCHEMA}.orders`);
    expect(count.rows[0]).toEqual({ n: 1000, s: 499500 });
    expect(await namesInSchema(adapter)).toEqual(['orders']);
    // The next good build still works (no transaction or temp table left over).
    await materialize(adapter, 'orders', 'select 1 as id', { materialized: 'table' });
    expect(await rowsOf(adapter, 'orders')).toEqual([{ id: 1 }]);
  });

  it('keeps the old view when a table build replacing it fails, and the old table when a view build fails', async () => {
    await materialize(adapter, 'a', 'select 1 as id', { materialized: 'view' });
    await expect(materialize(adapter, 'a', 'select nope', { materialized: 'table' })).rejects.toBeInstanceOf(DatabaseError);
    expect(await kindInCatalog(adapter, 'a')).toBe('view');
    expect(await rowsOf(adapter, 'a')).toEqual([{ id: 1 }]);

    await materialize(adapter, 'b', 'select 1 as id', { materialized: 'table' });
    await expect(materialize(adapter, 'b', 'select nope', { materialized: 'view' })).rejects.toBeInstanceOf(DatabaseError);
    expect(await kindInCatalog(adapter, 'b')).toBe('table');
    expect(await rowsOf(adapter, 'b')).toEqual([{ id: 1 }]);
  });

  it('lets a table read its own previous rows while it is rebuilt', async () => {
    await materialize(adapter, 'snap', 'select 1 as id', { materialized: 'table' });
    const self = `select id from ${adapter.dialect.relationName(relationOf(adapter, 'snap'))} union all select max(id) + 1 from ${SCHEMA}.snap`;
    await materialize(adapter, 'snap', self, { materialized: 'table' });
    await materialize(adapter, 'snap', self, { materialized: 'table' });
    expect(await rowsOf(adapter, 'snap')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('accepts compiled SQL ending with a semicolon and a comment line', async () => {
    await materialize(adapter, 'semi', 'select 1 as id -- trailing comment\n;\n', { materialized: 'table' });
    expect(await rowsOf(adapter, 'semi')).toEqual([{ id: 1 }]);
  });

  it('runs nothing for an ephemeral model', async () => {
    const result = await materialize(adapter, 'eph', 'select 1 as id', { materialized: 'ephemeral' });
    expect(result.executed).toBe(false);
    expect(result.statements).toEqual([]);
    expect(result.relation).toBeUndefined();
    expect(await namesInSchema(adapter)).toEqual([]);
  });

  it('rejects an unknown materialisation naming the node and the known ones', async () => {
    const err = await materialize(adapter, 'x', 'select 1', { materialized: 'materialized_view' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('model.shop.x');
    expect((err as ConfigError).message).toContain('view, table, incremental, ephemeral');
    expect((err as ConfigError).nodeId).toBe('model.shop.x');
  });

  describe('hooks', () => {
    const log = `${SCHEMA}.hook_log`;
    const entry = (what: string): string =>
      `insert into ${log} select coalesce(max(seq), 0) + 1, '${what}', (select count(*) from information_schema.tables where table_name = 'hooked' and table_schema = '${SCHEMA}') from ${log}`;

    beforeEach(async () => {
      await adapter.execute(`create table ${log} (seq integer, what varchar, model_exists integer)`);
    });

    it('runs pre-hooks, the model and post-hooks in dbt order, transaction: false ones outside', async () => {
      const result = await materialize(adapter, 'hooked', 'select 1 as id', { materialized: 'table' }, {
        pre: [{ sql: entry('pre outside'), transaction: false }, entry('pre inside')],
        post: [entry('post inside'), { sql: entry('post outside'), transaction: false }],
      });
      expect(result.statements.map((s) => s.purpose)).toEqual(['hook', 'begin', 'hook', 'create', 'hook', 'commit', 'hook']);
      expect((await adapter.execute(`select what, model_exists from ${log} order by seq`)).rows).toEqual([
        { what: 'pre outside', model_exists: 0 },
        { what: 'pre inside', model_exists: 0 },
        { what: 'post inside', model_exists: 1 },
        { what: 'post outside', model_exists: 1 },
      ]);
    });

    it('rolls the model back when an inside post-hook fails, keeping what ran outside', async () => {
      await materialize(adapter, 'hooked', 'select 1 as id', { materialized: 'table' });
      const err = await materialize(adapter, 'hooked', 'select 2 as id', { materialized: 'table' }, {
        pre: [{ sql: entry('pre outside'), transaction: false }, entry('pre inside')],
        post: ['select * from no_such_table'],
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      expect(await rowsOf(adapter, 'hooked')).toEqual([{ id: 1 }]);
      expect((await adapter.execute(`select what from ${log} order by seq`)).rows).toEqual([{ what: 'pre outside' }]);
    });

    it('wraps a one-statement view and its inside hooks in a transaction', async () => {
      const input = await inputFor(adapter, 'hooked', 'select 1 as id', { materialized: 'view' }, { post: [entry('post')] });
      const result = await executeMaterialization(adapter, input);
      expect(result.statements.map((s) => s.purpose)).toEqual(['begin', 'create', 'hook', 'commit']);
      expect((await adapter.execute(`select what, model_exists from ${log}`)).rows).toEqual([{ what: 'post', model_exists: 1 }]);
    });
  });
});
