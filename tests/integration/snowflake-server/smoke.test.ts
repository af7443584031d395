import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../../helpers/snowflake-server/index.js';
import { connect, destroy, exec, type Connection } from './driver.js';

describe('smoke', () => {
  let server: SnowflakeTestServer;
  let conn: Connection;
  beforeAll(async () => {
    server = await startSnowflakeTestServer({ inProcess: true });
    conn = await connect(server);
  });
  afterAll(async () => {
    await destroy(conn);
    await server.close();
  });
  it('selects', async () => {
    const r = await exec(conn, 'select 1 as a, \'x\' as b, current_database() as db');
    expect(r.rows).toEqual([{ A: 1, B: 'x', DB: 'ANALYTICS' }]);
    await exec(conn, 'create table foo (id int, name varchar, amount number(10,2), created_at timestamp_ntz, is_paid boolean)');
    const ins = await exec(conn, "insert into foo values (1, 'a', 9.99, '2024-01-02 03:04:05.123', true)");
    expect(ins.updated).toBe(1);
    const sel = await exec(conn, 'select * from foo');
    console.log(sel.rows, JSON.stringify(sel.rows));
  });
});
