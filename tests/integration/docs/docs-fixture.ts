/**
 * A small shop project for the docs tests: a DuckDB warehouse with tables and views, and the Manifest
 * that documents them (plus one model that was never built and one table the manifest does not know).
 */
import type { Adapter } from '../../../src/adapters/index.js';
import { createAdapter } from '../../../src/adapters/index.js';
import type { Manifest, ModelNode, SourceNode, TestNode } from '../../../src/manifest/index.js';
import { buildTestConfig, buildTestModel } from '../../helpers/manifest-fixtures.js';

export const EVIL_DESCRIPTION = 'Orders <script>alert("xss")</script> <img src=x onerror=alert(1)> [bad](javascript:alert(1))';

export async function openDuckDB(path = ':memory:'): Promise<Adapter> {
  const adapter = await createAdapter({
    name: 'dev',
    profileName: 'test',
    type: 'duckdb',
    database: path === ':memory:' ? 'memory' : '',
    schema: 'main',
    threads: 2,
    settings: { path },
  });
  await adapter.connect();
  return adapter;
}

/** Builds the warehouse: analytics.orders (table, commented), analytics.stg_orders (view), raw.crm_customers, and an unrelated table. */
export async function buildWarehouse(adapter: Adapter): Promise<void> {
  for (const sql of [
    'create schema if not exists analytics',
    'create schema if not exists raw',
    'create table raw.crm_customers (customer_id integer, email varchar, _loaded_at timestamp)',
    'create view analytics.stg_orders as select 1 as id, 10.5::decimal(10,2) as amount, 7 as customer_id',
    'create table analytics.orders as select id, amount, customer_id, \'x\' as "Status" from analytics.stg_orders',
    "comment on table analytics.orders is 'one row per order'",
    "comment on column analytics.orders.id is 'the order key'",
    'create table analytics.not_in_manifest (x integer)',
  ]) {
    await adapter.execute(sql);
  }
}

function model(name: string, deps: string[], materialized: string, database: string, overrides: Partial<ModelNode> = {}): ModelNode {
  const m = buildTestModel(name, deps, materialized);
  return { ...m, database, schema: 'analytics', ...overrides };
}

/** The manifest: names deliberately in a different case from the warehouse for orders (ORDERS). */
export function buildShopManifest(database: string): Manifest {
  const source: SourceNode = {
    resourceType: 'source',
    uniqueId: 'source.proj.crm.customers',
    name: 'customers',
    packageName: 'proj',
    fqn: ['proj', 'crm', 'customers'],
    originalFilePath: 'models/sources.yml',
    path: 'models/sources.yml',
    description: 'Customers from the **CRM**.',
    meta: {},
    tags: [],
    sourceName: 'crm',
    sourceDescription: 'The CRM export',
    identifier: 'CRM_CUSTOMERS',
    database,
    schema: 'RAW',
    loader: 'opp extract',
    loadedAtField: '_loaded_at',
    freshness: null,
    columns: { email: { name: 'email', description: 'Login e-mail', meta: {}, tags: [], constraints: [] } },
    config: {},
    quoting: {},
    location: { file: 'models/sources.yml', line: 3, column: 5 },
  };
  const stg = model('stg_orders', ['source.proj.crm.customers'], 'view', database);
  const orders = model('orders', ['model.proj.stg_orders'], 'table', database, {
    alias: 'ORDERS',
    description: EVIL_DESCRIPTION,
    columns: {
      id: { name: 'id', description: 'The order key, see `stg_orders`.', meta: {}, tags: [], constraints: [] },
      amount: { name: 'amount', description: 'Amount in dollars', meta: {}, tags: [], constraints: [] },
    },
  });
  const unbuilt = model('customers_report', ['model.proj.orders'], 'table', database, { fqn: ['proj', 'marts', 'customers_report'], originalFilePath: 'models/marts/customers_report.sql', path: 'marts/customers_report.sql' });
  const eph = model('eph', ['model.proj.stg_orders'], 'ephemeral', database);
  const test: TestNode = {
    ...buildTestModel('unique_orders_id', ['model.proj.orders'], 'test'),
    resourceType: 'test',
    uniqueId: 'test.proj.unique_orders_id.abc123',
    database,
    schema: 'analytics',
    originalFilePath: 'models/staging/schema.yml',
    path: 'unique_orders_id.sql',
    config: buildTestConfig('test'),
    testMetadata: { name: 'unique', kwargs: { column_name: 'id', model: "{{ get_where_subquery(ref('orders')) }}" } },
    columnName: 'id',
    attachedNode: 'model.proj.orders',
  } as TestNode;
  return {
    projectName: 'proj',
    nodes: { [stg.uniqueId]: stg, [orders.uniqueId]: orders, [unbuilt.uniqueId]: unbuilt, [eph.uniqueId]: eph, [test.uniqueId]: test },
    sources: { [source.uniqueId]: source },
    macros: {},
    docs: { 'doc.proj.__overview__': { uniqueId: 'doc.proj.__overview__', name: '__overview__', packageName: 'proj', originalFilePath: 'models/overview.md', blockContents: '# Shop\n\nThe shop project.' } },
    unitTests: {},
    disabled: {},
    metadata: { projectName: 'proj', targetName: 'dev', adapterType: 'duckdb', generatedAt: '2024-05-06T12:34:56.000Z', invocationId: 'inv-1' },
  };
}

/** Counts the statements an adapter runs (including those its own catalog methods run). */
export function countQueries(adapter: Adapter): { readonly sql: string[] } {
  const log = { sql: [] as string[] };
  const original = adapter.execute.bind(adapter);
  (adapter as { execute: Adapter['execute'] }).execute = (sql, opts) => {
    log.sql.push(sql);
    return original(sql, opts);
  };
  return log;
}
