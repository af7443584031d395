import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryDuckDB } from '../helpers/duckdb-file.js';
import { copyFixture } from '../helpers/project-fixture.js';
import { runCli } from '../helpers/run-cli.js';

// opp build as dbt's: seeds, snapshots, models, unit tests and data tests of the selection in one DAG
// order; a model's unit tests run before it; an error-severity failure skips what depends on the tested
// model; warnings do not fail the run.
describe('opp build on the build-shop fixture', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = copyFixture('build-shop')));
  afterEach(() => cleanup());

  const line = (lines: string[], re: RegExp) => lines.find((l) => re.test(l));

  it('builds everything in DAG order, with a warning that does not fail the run', async () => {
    const r = await runCli(['build'], { cwd: dir });
    expect(r.code, r.stdout).toBe(0);
    expect(r.lines).toContain('Done. PASS=14 WARN=1 ERROR=0 SKIP=0 TOTAL=15');
    expect(line(r.lines, /WARN 1 not_null_stg_orders_amount/)).toBeDefined();
    const order = r.lines.filter((l) => / START /.test(l)).map((l) => l.replace(/^\d+ of \d+ START /, '').replace(/\.+ \[RUN\]$/, ''));
    // seeds before what reads them; the unit test before its model; the model's tests before its child
    expect(order.indexOf('unit_test fct_orders::amounts_default_to_zero')).toBeLessThan(order.indexOf('sql table model main.fct_orders'));
    expect(order.indexOf('seed file main_raw.raw_orders')).toBeLessThan(order.indexOf('sql view model main.stg_orders'));
    expect(order.findIndex((l) => l.startsWith('test relationships_fct_orders'))).toBeLessThan(order.indexOf('sql table model main.country_revenue'));
    const db = join(dir, 'opp.duckdb');
    expect(await queryDuckDB(db, 'select country, revenue::double as revenue from main.country_revenue order by 1')).toEqual([
      { country: 'FR', revenue: 99 },
      { country: 'GB', revenue: 12.5 },
    ]);
    // quoted comma, empty value → NULL
    expect(await queryDuckDB(db, 'select email from main_raw.raw_customers where id = 3')).toEqual([{ email: 'carla, the second@example.test' }]);
    expect(await queryDuckDB(db, 'select amount_cents from main_raw.raw_orders where id = 13')).toEqual([{ amount_cents: null }]);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; failures: number | null }[] };
    const warn = results.results.find((x) => x.unique_id.startsWith('test.build_shop.not_null_stg_orders_amount'));
    expect(warn).toMatchObject({ status: 'warn', failures: 1 });
  });

  it('skips everything downstream of a model whose error-severity test fails, and exits 1', async () => {
    appendFileSync(join(dir, 'seeds', 'raw_orders.csv'), '12,2,100,paid,2025-03-05 08:00:00\n'); // duplicate id 12
    const r = await runCli(['build'], { cwd: dir });
    expect(r.code, r.stdout).toBe(1);
    expect(line(r.lines, /FAIL 1 unique_stg_orders_order_id/)).toBeDefined();
    expect(line(r.lines, /SKIP relation main\.fct_orders/)).toBeDefined();
    expect(line(r.lines, /SKIP relation main\.country_revenue/)).toBeDefined();
    expect(line(r.lines, /OK snapshotted snapshots\.customers_snapshot/)).toBeDefined(); // independent branch
    expect(r.lines.find((l) => l.startsWith('Done.'))).toMatch(/ERROR=1 .*SKIP=[1-9]/);
  });

  it('does not build a model whose unit test fails', async () => {
    const file = join(dir, 'models', 'marts', 'fct_orders.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('coalesce(o.amount, 0)', 'o.amount'));
    const r = await runCli(['build', '-s', '+fct_orders'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(line(r.lines, /FAIL 1 fct_orders::amounts_default_to_zero/)).toBeDefined();
    expect(line(r.lines, /SKIP relation main\.fct_orders/)).toBeDefined();
    expect(r.stdout).toContain('actual differs from expected');
  });

  it('opp test runs the selected model tests and unit tests only', async () => {
    expect((await runCli(['build', '--exclude', 'resource_type:test'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['test', '-s', 'fct_orders'], { cwd: dir });
    expect(r.code, r.stdout).toBe(0);
    const names = r.lines.filter((l) => / (PASS|WARN|FAIL) /.test(l)).map((l) => l.replace(/^\d+ of \d+ (PASS|WARN \d+|FAIL \d+) /, '').replace(/\.* \[.*$/, ''));
    expect(names.sort()).toEqual(['fct_orders::amounts_default_to_zero', 'not_null_fct_orders_amount', 'relationships_fct_orders_customer_id__customer_id__ref_stg_customers_'].sort());
  });

  it('snapshots record a change as a new version', async () => {
    expect((await runCli(['build'], { cwd: dir })).code).toBe(0);
    const seed = join(dir, 'seeds', 'raw_customers.csv');
    writeFileSync(seed, readFileSync(seed, 'utf8').replace('2,bob@example.test,FR', '2,bob@example.test,DE'));
    expect((await runCli(['seed'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['snapshot'], { cwd: dir });
    expect(r.code, r.stdout).toBe(0);
    const rows = await queryDuckDB(join(dir, 'opp.duckdb'), 'select country, dbt_valid_to is null as current from snapshots.customers_snapshot where id = 2 order by dbt_valid_from');
    expect(rows).toEqual([
      { country: 'FR', current: false },
      { country: 'DE', current: true },
    ]);
  });
});
