import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { duckdbCatalogName, type Row } from '../../src/adapters/index.js';
import { DuckDBAdapter } from '../../src/adapters/duckdb/index.js';
import type { TargetConfig } from '../../src/config/types.js';
import { ConfigError, DatabaseError } from '../../src/errors/index.js';

/** DuckDB-only behaviour, beside the shared conformance suite. */
const dir = mkdtempSync(join(tmpdir(), 'opp-duckdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function target(settings: Record<string, unknown>, extra: Partial<TargetConfig> = {}): TargetConfig {
  const path = String(settings['path'] ?? ':memory:');
  return { name: 'dev', profileName: 'p', type: 'duckdb', database: duckdbCatalogName(path), schema: 'main', threads: 2, settings, ...extra };
}

async function withAdapter<T>(settings: Record<string, unknown>, fn: (a: DuckDBAdapter) => Promise<T>): Promise<T> {
  const adapter = new DuckDBAdapter(target(settings));
  try {
    await adapter.connect();
    return await fn(adapter);
  } finally {
    await adapter.close();
  }
}

describe('DuckDB adapter', () => {
  it('converts nested and temporal values to plain JS', async () => {
    await withAdapter({ path: ':memory:' }, async (a) => {
      const r = await a.execute(
        `select [1, 2, null] as l, {'a': 1, 'b': [true]} as st, map {'k': 1.5} as m, '{"x": [1]}'::json as j,
                timestamptz '2024-01-02 03:04:05.5+02' as tz, 170141183460469231731687303715884105727::hugeint as h,
                time '01:02:03' as t, interval 3 day as i, '00000000-0000-0000-0000-000000000001'::uuid as u,
                'infinity'::timestamp as inf, 1.25::decimal(5,2) as d, 'x'::blob as bl`,
      );
      expect(r.rows[0]).toEqual({
        l: [1, 2, null],
        st: { a: 1, b: [true] },
        m: { k: 1.5 },
        j: '{"x": [1]}',
        tz: '2024-01-02T01:04:05.500Z',
        h: '170141183460469231731687303715884105727',
        t: '01:02:03',
        i: '3 days',
        u: '00000000-0000-0000-0000-000000000001',
        inf: 'infinity',
        d: 1.25,
        bl: new Uint8Array([120]),
      });
      expect(Object.fromEntries(r.columns.map((c) => [c.name, c.dataType]))).toMatchObject({
        l: 'INTEGER[]',
        j: 'JSON',
        tz: 'TIMESTAMP WITH TIME ZONE',
        d: 'DECIMAL(5,2)',
      });
    });
  });

  it('runs statements on several pooled connections at once', async () => {
    await withAdapter({ path: join(dir, 'pool.duckdb') }, async (a) => {
      await a.ensureSchema({ schema: 'a' });
      await a.ensureSchema({ schema: 'b' });
      const builds = Array.from({ length: 6 }, (_, i) =>
        a.executePlan([
          { purpose: 'begin', sql: 'begin' },
          { purpose: 'create', sql: `create table ${i % 2 ? 'a' : 'b'}.t${i}__opp_tmp as select range as id from range(${1000 * (i + 1)})` },
          { purpose: 'drop', sql: `drop table if exists ${i % 2 ? 'a' : 'b'}.t${i}` },
          { purpose: 'swap', sql: `alter table ${i % 2 ? 'a' : 'b'}.t${i}__opp_tmp rename to t${i}` },
          { purpose: 'commit', sql: 'commit' },
        ]),
      );
      await Promise.all(builds);
      const counts = await a.execute(
        `select table_name, estimated_size from duckdb_tables() where schema_name in ('a', 'b') order by table_name`,
      );
      expect(counts.rows.map((r) => r['table_name'])).toEqual(['t0', 't1', 't2', 't3', 't4', 't5']);
      expect(a.capabilities.singleWriter).toBe(false);
    });
  });

  it('shares one instance between adapters of the same file and closes it with the last one', async () => {
    const path = join(dir, 'shared.duckdb');
    const first = new DuckDBAdapter(target({ path }));
    const second = new DuckDBAdapter(target({ path }));
    await first.connect();
    await second.connect();
    await first.execute('create table shared_t as select 42 as v');
    expect((await second.execute('select v from shared_t')).rows).toEqual([{ v: 42 }]);
    await first.close();
    expect((await second.execute('select v from shared_t')).rows).toEqual([{ v: 42 }]);
    await second.close();
    // Closed for good: a new adapter opens the file again and sees the data.
    await withAdapter({ path }, async (a) => expect((await a.execute('select v from shared_t')).rows).toEqual([{ v: 42 }]));
  });

  it('reports a file locked by another process as connection-failed naming the file', async () => {
    const path = join(dir, 'locked.duckdb');
    const holder: ChildProcess = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         const i = await DuckDBInstance.create(${JSON.stringify(path)});
         const c = await i.connect(); await c.run('create table if not exists x (id integer)');
         console.log('ready'); setInterval(() => {}, 1000);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (d: Buffer) => (String(d).includes('ready') ? resolve() : undefined));
        holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
      });
      const adapter = new DuckDBAdapter(target({ path }));
      const err = await adapter.connect().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      expect((err as DatabaseError).code).toBe('database/connection-failed');
      expect((err as DatabaseError).message).toContain(path);
      expect((err as DatabaseError).hint).toContain(path);
      expect((err as DatabaseError).hint).toMatch(/Another process/);
      await adapter.close();
    } finally {
      holder.kill();
    }
  });

  it('reports a path in a missing folder as connection-failed', async () => {
    const adapter = new DuckDBAdapter(target({ path: join(dir, 'no', 'such', 'dir', 'x.duckdb') }));
    const err = await adapter.connect().catch((e: unknown) => e);
    expect((err as DatabaseError).code).toBe('database/connection-failed');
    expect((err as DatabaseError).hint).toContain('x.duckdb');
    await adapter.close();
  });

  it('rejects a database name that is not the file catalog', async () => {
    const adapter = new DuckDBAdapter(target({ path: join(dir, 'named.duckdb') }, { database: 'analytics' }));
    const err = await adapter.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).hint).toContain('named');
    await adapter.close();
  });

  it('applies settings and loads only extensions that are installed', async () => {
    await withAdapter({ path: ':memory:', settings: { threads: 1, memory_limit: '512MB' }, extensions: ['json'] }, async (a) => {
      const r = await a.execute(`select current_setting('threads') as threads, current_setting('autoinstall_known_extensions') as auto`);
      expect(r.rows[0]).toEqual({ threads: 1, auto: false });
    });
    const missing = new DuckDBAdapter(target({ path: ':memory:', extensions: ['opp_no_such_extension'] }));
    const err = await missing.connect().catch((e: unknown) => e);
    expect((err as DatabaseError).code).toBe('database/connection-failed');
    expect((err as DatabaseError).hint).toMatch(/never downloads/);
    await missing.close();
    const bad = new DuckDBAdapter(target({ path: ':memory:', settings: { no_such_setting: 1 } }));
    const badErr = await bad.connect().catch((e: unknown) => e);
    expect((badErr as DatabaseError).message).toContain('no_such_setting');
    await bad.close();
  });

  it('rejects malformed extensions and settings in the target', () => {
    expect(() => new DuckDBAdapter(target({ path: ':memory:', extensions: 'json' }))).toThrow(ConfigError);
    expect(() => new DuckDBAdapter(target({ path: ':memory:', settings: ['a'] }))).toThrow(ConfigError);
  });

  it('bulk-loads JSON values as their text and keeps the column type JSON', async () => {
    await withAdapter({ path: ':memory:' }, async (a) => {
      const rows: Row[] = [{ j: { a: 1 } }, { j: 'plain string' }, { j: [1, null] }, { j: null }, { j: 3 }];
      await a.bulkLoad({ schema: 'main', identifier: 'js' }, [{ name: 'j', type: 'json' }], rows);
      const r = await a.execute(`select j::varchar as j, json_type(j) as t from main.js`);
      expect(r.rows).toEqual([
        { j: '{"a":1}', t: 'OBJECT' },
        { j: '"plain string"', t: 'VARCHAR' },
        { j: '[1,null]', t: 'ARRAY' },
        { j: null, t: null },
        { j: '3', t: 'UBIGINT' },
      ]);
      expect((await a.getColumns({ schema: 'main', identifier: 'js' }))[0]!.dataType).toBe('JSON');
    });
  });

  it('reads temporal values exactly as DuckDB casts them, natively or through its parser', async () => {
    await withAdapter({ path: ':memory:', settings: { TimeZone: 'UTC' } }, async (a) => {
      const cols = [
        { name: 'k', type: 'integer' as const },
        { name: 'ts', type: 'timestamp' as const },
        { name: 'tz', type: 'timestamp_tz' as const },
        { name: 'd', type: 'date' as const },
      ];
      // Chunk 1: every value has a native fast path. Chunk 2: 'infinity', a zone-less TIMESTAMPTZ and a
      // DuckDB-only spelling force the text path for those columns; DuckDB's cast decides.
      const native: Row[] = [
        { k: 1, ts: '2024-01-02T03:04:05.1234567+02:00', tz: '2024-01-02 03:04:05-01:30', d: '2024-02-29' },
        { k: 2, ts: new Date(Date.UTC(2024, 0, 1, 12)), tz: Date.UTC(2024, 0, 1), d: new Date(Date.UTC(1969, 11, 31, 23)) },
      ];
      const text: Row[] = [
        { k: 3, ts: 'infinity', tz: '2024-01-02 03:04:05', d: '2024-1-5' },
        { k: 4, ts: '2024-01-02 03:04:05', tz: '2024-01-02T03:04:05Z', d: '2024-01-06' },
      ];
      await a.bulkLoad({ schema: 'main', identifier: 'times_native' }, cols, native);
      await a.bulkLoad({ schema: 'main', identifier: 'times_text' }, cols, text);
      const q = (t: string) => a.execute(`select k, ts::varchar as ts, tz::varchar as tz, d::varchar as d from main.${t} order by k`);
      expect((await q('times_native')).rows).toEqual([
        { k: 1, ts: '2024-01-02 03:04:05.123456', tz: '2024-01-02 04:34:05+00', d: '2024-02-29' },
        { k: 2, ts: '2024-01-01 12:00:00', tz: '2024-01-01 00:00:00+00', d: '1969-12-31' },
      ]);
      expect((await q('times_text')).rows).toEqual([
        { k: 3, ts: 'infinity', tz: '2024-01-02 03:04:05+00', d: '2024-01-05' },
        { k: 4, ts: '2024-01-02 03:04:05', tz: '2024-01-02 03:04:05+00', d: '2024-01-06' },
      ]);
      // The same strings cast in SQL give the same values as the native path.
      const sql = await a.execute(
        `select '2024-01-02T03:04:05.1234567+02:00'::timestamp::varchar as ts, '2024-01-02 03:04:05-01:30'::timestamptz::varchar as tz`,
      );
      expect(sql.rows[0]).toEqual({ ts: '2024-01-02 03:04:05.123456', tz: '2024-01-02 04:34:05+00' });
    });
  });

  it('loads inside a surrounding transaction and rolls back with it', async () => {
    await withAdapter({ path: ':memory:' }, async (a) => {
      await a.execute('create table main.t (id integer)');
      await expect(
        a.withTransaction(async () => {
          await a.bulkLoad({ schema: 'main', identifier: 't' }, [{ name: 'id', type: 'integer' }], [{ id: 1 }, { id: 2 }]);
          expect((await a.execute('select count(*) as n from main.t')).rows[0]).toEqual({ n: 2 });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect((await a.execute('select count(*) as n from main.t')).rows[0]).toEqual({ n: 0 });
    });
  });
});
