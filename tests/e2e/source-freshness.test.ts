import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDB } from '../helpers/duckdb-file.js';
import { copyFixture } from '../helpers/project-fixture.js';
import { runCli } from '../helpers/run-cli.js';

describe('opp source freshness', () => {
  let dir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ dir, cleanup } = copyFixture('freshness-shop'));
    await queryDuckDB(
      join(dir, 'opp.duckdb'),
      `create schema raw;
       create table raw.fresh_orders as select now()::timestamp - interval 10 minute as loaded_at;
       create table raw.stale_orders as select now()::timestamp - interval 3 hour as loaded_at;
       create table raw.old_orders as select now()::timestamp - interval 2 day as loaded_at;`,
    );
  });
  afterAll(() => cleanup());

  it('passes, warns and errors by threshold, writes sources.json and exits 1 on an error', async () => {
    const r = await runCli(['source', 'freshness', '-s', 'source:raw.fresh_orders', 'source:raw.stale_orders', 'source:raw.old_orders'], { cwd: dir });
    expect(r.code, r.stdout).toBe(1);
    expect(r.lines.some((l) => /PASS freshness of raw\.fresh_orders/.test(l))).toBe(true);
    expect(r.lines.some((l) => /WARN freshness of raw\.stale_orders/.test(l))).toBe(true);
    expect(r.lines.some((l) => /ERROR STALE freshness of raw\.old_orders/.test(l))).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, 'target', 'sources.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    expect(Object.fromEntries(json.results.map((x) => [x.unique_id, x.status]))).toEqual({
      'source.freshness_shop.raw.fresh_orders': 'pass',
      'source.freshness_shop.raw.stale_orders': 'warn',
      'source.freshness_shop.raw.old_orders': 'error',
    });
  });

  it('exits 0 when the worst is a warning', async () => {
    const r = await runCli(['source', 'freshness', '-s', 'source:raw.stale_orders'], { cwd: dir });
    expect(r.code).toBe(0);
  });
});
