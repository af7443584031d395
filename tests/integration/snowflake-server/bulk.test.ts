/**
 * Bulk loading and speed through the real driver: array binds (the extract loader's path), 10k-row
 * inserts and selects, statement round trips. Figures are printed; bounds are loose (2-core machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../../helpers/snowflake-server/index.js';
import { connect, destroy, exec, type Bind, type Connection } from './driver.js';

const N = 10_000;

function rowsOf(n: number): Bind[][] {
  const out: Bind[][] = [];
  for (let i = 0; i < n; i++) out.push([i, `name ${i} 'q'`, i * 1.25, i % 2 === 0, JSON.stringify({ i, tags: ['a', i] })]);
  return out;
}

describe('snowflake test server: bulk loading and timing', () => {
  let server: SnowflakeTestServer;
  let conn: Connection;
  const figures: Record<string, string> = {};
  beforeAll(async () => {
    const t0 = performance.now();
    server = await startSnowflakeTestServer();
    figures['child server start'] = `${(performance.now() - t0).toFixed(0)} ms`;
    const t1 = performance.now();
    conn = await connect(server);
    figures['connect()'] = `${(performance.now() - t1).toFixed(1)} ms`;
    await exec(conn, 'create or replace table raw_events (id number, name varchar, score float, flag boolean, payload variant)');
  });
  afterAll(async () => {
    console.log('snowflake test server figures:', figures);
    await destroy(conn);
    await server.close();
  });

  it('measures the statement round trip', async () => {
    for (let i = 0; i < 20; i++) await exec(conn, 'select 1');
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await exec(conn, 'select ? as x', [i]);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[100]!;
    figures['round trip (median of 200)'] = `${median.toFixed(2)} ms`;
    figures['round trip (p90)'] = `${times[180]!.toFixed(2)} ms`;
    expect(median).toBeLessThan(50);
  });

  it('inserts 10k rows with array binds through INSERT … VALUES (?, …)', async () => {
    const rows = rowsOf(N);
    const t = performance.now();
    const r = await exec(conn, 'insert into raw_events (id, name, score, flag, payload) values (?, ?, ?, ?, ?)', rows);
    const ms = performance.now() - t;
    figures['10k-row array-bind insert'] = `${ms.toFixed(0)} ms (${Math.round(N / (ms / 1000))} rows/s)`;
    expect(r.updated).toBe(N);
    expect(r.rows).toEqual([{ 'number of rows inserted': N }]);
    const check = await exec(conn, "select count(*) as n, sum(id) as s, min(name) as first_name, count_if(flag) as flags from raw_events");
    expect(check.rows).toEqual([{ N: N, S: (N * (N - 1)) / 2, FIRST_NAME: "name 0 'q'", FLAGS: N / 2 }]);
    const log = (await server.queries()).find((q) => q.queryId === r.queryId);
    expect(log?.bindRows).toBe(N);
    expect(ms).toBeLessThan(30_000);
  });

  it('inserts with INSERT … SELECT … FROM VALUES (?, ?) and PARSE_JSON, as the Snowflake loader will', async () => {
    await exec(conn, 'create or replace table loaded (id number, payload variant, loaded_at timestamp_ntz)');
    const rows = rowsOf(N).map((r) => [r[0]!, r[4]!]);
    const t = performance.now();
    const r = await exec(conn, 'insert into loaded (id, payload, loaded_at) select column1, parse_json(column2), current_timestamp()::timestamp_ntz from values (?, ?)', rows);
    const ms = performance.now() - t;
    figures['10k-row INSERT … SELECT … FROM VALUES + PARSE_JSON'] = `${ms.toFixed(0)} ms (${Math.round(N / (ms / 1000))} rows/s)`;
    expect(r.updated).toBe(N);
    const sample = await exec(conn, 'select payload:i::int as i, payload:tags[1]::int as t1 from loaded where id = 42');
    expect(sample.rows).toEqual([{ I: 42, T1: 42 }]);
  });

  it('falls back to inline binds above CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (no stage support)', async () => {
    const small = await startSnowflakeTestServer({ inProcess: true, arrayBindingThreshold: 10 });
    try {
      const c = await connect(small);
      await exec(c, 'create table t (a int, b varchar)');
      const r = await exec(c, 'insert into t values (?, ?)', Array.from({ length: 50 }, (_, i) => [i, `v${i}`]));
      expect(r.updated).toBe(50);
      expect((await exec(c, 'select count(*) as n from t')).rows).toEqual([{ N: 50 }]);
      await destroy(c);
    } finally {
      await small.close();
    }
  });

  it('runs array binds without a VALUES tuple once per row', async () => {
    const r = await exec(conn, 'update raw_events set name = ? where id = ?', [
      ['first', 0],
      ['second', 1],
      ['nobody', -5],
    ]);
    expect(r.updated).toBe(2);
    expect((await exec(conn, 'select name from raw_events where id in (0, 1) order by id')).rows).toEqual([{ NAME: 'first' }, { NAME: 'second' }]);
  });

  it('selects 10k rows', async () => {
    const t = performance.now();
    const r = await exec(conn, 'select * from raw_events order by id');
    const ms = performance.now() - t;
    figures['10k-row select (5 columns)'] = `${ms.toFixed(0)} ms`;
    expect(r.rows).toHaveLength(N);
    expect(r.rows[N - 1]).toEqual({ ID: N - 1, NAME: `name ${N - 1} 'q'`, SCORE: (N - 1) * 1.25, FLAG: false, PAYLOAD: { i: N - 1, tags: ['a', N - 1] } });
    expect(ms).toBeLessThan(30_000);
  });
});
