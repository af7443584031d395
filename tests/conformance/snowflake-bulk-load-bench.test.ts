import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter, type LoadColumn, type Row } from '../../src/adapters/index.js';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../helpers/snowflake-server/index.js';

/**
 * Snowflake bulkLoad throughput through the real driver and the test server (array-bound INSERTs of up
 * to 65,280 bound values each), for 7 columns with and without a JSON column (JSON needs the
 * `INSERT ... SELECT ... FROM VALUES` form). Opt-in, as it takes a while:
 *   OPP_BENCH=1 [OPP_BENCH_ROWS=200000] npx vitest run tests/conformance/snowflake-bulk-load-bench.test.ts
 */
const ROWS = Number(process.env['OPP_BENCH_ROWS'] ?? 200_000);

const COLUMNS: LoadColumn[] = [
  { name: 'id', type: 'bigint' },
  { name: 'name', type: 'string' },
  { name: 'amount', type: 'double' },
  { name: 'created_at', type: 'timestamp' },
  { name: 'active', type: 'boolean' },
  { name: 'note', type: 'string' },
  { name: 'payload', type: 'json' },
];

function* generate(n: number, json: boolean): Generator<Row> {
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    yield {
      id: i,
      name: `customer ${i}`,
      amount: i * 0.25,
      created_at: new Date(t0 + i * 1000).toISOString(),
      active: i % 3 === 0,
      note: i % 5 === 0 ? null : 'n',
      ...(json ? { payload: { k: i, tags: ['a', 'b'] } } : { payload: null }),
    };
  }
}

describe.runIf(process.env['OPP_BENCH'] === '1')('Snowflake bulkLoad benchmark (test server)', () => {
  let server: SnowflakeTestServer;
  let adapter: Adapter;
  beforeAll(async () => {
    server = await startSnowflakeTestServer({ users: [{ name: 'bench', password: 'bench-pw' }] });
    adapter = await createAdapter({
      name: 'bench',
      profileName: 'bench',
      type: 'snowflake',
      database: 'ANALYTICS',
      schema: 'PUBLIC',
      threads: 1,
      settings: { account: 'fake', user: 'bench', password: 'bench-pw', warehouse: 'COMPUTE_WH', host: '127.0.0.1', port: server.port, protocol: 'http' },
    });
    await adapter.connect();
  });
  afterAll(async () => {
    await adapter?.close();
    await server?.close();
  });

  for (const json of [false, true]) {
    it(`loads ${ROWS} rows × 7 columns ${json ? 'with' : 'without'} a JSON column`, async () => {
      const cols = json ? COLUMNS : COLUMNS.map((c) => (c.type === 'json' ? { ...c, type: 'string' as const } : c));
      const table = { database: 'ANALYTICS', schema: 'PUBLIC', identifier: json ? 'big_json' : 'big_plain' };
      await server.clearQueries();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const n = await adapter.bulkLoad(table, cols, generate(ROWS, json));
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      expect(n).toBe(ROWS);
      const inserts = (await server.queries()).filter((q) => q.kind === 'INSERT');
      const count = (await adapter.execute(`select count(*) as n from ${adapter.dialect.relationName(table)}`)).rows[0];
      expect(Number(Object.values(count ?? {})[0])).toBe(ROWS);
      console.log(
        `snowflake bulkLoad ${json ? 'json' : 'plain'}: ${ROWS} rows in ${seconds.toFixed(2)} s = ${Math.round(ROWS / seconds)} rows/s; ` +
          `${inserts.length} INSERTs of ≤ ${Math.max(...inserts.map((q) => q.bindRows))} rows; client CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
      );
    }, 600_000);
  }
});
