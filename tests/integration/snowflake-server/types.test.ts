/**
 * Wire encodings of every Snowflake type, decoded by the real driver: numbers, text, booleans, dates,
 * times, timestamps (NTZ/LTZ/TZ), binary, VARIANT/OBJECT/ARRAY, NULLs, with the session's TIMEZONE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../../helpers/snowflake-server/index.js';
import { connect, destroy, exec, type Connection } from './driver.js';

describe('snowflake test server: types', () => {
  let server: SnowflakeTestServer;
  let conn: Connection;
  beforeAll(async () => {
    server = await startSnowflakeTestServer({ parameters: { TIMEZONE: 'UTC' } });
    conn = await connect(server);
    await exec(
      conn,
      `create or replace table typed (
        id number(38,0), amount number(10,2), ratio float, name varchar(100), flag boolean, d date, t time,
        ntz timestamp_ntz, ltz timestamp_ltz, bin binary, v variant, o object, a array)`,
    );
    await exec(
      conn,
      `insert into typed select 1, 9.99, 1.5, 'héllo "q"', true, '2024-01-02', '03:04:05.250', '2024-01-02 03:04:05.123',
        '2024-01-02 03:04:05.123+00:00', to_binary('ABCD', 'HEX'), parse_json('{"a":1,"b":[true,null]}'), parse_json('{"k":"v"}'), parse_json('[1,"x"]')`,
    );
    await exec(conn, 'insert into typed (id) values (2)');
  });
  afterAll(async () => {
    await destroy(conn);
    await server.close();
  });

  it('decodes every column type into the JavaScript value the driver gives for Snowflake', async () => {
    const { rows, stmt } = await exec(conn, 'select * from typed order by id');
    const r = rows[0]!;
    expect(r.ID).toBe(1);
    expect(r.AMOUNT).toBe(9.99);
    expect(r.RATIO).toBe(1.5);
    expect(r.NAME).toBe('héllo "q"');
    expect(r.FLAG).toBe(true);
    expect(r.D).toBeInstanceOf(Date);
    expect(JSON.parse(JSON.stringify(r.D))).toBe('2024-01-02');
    expect(r.T).toBe('03:04:05');
    expect(r.NTZ).toBeInstanceOf(Date);
    expect((r.NTZ as Date).toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect(JSON.parse(JSON.stringify(r.NTZ))).toBe('2024-01-02 03:04:05.123');
    expect((r.LTZ as Date).toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect(JSON.parse(JSON.stringify(r.LTZ))).toBe('2024-01-02 03:04:05.123 +0000');
    expect(Buffer.isBuffer(r.BIN)).toBe(true);
    expect((r.BIN as Buffer).toString('hex')).toBe('abcd');
    expect(r.V).toEqual({ a: 1, b: [true, null] });
    expect(r.O).toEqual({ k: 'v' });
    expect(r.A).toEqual([1, 'x']);
    const nulls = rows[1]!;
    // the driver turns a NULL TIME into the string 'NULL' (its toValueFromTime quirk), everything else into null
    expect(nulls.T).toBe('NULL');
    expect(Object.entries(nulls).filter(([k]) => k !== 'ID' && k !== 'T').every(([, v]) => v === null)).toBe(true);
    const types = Object.fromEntries(stmt.getColumns()!.map((c) => [c.getName(), c.getType()]));
    expect(types).toEqual({
      ID: 'fixed', AMOUNT: 'fixed', RATIO: 'real', NAME: 'text', FLAG: 'boolean', D: 'date', T: 'time', NTZ: 'timestamp_ntz',
      LTZ: 'timestamp_ltz', BIN: 'binary', V: 'variant', O: 'variant', A: 'variant',
    });
    const amount = stmt.getColumns()!.find((c) => c.getName() === 'AMOUNT')!;
    expect([amount.getPrecision(), amount.getScale()]).toEqual([10, 2]);
  });

  it('types expressions like Snowflake: aggregates, arrays, objects, false, negative and large numbers', async () => {
    const { rows, stmt } = await exec(
      conn,
      `select false as f, -12.5::number(5,1) as neg, 12345678901234::number as big, array_agg(x) within group (order by x) as arr,
        object_construct('a', 1) as obj, 1/4 as quarter, '1969-12-31 23:59:59.5'::timestamp_ntz as before_epoch
       from (select column1 as x from values (3), (1), (2))`,
    );
    expect(rows).toEqual([
      { F: false, NEG: -12.5, BIG: 12345678901234, ARR: [1, 2, 3], OBJ: { a: 1 }, QUARTER: 0.25, BEFORE_EPOCH: expect.any(Date) },
    ]);
    expect((rows[0]!.BEFORE_EPOCH as Date).toISOString()).toBe('1969-12-31T23:59:59.500Z');
    const types = stmt.getColumns()!.map((c) => c.getType());
    expect(types).toEqual(['boolean', 'fixed', 'fixed', 'array', 'variant', 'real', 'timestamp_ntz']);
  });

  it('formats TIMESTAMP_LTZ in the session TIMEZONE', async () => {
    const c = await connect(server);
    await exec(c, "alter session set timezone = 'America/New_York'");
    const { rows } = await exec(c, "select '2024-07-01 12:00:00+00:00'::timestamp_ltz as ltz, '2024-07-01 12:00:00+00:00'::timestamp_ltz::timestamp_ntz as ntz");
    expect((rows[0]!.LTZ as Date).toISOString()).toBe('2024-07-01T12:00:00.000Z');
    expect(JSON.parse(JSON.stringify(rows[0]!.LTZ))).toBe('2024-07-01 08:00:00.000 -0400');
    expect(JSON.parse(JSON.stringify(rows[0]!.NTZ))).toBe('2024-07-01 08:00:00.000');
    await destroy(c);
  });

  it('encodes TIMESTAMP_TZ as "epoch tzIndex" when configured', async () => {
    const tzServer = await startSnowflakeTestServer({ inProcess: true, timestamptzAs: 'timestamp_tz', parameters: { TIMEZONE: 'Asia/Kolkata' } });
    try {
      const c = await connect(tzServer);
      const { rows, stmt } = await exec(c, "select '2024-01-02 03:04:05+00:00'::timestamp_tz as tz");
      expect(stmt.getColumns()![0]!.getType()).toBe('timestamp_tz');
      expect((rows[0]!.TZ as Date).toISOString()).toBe('2024-01-02T03:04:05.000Z');
      expect(JSON.parse(JSON.stringify(rows[0]!.TZ))).toBe('2024-01-02 08:34:05.000 +0530');
      await destroy(c);
    } finally {
      await tzServer.close();
    }
  });

  it('describes a query without running it (describeOnly)', async () => {
    const r = await exec(conn, 'select id, name, ntz from typed', undefined, { describeOnly: true } as never);
    expect(r.rows).toEqual([]);
    expect(r.stmt.getColumns()!.map((c) => [c.getName(), c.getType()])).toEqual([
      ['ID', 'fixed'],
      ['NAME', 'text'],
      ['NTZ', 'timestamp_ntz'],
    ]);
  });

  it('binds single values of every driver bind type', async () => {
    const { rows } = await exec(conn, 'select ? as i, ? as f, ? as s, ? as b, ? as n, :1 + 1 as again', [41, 2.5, "it's", true, null]);
    expect(rows).toEqual([{ I: 41, F: 2.5, S: "it's", B: true, N: null, AGAIN: 42 }]);
    const { rows: d } = await exec(conn, 'select count(*) as n from typed where d = ? and name = ?', ['2024-01-02', 'héllo "q"']);
    expect(d).toEqual([{ N: 1 }]);
  });
});
