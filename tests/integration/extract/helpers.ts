import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter, Row } from '../../../src/adapters/contract.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import { buildDemoEnv } from '../../../src/demo/demo-env.js';
import { startFakeApis } from '../../../src/demo/fake-apis/index.js';
import type { FakeApis, FakeApisOptions, FaultPlan } from '../../../src/demo/fake-apis/index.js';
import { generateDataset } from '../../../src/demo/generator/index.js';
import type { Dataset, DatasetOptions } from '../../../src/demo/generator/index.js';
import { createFakeClock, runExtract } from '../../../src/extract/index.js';
import type { ExtractEvent, ExtractResults, FakeClock, RunExtractOptions } from '../../../src/extract/index.js';

export const DEFAULT_DATASET: DatasetOptions = { seed: 7, engineers: 30, incidentsPerDay: 4, days: 40, endDate: '2026-03-31' };

/** The environment `runExtract` reads, pointing every source at the fake servers (product code: src/demo/demo-env.ts). */
export const fakeEnv = buildDemoEnv;

export interface Harness {
  readonly dataset: Dataset;
  readonly apis: FakeApis;
  readonly adapter: Adapter;
  readonly clock: FakeClock;
  readonly env: Record<string, string>;
  readonly dbPath: string;
  readonly events: ExtractEvent[];
  run(opts?: Partial<RunExtractOptions>): Promise<ExtractResults>;
  rows(sql: string): Promise<Row[]>;
  count(table: string, where?: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A data set, the fake servers on 127.0.0.1, a real DuckDB file through the real adapter, and a fake
 * clock at the data's "now" (so backoff never sleeps and rate-limit dates agree with the servers).
 */
export async function startHarness(
  opts: { dataset?: Partial<DatasetOptions>; faults?: FaultPlan; apis?: Partial<Omit<FakeApisOptions, 'dataset'>>; threads?: number } = {},
): Promise<Harness> {
  const dataset = generateDataset({ ...DEFAULT_DATASET, ...opts.dataset });
  const clock = createFakeClock(dataset.endMs);
  const apis = await startFakeApis({ dataset, ...(opts.faults ? { faults: opts.faults } : {}), now: () => clock.now(), ...opts.apis });
  const dir = mkdtempSync(join(tmpdir(), 'opp-extract-'));
  const dbPath = join(dir, 'warehouse.duckdb');
  const adapter = await createAdapter({ name: 'test', profileName: 'test', type: 'duckdb', database: '', schema: 'main', threads: opts.threads ?? 1, settings: { path: dbPath } });
  await adapter.connect();
  const env = fakeEnv(apis, dataset);
  const events: ExtractEvent[] = [];
  return {
    dataset,
    apis,
    adapter,
    clock,
    env,
    dbPath,
    events,
    run: (o = {}) =>
      runExtract({
        adapter,
        env,
        clock,
        random: () => 0.5,
        retry: { timeoutMs: 2_000, maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 30_000, maxRateLimitWaitMs: 15 * 60_000 },
        onEvent: (e) => events.push(e),
        ...o,
      }),
    rows: async (sql) => (await adapter.execute(sql)).rows,
    count: async (table, where) => Number((await adapter.execute(`select count(*) as n from raw.${table}${where ? ` where ${where}` : ''}`)).rows[0]!['n']),
    close: async () => {
      await adapter.close();
      await apis.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every RAW row of a table without the columns a run stamps (`_extracted_at`, `_run_id`), ordered. */
export async function tableContents(adapter: Adapter, table: string): Promise<string[]> {
  const res = await adapter.execute(`select * exclude (_extracted_at, _run_id) from raw.${table} order by all`);
  return res.rows.map((r) => JSON.stringify(r));
}
