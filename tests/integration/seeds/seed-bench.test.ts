import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeedNode } from '../../../src/manifest/index.js';
import { executeSeed } from '../../../src/materialize/index.js';
import { openDuckDB } from './helpers.js';

/**
 * Opt-in: a 1,000,000-row, 7-column, ~80 MB seed through executeSeed, natively and through bulkLoad.
 * OPP_BENCH=1 npx vitest run tests/integration/seeds/seed-bench.test.ts
 */
const ROWS = 1_000_000;

async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,name,amount,active,created_on,updated_at,note\n');
  let chunk = '';
  for (let i = 1; i <= ROWS; i++) {
    chunk += `${i},name ${i},${(i * 1.25).toFixed(2)},${i % 2 ? 'true' : 'false'},2024-01-${String(1 + (i % 28)).padStart(2, '0')},2024-01-01 10:00:${String(i % 60).padStart(2, '0')},"note, ${i}"\n`;
    if (i % 10_000 === 0) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

describe.runIf(process.env['OPP_BENCH'] === '1')('seed benchmark', () => {
  it('loads 1M rows natively and through bulkLoad', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-seed-bench-'));
    const path = join(dir, 'seeds', 'big.csv');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'seeds')));
    await writeCsv(path);
    const node = {
      resourceType: 'seed', uniqueId: 'seed.bench.big', name: 'big', packageName: 'bench', fqn: ['bench', 'big'],
      originalFilePath: 'seeds/big.csv', path: 'big.csv', description: '', meta: {}, tags: [], database: 'memory', schema: 'main', alias: 'big',
      checksum: '', config: { enabled: true, materialized: 'seed', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [] }, unrenderedConfig: {},
      columns: {}, dependsOn: { nodes: [], macros: [] }, docs: { show: true }, absolutePath: path,
    } as SeedNode;
    try {
      for (const forceBulkLoad of [false, true]) {
        const adapter = await openDuckDB();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const result = await executeSeed(node, 'Thread-1', { adapter, fullRefresh: false, forceBulkLoad });
        const wall = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        console.log(`${forceBulkLoad ? 'bulkLoad' : 'native  '}: ${result.message} in ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
        expect(result.message).toBe(`INSERT ${ROWS}`);
        const types = (await adapter.getColumns({ database: 'memory', schema: 'main', identifier: 'big' })).map((c) => c.dataType);
        expect(types).toEqual(['INTEGER', 'VARCHAR', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'VARCHAR']);
        await adapter.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
