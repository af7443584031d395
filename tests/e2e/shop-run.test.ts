import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDB } from '../helpers/duckdb-file.js';
import { copyFixture } from '../helpers/project-fixture.js';
import { runCli } from '../helpers/run-cli.js';

// The shop fixture end to end through the built CLI: run, incremental re-run, selection, compile, show.
describe('opp run on the shop fixture', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;

  beforeAll(async () => {
    ({ dir, cleanup } = copyFixture('shop'));
    db = join(dir, 'shop.duckdb');
    await queryDuckDB(db, readFileSync(join(dir, 'setup', 'raw.sql'), 'utf8'));
  });
  afterAll(() => cleanup());

  it('builds every model in DAG order with dbt-style output', async () => {
    const r = await runCli(['run'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.lines).toContain("Concurrency: 2 threads (target='dev')");
    expect(r.lines.some((l) => /^\d of 4 OK created sql view model main_staging\.stg_orders ?\.+ \[CREATE VIEW in \d+\.\d\ds\]$/.test(l))).toBe(true);
    expect(r.lines.some((l) => /^\d of 4 OK created sql incremental model main\.fct_orders ?\.+ \[SELECT 3 in/.test(l))).toBe(true);
    expect(r.lines).toContain('Done. PASS=4 WARN=0 ERROR=0 SKIP=0 TOTAL=4');

    const kinds = await queryDuckDB(db, "select table_schema, table_name, table_type from information_schema.tables where table_schema like 'main%' order by all");
    expect(kinds).toEqual([
      { table_schema: 'main', table_name: 'customer_revenue', table_type: 'BASE TABLE' },
      { table_schema: 'main', table_name: 'fct_orders', table_type: 'BASE TABLE' },
      { table_schema: 'main_staging', table_name: 'stg_customers', table_type: 'VIEW' },
      { table_schema: 'main_staging', table_name: 'stg_orders', table_type: 'VIEW' },
    ]);
    const revenue = await queryDuckDB(db, 'select customer_id, country, paid_amount, refunded_amount from main.customer_revenue order by 1');
    expect(revenue).toEqual([
      { customer_id: 1, country: 'GB', paid_amount: 12.5, refunded_amount: 5 },
      { customer_id: 2, country: 'FR', paid_amount: 99, refunded_amount: 0 },
    ]);
  });

  it('writes manifest.json, run_results.json and the compiled and executed SQL', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { depends_on: { nodes: string[] } }> };
    expect(manifest.nodes['model.shop.fct_orders']!.depends_on.nodes.sort()).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    expect(results.results.map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
    const compiled = readFileSync(join(dir, 'target', 'compiled', 'shop', 'models', 'staging', 'stg_orders.sql'), 'utf8');
    expect(compiled).toContain('"shop"."raw"."orders"');
    expect(compiled).toContain('(amount_cents / 100.0) as amount');
    expect(existsSync(join(dir, 'target', 'run', 'shop', 'models', 'marts', 'fct_orders.sql'))).toBe(true);
  });

  it('inserts only new rows on an incremental re-run (delete+insert, the DuckDB default)', async () => {
    await queryDuckDB(db, "insert into raw.orders values (13, 2, 100, 'paid', timestamp '2025-03-04 09:00:00')");
    const r = await runCli(['run', '--select', 'fct_orders'], { cwd: dir });
    expect(r.code, r.stdout).toBe(0);
    expect(r.lines.some((l) => /1 of 1 OK created sql incremental model main\.fct_orders ?\.+ \[INSERT 1 in/.test(l))).toBe(true);
    const rows = await queryDuckDB(db, 'select count(*)::int as n from main.fct_orders');
    expect(rows).toEqual([{ n: 4 }]);
  });

  it('rebuilds the incremental model with --full-refresh', async () => {
    const r = await runCli(['run', '-s', 'fct_orders', '--full-refresh'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.lines.some((l) => /OK created sql incremental model main\.fct_orders ?\.+ \[SELECT 4 in/.test(l))).toBe(true);
  });

  it('lists what dbt would list for selection terms', async () => {
    const ls = async (...args: string[]) => (await runCli(['ls', ...args], { cwd: dir })).stdout.trim().split('\n');
    expect(await ls('--select', 'staging')).toEqual(['shop.staging.stg_customers', 'shop.staging.stg_orders']);
    expect(await ls('-s', '+fct_orders', '--output', 'name', '--resource-type', 'model')).toEqual(['stg_customers', 'stg_orders', 'fct_orders']);
    expect(await ls('-s', 'stg_orders+', '--exclude', 'customer_revenue', '--output', 'path')).toEqual([
      'models/staging/stg_orders.sql',
      'models/marts/fct_orders.sql',
    ]);
    expect(await ls('-s', 'tag:marts,config.materialized:table', '--output', 'name')).toEqual(['customer_revenue']);
    expect(await ls('-s', 'source:raw', '--output', 'name')).toEqual(['raw.customers', 'raw.orders']);
  });

  it('prints one compiled node with compile --select', async () => {
    const r = await runCli(['compile', '-s', 'stg_customers'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Compiled node 'stg_customers' is:");
    expect(r.stdout).toContain('from "shop"."raw"."customers"');
  });

  it('shows a model preview as a table and as JSON', async () => {
    const r = await runCli(['show', '-s', 'stg_customers', '--output', 'json'], { cwd: dir });
    expect(r.code, r.stdout).toBe(0);
    const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { node: string; show: unknown[] };
    expect(json).toEqual({
      node: 'stg_customers',
      show: [
        { customer_id: 1, email: 'ada@example.test', country: 'GB' },
        { customer_id: 2, email: 'bob@example.test', country: 'FR' },
      ],
    });
  });

  it('reports a SQL error as that model ERROR, skips its children, and exits 1', async () => {
    const file = join(dir, 'models', 'staging', 'stg_orders.sql');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('status,', 'no_such_column,'));
    try {
      const r = await runCli(['run'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.lines.some((l) => /ERROR creating sql view model main_staging\.stg_orders/.test(l))).toBe(true);
      expect(r.lines.some((l) => /SKIP relation main\.fct_orders/.test(l))).toBe(true);
      expect(r.stdout).toContain('no_such_column');
      expect(r.stdout).toContain('compiled code at target/compiled/shop/models/staging/stg_orders.sql');
      expect(r.lines).toContain('Done. PASS=1 WARN=0 ERROR=1 SKIP=2 TOTAL=4');
    } finally {
      writeFileSync(file, good);
    }
  });
});
