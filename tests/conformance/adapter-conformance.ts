import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Adapter, RelationRef, Row } from '../../src/adapters/index.js';
import { DatabaseError } from '../../src/errors/index.js';

/**
 * The adapter conformance suite: one set of behaviours every adapter must show, run against a real
 * engine. `runAdapterConformance('duckdb (memory)', () => ...)` registers the tests; the Snowflake
 * adapter runs the same suite (through the Snowflake-protocol test server, and live when credentials
 * exist). Engine-specific behaviour (DuckDB lists/structs, ...) belongs in the engine's own tests.
 */
export interface ConformanceOptions {
  /** A SELECT that runs for several seconds, for the cancellation test. */
  readonly slowQuery: string;
  /** Rows for the large bulk load (100,000 by default). */
  readonly bulkRows?: number;
}

let counter = 0;

/**
 * Rows with lower-cased keys: engines that fold unquoted names to upper case (Snowflake) return `N` for
 * `count(*) as n`, and the suite compares values, not the engine's spelling.
 */
function lowerKeys(rows: readonly Row[]): Row[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v])));
}

export function runAdapterConformance(
  name: string,
  makeAdapter: () => Promise<Adapter>,
  options: ConformanceOptions,
): void {
  describe(`adapter conformance: ${name}`, () => {
    let adapter: Adapter;
    const schema = `opp_conformance_${process.pid}_${++counter}`;
    const rel = (identifier: string): RelationRef => ({ database: adapter.target.database, schema, identifier });
    const q = (identifier: string): string => adapter.dialect.relationName(rel(identifier));

    beforeAll(async () => {
      adapter = await makeAdapter();
      await adapter.connect();
      await adapter.ensureSchema({ database: adapter.target.database, schema });
    });

    afterAll(async () => {
      await adapter.execute(`drop schema if exists ${adapter.dialect.quoteIdentifier(schema)} cascade`).catch(() => undefined);
      await adapter.close();
      await adapter.close(); // idempotent
    });

    describe('execute', () => {
      it('returns rows as plain objects with column names and types', async () => {
        const result = await adapter.execute(
          `select 1 as i, 'it''s' as s, cast(null as varchar) as n, true as b, cast(2.50 as decimal(10,2)) as d, ` +
            `cast(1.25 as double) as f, date '2024-01-02' as dt, timestamp '2024-01-02 03:04:05.123' as ts, ` +
            `cast(9007199254740993 as bigint) as big, cast(42 as bigint) as small_big`,
        );
        expect(result.columns.map((c) => c.name.toLowerCase())).toEqual(['i', 's', 'n', 'b', 'd', 'f', 'dt', 'ts', 'big', 'small_big']);
        expect(result.columns.every((c) => typeof c.dataType === 'string' && c.dataType.length > 0)).toBe(true);
        expect(result.columns.find((c) => c.name.toLowerCase() === 'd')?.dataType).toMatch(/DECIMAL|NUMBER/i);
        const row = lowerKeys(result.rows)[0]!;
        expect(row).toEqual({
          i: 1,
          s: "it's",
          n: null,
          b: true,
          d: 2.5,
          f: 1.25,
          dt: '2024-01-02',
          ts: '2024-01-02T03:04:05.123',
          big: '9007199254740993',
          small_big: 42,
        });
      });

      it('reports rowsAffected for DML', async () => {
        await adapter.execute(`create table ${q('dml')} (id integer, v varchar)`);
        const ins = await adapter.execute(`insert into ${q('dml')} values (1, 'a'), (2, 'b'), (3, 'c')`);
        expect(ins.rowsAffected).toBe(3);
        const upd = await adapter.execute(`update ${q('dml')} set v = 'z' where id >= 2`);
        expect(upd.rowsAffected).toBe(2);
        const del = await adapter.execute(`delete from ${q('dml')} where id = 1`);
        expect(del.rowsAffected).toBe(1);
      });

      it('caps rows read back with maxRows', async () => {
        const union = Array.from({ length: 20 }, (_, i) => `select ${i} as x`).join(' union all ');
        const result = await adapter.execute(union, { maxRows: 7 });
        expect(result.rows).toHaveLength(7);
      });
    });

    describe('executePlan', () => {
      it('runs statements in order and stops at the first failure', async () => {
        const table = q('plan_stop');
        const run = adapter.executePlan([
          { purpose: 'create', sql: `create table ${table} (id integer)` },
          { purpose: 'insert', sql: `insert into ${table} values (1)` },
          { purpose: 'insert', sql: `insert into ${table} values ('not a number')` },
          { purpose: 'insert', sql: `insert into ${table} values (3)` },
        ]);
        await expect(run).rejects.toBeInstanceOf(DatabaseError);
        const rows = await adapter.execute(`select id from ${table} order by id`);
        expect(lowerKeys(rows.rows)).toEqual([{ id: 1 }]);
      });

      it('rolls back an open transaction when a statement fails, and the adapter stays usable', async () => {
        const table = q('plan_rollback');
        await adapter.execute(`create table ${table} (id integer)`);
        await adapter.execute(`insert into ${table} values (1)`);
        const err = await adapter
          .executePlan([
            { purpose: 'begin', sql: adapter.dialect.beginTransaction() },
            { purpose: 'insert', sql: `insert into ${table} values (2)` },
            { purpose: 'delete', sql: `delete from ${table} where id = 1` },
            { purpose: 'insert', sql: `insert into ${table} select * from ${q('no_such_table')}` },
            { purpose: 'commit', sql: adapter.dialect.commit() },
          ])
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DatabaseError);
        expect((err as DatabaseError).code).toBe('database/query-failed');
        expect((err as DatabaseError).sql).toContain('no_such_table');
        const rows = await adapter.execute(`select id from ${table} order by id`);
        expect(lowerKeys(rows.rows)).toEqual([{ id: 1 }]);
        // No transaction was left open on the pooled connection: a plain BEGIN/COMMIT works.
        await adapter.executePlan([
          { purpose: 'begin', sql: adapter.dialect.beginTransaction() },
          { purpose: 'insert', sql: `insert into ${table} values (5)` },
          { purpose: 'commit', sql: adapter.dialect.commit() },
        ]);
        expect(lowerKeys((await adapter.execute(`select count(*) as n from ${table}`)).rows)[0]).toEqual({ n: 2 });
      });

      it('returns one result per statement', async () => {
        const results = await adapter.executePlan([
          { purpose: 'select', sql: 'select 1 as a' },
          { purpose: 'select', sql: 'select 2 as a' },
        ]);
        expect(results.map((r) => lowerKeys(r.rows)[0])).toEqual([{ a: 1 }, { a: 2 }]);
      });
    });

    describe('withTransaction', () => {
      it('commits what fn did when it resolves', async () => {
        const table = q('txn_commit');
        await adapter.execute(`create table ${table} (id integer)`);
        const value = await adapter.withTransaction(async () => {
          await adapter.execute(`insert into ${table} values (1)`);
          const inside = await adapter.execute(`select count(*) as n from ${table}`);
          expect(lowerKeys(inside.rows)[0]).toEqual({ n: 1 });
          return 'done';
        });
        expect(value).toBe('done');
        expect(lowerKeys((await adapter.execute(`select count(*) as n from ${table}`)).rows)[0]).toEqual({ n: 1 });
      });

      it('rolls back when fn throws, including DDL', async () => {
        const table = q('txn_rollback');
        await adapter.execute(`create table ${table} (id integer)`);
        await expect(
          adapter.withTransaction(async () => {
            await adapter.execute(`insert into ${table} values (1)`);
            await adapter.execute(`create table ${q('txn_rollback_ddl')} (id integer)`);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        // Without transactional DDL (Snowflake) the CREATE commits the transaction, insert included.
        const expected = adapter.capabilities.transactionalDdl ? 0 : 1;
        expect(lowerKeys((await adapter.execute(`select count(*) as n from ${table}`)).rows)[0]).toEqual({ n: expected });
        if (adapter.capabilities.transactionalDdl) {
          adapter.relations?.invalidateSchema({ database: adapter.target.database, schema });
          expect(await adapter.getRelation(rel('txn_rollback_ddl'))).toBeUndefined();
        }
      });

      it('lets a plan inside it join the transaction', async () => {
        const table = q('txn_join');
        await adapter.execute(`create table ${table} (id integer)`);
        await expect(
          adapter.withTransaction(async () => {
            await adapter.executePlan([
              { purpose: 'begin', sql: adapter.dialect.beginTransaction() },
              { purpose: 'insert', sql: `insert into ${table} values (1)` },
              { purpose: 'commit', sql: adapter.dialect.commit() },
            ]);
            throw new Error('after the plan');
          }),
        ).rejects.toThrow('after the plan');
        expect(lowerKeys((await adapter.execute(`select count(*) as n from ${table}`)).rows)[0]).toEqual({ n: 0 });
      });
    });

    describe('relations', () => {
      it('answers getRelation from one listing query per schema, updated through the cache', async () => {
        const cacheSchema = `${schema}_cache`;
        const ref = (identifier: string): RelationRef => ({ database: adapter.target.database, schema: cacheSchema, identifier });
        await adapter.ensureSchema({ database: adapter.target.database, schema: cacheSchema });
        await adapter.execute(`create table ${adapter.dialect.relationName(ref('t1'))} as select 1 as id`);
        await adapter.execute(adapter.dialect.createView(ref('v1'), 'select 1 as id'));
        const spy = vi.spyOn(adapter, 'execute');
        try {
          const [t1, v1, missing] = await Promise.all([
            adapter.getRelation(ref('t1')),
            adapter.getRelation(ref('v1')),
            adapter.getRelation(ref('nope')),
          ]);
          expect(t1?.kind).toBe('table');
          expect(v1?.kind).toBe('view');
          expect(missing).toBeUndefined();
          expect(await adapter.getRelation(ref('T1'))).toBeDefined();
          expect(spy).toHaveBeenCalledTimes(1);

          const listed = await adapter.listRelations({ database: adapter.target.database, schema: cacheSchema });
          expect(listed.map((r) => `${r.identifier.toLowerCase()}:${r.kind}`).sort()).toEqual(['t1:table', 'v1:view']);
          expect(spy).toHaveBeenCalledTimes(1);

          adapter.relations?.set({ ...ref('t2'), kind: 'table' });
          adapter.relations?.delete(ref('t1'));
          expect((await adapter.getRelation(ref('t2')))?.kind).toBe('table');
          expect(await adapter.getRelation(ref('t1'))).toBeUndefined();
          expect(spy).toHaveBeenCalledTimes(1);

          adapter.relations?.invalidateSchema({ database: adapter.target.database, schema: cacheSchema });
          expect((await adapter.getRelation(ref('t1')))?.kind).toBe('table');
          expect(await adapter.getRelation(ref('t2'))).toBeUndefined();
          expect(spy).toHaveBeenCalledTimes(2);
        } finally {
          spy.mockRestore();
          await adapter.execute(`drop schema if exists ${adapter.dialect.quoteIdentifier(cacheSchema)} cascade`);
        }
      });

      it('reads columns in order with their types in one query', async () => {
        await adapter.execute(`create table ${q('cols')} (b_col integer, a_col varchar, c_col date)`);
        const spy = vi.spyOn(adapter, 'execute');
        try {
          const cols = await adapter.getColumns(rel('cols'));
          expect(cols.map((c) => c.name.toLowerCase())).toEqual(['b_col', 'a_col', 'c_col']);
          expect(cols[0]!.dataType).toMatch(/INT|NUMBER/i);
          expect(cols[1]!.dataType).toMatch(/VARCHAR|TEXT/i);
          expect(cols[2]!.dataType).toMatch(/DATE/i);
          expect(spy).toHaveBeenCalledTimes(1);
        } finally {
          spy.mockRestore();
        }
        expect(await adapter.getColumns(rel('cols_missing'))).toEqual([]);
      });

      it('creates a schema once, however often and concurrently it is ensured', async () => {
        const s = { database: adapter.target.database, schema: `${schema}_ensure` };
        const spy = vi.spyOn(adapter, 'execute');
        try {
          await Promise.all([adapter.ensureSchema(s), adapter.ensureSchema(s), adapter.ensureSchema(s)]);
          await adapter.ensureSchema(s);
          expect(spy).toHaveBeenCalledTimes(1);
        } finally {
          spy.mockRestore();
        }
        await adapter.execute(`create table ${adapter.dialect.relationName({ ...s, identifier: 'x' })} (id integer)`);
        await adapter.execute(`drop schema ${adapter.dialect.quoteIdentifier(s.schema)} cascade`);
      });
    });

    describe('bulkLoad', () => {
      it('creates the table and loads every logical type, with nulls', async () => {
        const rows: Row[] = [
          { s: "o'brien", i: 1, b: 9007199254740993n, d: 1.5, dec: '12.345', ok: true, day: '2024-02-29', ts: '2024-01-02T03:04:05.123456', tz: '2024-01-02T03:04:05Z', j: { a: [1, 2], b: 'x' } },
          { s: null, i: null, b: null, d: null, dec: null, ok: null, day: null, ts: null, tz: null, j: null },
          { s: 'x', i: '7', b: 5, d: '2.25', dec: 1, ok: 'false', day: new Date(Date.UTC(2024, 0, 31)), ts: new Date(Date.UTC(2024, 5, 1, 12, 0, 0)), tz: null, j: [1, 'two'] },
        ];
        const n = await adapter.bulkLoad(
          rel('loaded'),
          [
            { name: 's', type: 'string' },
            { name: 'i', type: 'integer' },
            { name: 'b', type: 'bigint' },
            { name: 'd', type: 'double' },
            { name: 'dec', type: 'decimal' },
            { name: 'ok', type: 'boolean' },
            { name: 'day', type: 'date' },
            { name: 'ts', type: 'timestamp' },
            { name: 'tz', type: 'timestamp_tz' },
            { name: 'j', type: 'json' },
          ],
          rows,
        );
        expect(n).toBe(3);
        const back = await adapter.execute(
          `select s, i, cast(b as varchar) as b, d, dec, ok, day, ts, tz, cast(j as varchar) as j from ${q('loaded')} order by i nulls last`,
        );
        expect(lowerKeys(back.rows)).toEqual([
          { s: "o'brien", i: 1, b: '9007199254740993', d: 1.5, dec: 12.345, ok: true, day: '2024-02-29', ts: '2024-01-02T03:04:05.123456', tz: '2024-01-02T03:04:05Z', j: '{"a":[1,2],"b":"x"}' },
          { s: 'x', i: 7, b: '5', d: 2.25, dec: 1, ok: false, day: '2024-01-31', ts: '2024-06-01T12:00:00', tz: null, j: '[1,"two"]' },
          { s: null, i: null, b: null, d: null, dec: null, ok: null, day: null, ts: null, tz: null, j: null },
        ]);
        expect((await adapter.getRelation(rel('loaded')))?.kind).toBe('table');
      });

      it('appends to an existing table by column name, whatever the order', async () => {
        await adapter.execute(`create table ${q('load_existing')} (id integer, name varchar, extra varchar)`);
        const n = await adapter.bulkLoad(
          rel('load_existing'),
          [
            { name: 'name', type: 'string' },
            { name: 'id', type: 'integer' },
          ],
          [{ name: 'a', id: 1 }, { id: 2 }],
        );
        expect(n).toBe(2);
        const back = await adapter.execute(`select id, name, extra from ${q('load_existing')} order by id`);
        expect(lowerKeys(back.rows)).toEqual([
          { id: 1, name: 'a', extra: null },
          { id: 2, name: null, extra: null },
        ]);
      });

      it('loads nothing when a value does not fit its column', async () => {
        const err = await adapter
          .bulkLoad(rel('load_bad'), [{ name: 'id', type: 'integer' }], [{ id: 1 }, { id: 'one' }])
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DatabaseError);
        expect((err as DatabaseError).message).toMatch(/row 2.*"id"/);
        adapter.relations?.invalidateSchema({ database: adapter.target.database, schema });
        expect(await adapter.getRelation(rel('load_bad'))).toBeUndefined();
      });

      it('streams a large async iterable', async () => {
        const total = options.bulkRows ?? 100_000;
        async function* generate(): AsyncGenerator<Row> {
          for (let i = 0; i < total; i++) yield { id: i, label: i % 10 === 0 ? null : `row ${i}`, amount: i / 4 };
        }
        const n = await adapter.bulkLoad(
          rel('load_large'),
          [
            { name: 'id', type: 'bigint' },
            { name: 'label', type: 'string' },
            { name: 'amount', type: 'double' },
          ],
          generate(),
        );
        expect(n).toBe(total);
        const stats = await adapter.execute(
          `select count(*) as n, count(label) as labelled, sum(id) as s, max(amount) as m from ${q('load_large')}`,
        );
        expect(lowerKeys(stats.rows)[0]).toEqual({ n: total, labelled: total - total / 10, s: (total * (total - 1)) / 2, m: (total - 1) / 4 });
      });
    });

    describe('toError', () => {
      it('maps a failing statement to database/query-failed with the position in the SQL', async () => {
        const sql = `select id,\n       nope_column\nfrom ${q('dml')}`;
        const err = await adapter.execute(sql, { nodeId: 'model.p.m', compiledPath: 'target/compiled/p/m.sql' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DatabaseError);
        const e = err as DatabaseError;
        expect(e.code).toBe('database/query-failed');
        expect(e.message).toMatch(/nope_column/i); // Snowflake upper-cases the unquoted name
        expect(e.message).not.toContain('\n');
        expect(e.sql).toBe(sql);
        expect(e.nodeId).toBe('model.p.m');
        expect(e.compiledPath).toBe('target/compiled/p/m.sql');
        expect(e.location).toEqual({ file: 'target/compiled/p/m.sql', line: 2, column: 8 });
        expect(e.cause).toBeDefined();
      });

      it('maps the position into the compiled SELECT a statement embeds', async () => {
        // With a FROM: the Snowflake test server reports a missing column of a FROM-less SELECT without its position.
        const compiled = `select 1 as a,\n  missing_col as b\nfrom (select 1 as x) as t`;
        const statement = adapter.dialect.createTableAs(rel('wrapped'), compiled);
        const err = await adapter
          .execute(statement, { compiledSql: compiled, compiledPath: 'target/compiled/p/w.sql' })
          .catch((e: unknown) => e);
        expect((err as DatabaseError).location).toEqual({ file: 'target/compiled/p/w.sql', line: 2, column: 3 });
      });
    });

    describe('cancellation', () => {
      it('interrupts a running statement when the signal aborts, and stays usable', async () => {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(), 150);
        const err = await adapter.execute(options.slowQuery, { signal: controller.signal }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DatabaseError);
        expect((err as DatabaseError).code).toBe('run/interrupted');
        expect(Date.now() - started).toBeLessThan(5000);
        expect(lowerKeys((await adapter.execute('select 1 as one')).rows)).toEqual([{ one: 1 }]);
      });

      it('does not start a statement whose signal already aborted', async () => {
        const controller = new AbortController();
        controller.abort();
        const err = await adapter.execute('select 1', { signal: controller.signal }).catch((e: unknown) => e);
        expect((err as DatabaseError).code).toBe('run/interrupted');
      });
    });
  });
}
