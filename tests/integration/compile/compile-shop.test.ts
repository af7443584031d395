import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../../src/adapters/duckdb/index.js';
import { parseProject, renderCompiled, renderNode, type QueryFunctions, type RunContext } from '../../../src/compile/index.js';
import { readProjectConfig } from '../../../src/config/index.js';
import type { TargetConfig } from '../../../src/config/types.js';
import type { Manifest } from '../../../src/manifest/index.js';
import { loadProjectFiles } from '../../../src/project/index.js';
import { FIXTURES } from '../../helpers/project-fixture.js';

/**
 * The compile-shop fixture through both passes against a real in-memory DuckDB: macros, dispatch,
 * ephemeral CTEs, run_query, doc(), snapshots, analyses — and the compiled SQL actually runs.
 */

const target: TargetConfig = { name: 'dev', profileName: 'compile_shop', type: 'duckdb', database: 'memory', schema: 'main', threads: 1, settings: { path: ':memory:' } };

let adapter: DuckDBAdapter;
let manifest: Manifest;
let query: QueryFunctions;

beforeAll(async () => {
  adapter = new DuckDBAdapter(target);
  await adapter.connect();
  for (const sql of [
    'create schema raw',
    "create table raw.orders as select * from (values (1, 10, 'placed', 1250, timestamp '2024-01-01 10:00'), (2, 11, 'shipped', 990, timestamp '2024-01-02 11:00'), (3, 10, 'returned', 400, timestamp '2024-01-03 12:00')) t(id, customer_id, status, amount_cents, ordered_at)",
    "create table raw.customers_v2 as select * from (values (10, 'Ada', 'FR'), (11, 'Bob', 'DE')) t(id, name, country)",
  ]) {
    await adapter.execute(sql);
  }
  query = {
    runQuery: (sql) => adapter.execute(sql),
    getRelation: (ref) => adapter.getRelation(ref),
    getColumns: (ref) => adapter.getColumns(ref),
  };
  const root = join(FIXTURES, 'compile-shop');
  const files = await loadProjectFiles(readProjectConfig(root));
  ({ manifest } = await parseProject(files, target, { cacheDir: false, env: {}, dialect: adapter.dialect }));
});

afterAll(async () => {
  await adapter?.close();
});

function rc(isIncremental = false): RunContext {
  return { manifest, target, dialect: adapter.dialect, isIncremental, query };
}

describe('compile-shop', () => {
  it('parses every resource with resolved dependencies and names', () => {
    expect(Object.keys(manifest.nodes).sort()).toEqual([
      'analysis.compile_shop.top_customers',
      'model.compile_shop.fct_orders',
      'model.compile_shop.int_orders_enriched',
      'model.compile_shop.order_statuses',
      'model.compile_shop.stg_customers',
      'model.compile_shop.stg_orders',
      'snapshot.compile_shop.customers_snapshot',
    ]);
    const fct = manifest.nodes['model.compile_shop.fct_orders']!;
    expect(fct.dependsOn.nodes).toEqual(['model.compile_shop.int_orders_enriched']);
    expect(fct).toMatchObject({ schema: 'main_marts', alias: 'fct_orders', description: "One row per order, with the customer's country and the amount in dollars." });
    expect(manifest.nodes['model.compile_shop.stg_customers']).toMatchObject({ alias: 'customers' });
    expect(manifest.nodes['model.compile_shop.int_orders_enriched']!.dependsOn.macros).toEqual(['macro.compile_shop.cents_to_dollars']);
    expect(manifest.macros['macro.compile_shop.test_is_positive']!.kind).toBe('test');
    expect(manifest.sources['source.compile_shop.raw.customers']).toMatchObject({ schema: 'raw', identifier: 'customers_v2' });
  });

  it('renders every node, and the compiled SQL runs in DuckDB', async () => {
    // Staging first (order_statuses queries stg_orders while it renders), as a run would.
    await adapter.execute('create schema if not exists main');
    const stgOrders = await renderNode(manifest.nodes['model.compile_shop.stg_orders']!, rc());
    const stgCustomers = await renderNode(manifest.nodes['model.compile_shop.stg_customers']!, rc());
    await adapter.execute(`create or replace view ${stgOrders.relationName} as ${stgOrders.compiledCode}`);
    await adapter.execute(`create or replace view ${stgCustomers.relationName} as ${stgCustomers.compiledCode}`);
    const results = await renderCompiled(Object.values(manifest.nodes), { manifest, target, dialect: adapter.dialect, query });
    expect(results.filter((r) => r.error).map((r) => r.error!.message)).toEqual([]);
    const sql = Object.fromEntries(results.map((r) => [r.uniqueId, r.compiled!.compiledCode]));
    const fct = await adapter.execute(`select * from (${sql['model.compile_shop.fct_orders']}) order by order_id`);
    expect(fct.rows.map((r) => [r['order_id'], r['country'], Number(r['amount'])])).toEqual([
      [1, 'FR', 12.5],
      [2, 'DE', 9.9],
      [3, 'FR', 4],
    ]);
    expect(sql['model.compile_shop.fct_orders']!.startsWith('\n\nwith __dbt__cte__int_orders_enriched as (\n')).toBe(true);
    const statuses = await adapter.execute(sql['model.compile_shop.order_statuses']!);
    expect(statuses.rows.length).toBe(2);
  });

  it('runs run_query against the warehouse and re-renders with the result', async () => {
    const out = await renderNode(manifest.nodes['model.compile_shop.order_statuses']!, rc());
    expect(out.compiledCode).toContain("sum(case when status = 'placed' then amount else 0 end) as placed_amount");
    expect(out.compiledCode).toContain("sum(case when status = 'returned' then amount else 0 end) as returned_amount");
    expect(out.compiledCode).toContain('(sum(amount) / nullif(count(*), 0)) as avg_amount');
    expect(out.logs.map((l) => l.message)).toEqual(['pivoting on 3 statuses']);
  });

  it('renders is_incremental() and this for an incremental run', async () => {
    const out = await renderNode(manifest.nodes['model.compile_shop.fct_orders']!, rc(true));
    expect(out.compiledCode).toContain('where ordered_at > (select max(ordered_at) from "memory"."main_marts"."fct_orders")');
    expect(out.relationName).toBe('"memory"."main_marts"."fct_orders"');
  });

  it('renders the snapshot block body only', async () => {
    const out = await renderNode(manifest.nodes['snapshot.compile_shop.customers_snapshot']!, rc());
    expect(out.compiledCode.trim()).toBe('select * from "memory"."main"."customers"');
    expect(out.compiledPath).toBe('target/compiled/compile_shop/snapshots/customers_snapshot.sql');
  });
});
