import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDB } from '../helpers/duckdb-file.js';
import { copyFixture } from '../helpers/project-fixture.js';
import { runCli } from '../helpers/run-cli.js';

// Slim CI as dbt users run it: compare against production's manifest (state:modified) and build only
// what changed, deferring unchanged parents to production's relations (--defer --state).
describe('state:modified and --defer on the shop fixture', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;

  beforeAll(async () => {
    ({ dir, cleanup } = copyFixture('shop'));
    db = join(dir, 'shop.duckdb');
    await queryDuckDB(db, readFileSync(join(dir, 'setup', 'raw.sql'), 'utf8'));
    const prod = await runCli(['run'], { cwd: dir });
    expect(prod.code, prod.stdout).toBe(0);
    mkdirSync(join(dir, 'prod-state'));
    cpSync(join(dir, 'target', 'manifest.json'), join(dir, 'prod-state', 'manifest.json'));
    const file = join(dir, 'models', 'marts', 'customer_revenue.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('group by 1, 2', 'group by 1, 2\nhaving count(*) > 0'));
  });
  afterAll(() => cleanup());

  it('selects only the changed model with state:modified', async () => {
    const r = await runCli(['ls', '-s', 'state:modified', '--state', 'prod-state', '--output', 'name'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['customer_revenue']);
    const downstream = await runCli(['ls', '-s', 'state:modified+', '--state', 'prod-state', '--output', 'name'], { cwd: dir });
    expect(downstream.stdout.trim().split('\n')).toEqual(['customer_revenue']);
  });

  it('builds it in the CI schema, reading its unbuilt parent from production (--defer)', async () => {
    const r = await runCli(['run', '-s', 'state:modified', '--state', 'prod-state', '--defer', '--target', 'ci'], { cwd: dir });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('Deferring model.shop.fct_orders to "shop"."main"."fct_orders"');
    const compiled = readFileSync(join(dir, 'target', 'compiled', 'shop', 'models', 'marts', 'customer_revenue.sql'), 'utf8');
    expect(compiled).toContain('from "shop"."main"."fct_orders"');
    expect(await queryDuckDB(db, 'select count(*)::int as n from ci.customer_revenue')).toEqual([{ n: 2 }]);
  });

  it('refuses --defer without --state', async () => {
    const r = await runCli(['run', '--defer'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('--defer needs --state');
  });
});
