import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter } from '../../../src/adapters/index.js';
import { parseProject } from '../../../src/compile/index.js';
import { readProjectConfig } from '../../../src/config/index.js';
import type { TargetConfig } from '../../../src/config/types.js';
import { buildSourcesJson, runFreshness, type FreshnessResult } from '../../../src/freshness/index.js';
import type { Manifest } from '../../../src/manifest/index.js';
import { loadProjectFiles } from '../../../src/project/index.js';
import { FIXTURES } from '../../helpers/project-fixture.js';

/** The freshness-shop fixture's sources measured in a real in-memory DuckDB. */

const target: TargetConfig = { name: 'dev', profileName: 'freshness_shop', type: 'duckdb', database: 'memory', schema: 'main', threads: 2, settings: { path: ':memory:' } };
let adapter: Adapter;
let manifest: Manifest;
let results: FreshnessResult[];
const started: string[] = [];
const finished: string[] = [];

const id = (table: string, source = 'raw') => `source.freshness_shop.${source}.${table}`;

beforeAll(async () => {
  adapter = await createAdapter(target);
  await adapter.connect();
  for (const sql of [
    'create schema raw',
    'create schema other',
    "create table raw.fresh_orders as select 1 as id, now() - interval 10 minute as loaded_at",
    "create table raw.stale_orders as select 1 as id, now() - interval 3 hour as loaded_at",
    "create table raw.old_orders as select 1 as id, now() - interval 2 day as loaded_at",
    "create table raw.filtered_orders as select * from (values ('real', now() - interval 3 hour), ('test', now() - interval 1 minute)) t(kind, loaded_at)",
    "create table raw.unchecked_orders as select 1 as id, now() - interval 300 day as loaded_at",
    "create table raw.broken_orders as select 1 as id, now() as loaded_at",
    // naive UTC wall-clock timestamps
    "create table raw.utc_orders as select 1 as id, (now() at time zone 'UTC') - interval 45 minute as loaded_at_utc",
    'create table raw.empty_orders (id integer, loaded_at timestamptz)',
    'create table other.plain as select 1 as id',
    // The session's zone must not matter: naive timestamps are UTC, as dbt reads them.
    "set TimeZone = 'Asia/Tokyo'",
  ]) {
    await adapter.execute(sql);
  }
  const files = await loadProjectFiles(readProjectConfig(join(FIXTURES, 'freshness-shop')));
  ({ manifest } = await parseProject(files, target, { cacheDir: false, env: {}, dialect: adapter.dialect }));
  results = await runFreshness(adapter, manifest, Object.keys(manifest.sources).sort(), {
    threads: 2,
    onStart: (s, i, total, thread) => started.push(`${i}/${total} ${s.sourceName}.${s.name} ${thread}`),
    onResult: (r, s, i, total) => finished.push(`${i}/${total} ${r.status} ${s.sourceName}.${s.name}`),
  });
});

afterAll(async () => {
  await adapter?.close();
});

function result(table: string): FreshnessResult {
  const r = results.find((x) => x.uniqueId === id(table));
  if (!r) throw new Error(`no result for ${table}`);
  return r;
}

describe('runFreshness', () => {
  it('checks the tables with a loaded_at_field and a rule, in the order given', () => {
    expect(results.map((r) => [r.uniqueId.split('.').pop(), r.status])).toEqual([
      ['broken_orders', 'runtime error'],
      ['empty_orders', 'error'],
      ['filtered_orders', 'warn'],
      ['fresh_orders', 'pass'],
      ['old_orders', 'error'],
      ['stale_orders', 'warn'],
      ['utc_orders', 'warn'],
    ]);
  });

  it('measures the age in seconds from the warehouse clock', () => {
    const fresh = result('fresh_orders');
    expect(fresh.maxLoadedAtTimeAgoInS).toBeGreaterThan(595);
    expect(fresh.maxLoadedAtTimeAgoInS).toBeLessThan(700);
    expect(fresh.maxLoadedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/);
    expect(Date.parse(fresh.snapshottedAt!) - Date.parse(fresh.maxLoadedAt!)).toBeCloseTo(fresh.maxLoadedAtTimeAgoInS! * 1000, -1);
    expect(result('stale_orders').maxLoadedAtTimeAgoInS).toBeGreaterThan(3 * 3600 - 5);
  });

  it('reads naive timestamps as UTC whatever the session time zone', () => {
    const utc = result('utc_orders');
    expect(utc.maxLoadedAtTimeAgoInS).toBeGreaterThan(45 * 60 - 5);
    expect(utc.maxLoadedAtTimeAgoInS).toBeLessThan(46 * 60);
    expect(utc.criteria).toEqual({ warnAfter: { count: 30, period: 'minute' }, errorAfter: { count: 2, period: 'hour' } });
  });

  it('applies the filter', () => {
    const filtered = result('filtered_orders');
    expect(filtered.compiledCode).toContain("where kind <> 'test'");
    expect(filtered.maxLoadedAtTimeAgoInS).toBeGreaterThan(3 * 3600 - 5);
  });

  it('an empty table is infinitely old', () => {
    expect(result('empty_orders')).toMatchObject({ status: 'error', message: 'ERROR STALE', maxLoadedAt: '0001-01-01T00:00:00+00:00' });
  });

  it('a missing loaded_at column is a runtime error, not a crash', () => {
    const broken = result('broken_orders');
    expect(broken.error?.code).toBe('database/query-failed');
    expect(broken.message).toMatch(/missing_column/);
    expect(broken.maxLoadedAt).toBeUndefined();
  });

  it('reports START and the result of every table, numbered', () => {
    expect(started).toHaveLength(7);
    expect(started.map((s) => s.split(' ')[0]).sort()).toEqual(['1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
    expect(new Set(started.map((s) => s.split(' ')[2]))).toEqual(new Set(['Thread-1', 'Thread-2']));
    expect(finished).toContain(`${started.find((s) => s.includes('raw.old_orders'))!.split(' ')[0]} error raw.old_orders`);
  });
});

describe('buildSourcesJson', () => {
  it("writes dbt's sources.json v3", () => {
    const json = buildSourcesJson(results, { generatedAt: '2024-01-01T00:00:00Z', invocationId: 'inv', oppVersion: '0.1.0', elapsedTime: 1.5 }) as {
      metadata: Record<string, unknown>;
      results: Record<string, unknown>[];
      elapsed_time: number;
    };
    expect(json.metadata).toEqual({ dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json', dbt_version: '0.1.0', generated_at: '2024-01-01T00:00:00Z', invocation_id: 'inv', env: {} });
    expect(json.elapsed_time).toBe(1.5);
    const fresh = json.results.find((r) => r['unique_id'] === id('fresh_orders'))!;
    expect(Object.keys(fresh)).toEqual([
      'unique_id',
      'max_loaded_at',
      'snapshotted_at',
      'max_loaded_at_time_ago_in_s',
      'status',
      'criteria',
      'adapter_response',
      'timing',
      'thread_id',
      'execution_time',
    ]);
    expect(fresh['criteria']).toEqual({ warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: null });
    expect(fresh['status']).toBe('pass');
    expect((fresh['timing'] as { name: string }[]).map((t) => t.name)).toEqual(['compile', 'execute']);
    const filtered = json.results.find((r) => r['unique_id'] === id('filtered_orders'))!;
    expect(filtered['criteria']).toEqual({ warn_after: { count: 1, period: 'hour' }, error_after: { count: null, period: null }, filter: "kind <> 'test'" });
    const broken = json.results.find((r) => r['unique_id'] === id('broken_orders'))!;
    expect(Object.keys(broken)).toEqual(['unique_id', 'error', 'status']);
    expect(broken['status']).toBe('runtime error');
  });
});
