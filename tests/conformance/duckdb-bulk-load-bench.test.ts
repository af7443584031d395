import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Row } from '../../src/adapters/index.js';
import { DuckDBAdapter } from '../../src/adapters/duckdb/index.js';

/**
 * bulkLoad throughput and memory for 1,000,000 rows of 7 columns (bigint, 2 strings, double, ISO
 * timestamp string, boolean, JSON object). Opt-in, as it takes several seconds:
 *   OPP_BENCH=1 npx vitest run tests/conformance/duckdb-bulk-load-bench.test.ts
 */
const ROWS = Number(process.env['OPP_BENCH_ROWS'] ?? 1_000_000);

function* generate(n: number): Generator<Row> {
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    yield {
      id: i,
      name: `customer ${i}`,
      amount: i * 0.25,
      created_at: new Date(t0 + i * 1000).toISOString(),
      active: i % 3 === 0,
      note: i % 5 === 0 ? null : 'n',
      payload: { k: i, tags: ['a', 'b'] },
    };
  }
}

describe.runIf(process.env['OPP_BENCH'] === '1')('bulkLoad benchmark', () => {
  for (const where of ['memory', 'file'] as const) {
    it(`loads ${ROWS} rows into DuckDB (${where})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'opp-bench-'));
      const path = where === 'memory' ? ':memory:' : join(dir, 'bench.duckdb');
      const adapter = new DuckDBAdapter({ name: 'b', profileName: 'b', type: 'duckdb', database: '', schema: 'main', threads: 1, settings: { path } });
      try {
        await adapter.connect();
        let peak = process.memoryUsage().rss;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const n = await adapter.bulkLoad(
          { schema: 'main', identifier: 'big' },
          [
            { name: 'id', type: 'bigint' },
            { name: 'name', type: 'string' },
            { name: 'amount', type: 'double' },
            { name: 'created_at', type: 'timestamp' },
            { name: 'active', type: 'boolean' },
            { name: 'note', type: 'string' },
            { name: 'payload', type: 'json' },
          ],
          generate(ROWS),
        );
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage().rss);
        expect(n).toBe(ROWS);
        const check = await adapter.execute('select count(*) as n, count(note) as notes from main.big');
        expect(check.rows[0]).toEqual({ n: ROWS, notes: ROWS - ROWS / 5 });
        console.log(
          JSON.stringify({
            where,
            rows: n,
            seconds: +seconds.toFixed(2),
            rowsPerSecond: Math.round(n / seconds),
            cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
            peakRssMB: Math.round(peak / 1e6),
            heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
          }),
        );
      } finally {
        await adapter.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 600_000);
  }
});
