import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../src/adapters/index.js';
import type { Manifest } from '../../../src/manifest/index.js';
import { buildCatalog, buildEmptyCatalog, CATALOG_SCHEMA_VERSION } from '../../../src/docs/index.js';
import { buildTestModel } from '../../helpers/manifest-fixtures.js';
import { buildShopManifest, buildWarehouse, countQueries, openDuckDB } from './docs-fixture.js';

describe('buildCatalog on DuckDB', () => {
  let adapter: Adapter;
  let manifest: Manifest;
  beforeAll(async () => {
    adapter = await openDuckDB();
    await buildWarehouse(adapter);
    manifest = buildShopManifest('memory');
  });
  afterAll(async () => {
    await adapter.close();
  });

  it('describes tables and views of the manifest, matched case-insensitively, in dbt catalog v1 shape', async () => {
    const catalog = await buildCatalog(adapter, manifest, { oppVersion: '0.1.0', generatedAt: '2024-05-06T13:00:00Z' });
    expect(catalog.metadata).toMatchObject({ dbt_schema_version: CATALOG_SCHEMA_VERSION, generated_at: '2024-05-06T13:00:00Z', invocation_id: 'inv-1', opp_version: '0.1.0' });
    expect(Object.keys(catalog.nodes)).toEqual(['model.proj.orders', 'model.proj.stg_orders']);
    expect(Object.keys(catalog.sources)).toEqual(['source.proj.crm.customers']);
    expect(catalog.errors).toBeNull();

    const orders = catalog.nodes['model.proj.orders']!;
    expect(orders.unique_id).toBe('model.proj.orders');
    expect(orders.metadata).toEqual({ type: 'BASE TABLE', schema: 'analytics', name: 'orders', database: 'memory', comment: 'one row per order', owner: null });
    expect(orders.columns).toEqual({
      id: { name: 'id', type: 'INTEGER', index: 1, comment: 'the order key' },
      amount: { name: 'amount', type: 'DECIMAL(10,2)', index: 2, comment: null },
      customer_id: { name: 'customer_id', type: 'INTEGER', index: 3, comment: null },
      Status: { name: 'Status', type: 'VARCHAR', index: 4, comment: null },
    });
    expect(orders.stats.has_stats).toMatchObject({ id: 'has_stats', value: false, include: false });

    expect(catalog.nodes['model.proj.stg_orders']!.metadata.type).toBe('VIEW');
    const customers = catalog.sources['source.proj.crm.customers']!;
    expect(customers.metadata.name).toBe('crm_customers');
    expect(Object.keys(customers.columns)).toEqual(['customer_id', 'email', '_loaded_at']);
    expect(customers.columns['_loaded_at']!.type).toBe('TIMESTAMP');
  });

  it('leaves out relations the manifest does not document, models not built yet, and ephemeral models', async () => {
    const catalog = await buildCatalog(adapter, manifest);
    const names = Object.values(catalog.nodes).map((n) => n.metadata.name);
    expect(names).not.toContain('not_in_manifest');
    expect(catalog.nodes['model.proj.customers_report']).toBeUndefined();
    expect(catalog.nodes['model.proj.eph']).toBeUndefined();
    expect(catalog.nodes['test.proj.unique_orders_id.abc123']).toBeUndefined();
  });

  it('runs a fixed number of queries however many relations there are (not one per relation)', async () => {
    for (let i = 0; i < 40; i++) await adapter.execute(`create view analytics.v${i} as select ${i} as n`);
    const nodes = { ...manifest.nodes };
    for (let i = 0; i < 40; i++) {
      const m = { ...buildTestModel(`v${i}`), database: 'memory', schema: 'analytics' };
      nodes[m.uniqueId] = m;
    }
    const log = countQueries(adapter);
    const catalog = await buildCatalog(adapter, { ...manifest, nodes });
    expect(Object.keys(catalog.nodes)).toHaveLength(42);
    expect(catalog.nodes['model.proj.v39']!.columns).toEqual({ n: { name: 'n', type: 'INTEGER', index: 1, comment: null } });
    // Two information_schema probes, then tables + columns for the one database (two schemas).
    expect(log.sql).toHaveLength(4);
    expect(log.sql.filter((s) => /information_schema\.columns/.test(s) && !/1 = 0/.test(s))).toHaveLength(1);
  });

  it('asks the adapter about a schema information_schema does not show, once per schema', async () => {
    const ghost = { ...buildTestModel('ghost'), database: 'memory', schema: 'never_created' };
    const log = countQueries(adapter);
    const catalog = await buildCatalog(adapter, { ...manifest, nodes: { ...manifest.nodes, [ghost.uniqueId]: ghost } });
    expect(catalog.nodes['model.proj.ghost']).toBeUndefined();
    expect(catalog.nodes['model.proj.orders']).toBeDefined();
    expect(log.sql.length).toBeLessThanOrEqual(5);
  });

  it('reports a failed catalog query in errors and keeps the rest', async () => {
    // A database that is not attached: DuckDB's information_schema simply has no rows for it, and the
    // adapter's listRelations sees nothing either, so the relation is absent without an error.
    const other = { ...buildTestModel('elsewhere'), database: 'nowhere', schema: 'analytics' };
    const catalog = await buildCatalog(adapter, { ...manifest, nodes: { ...manifest.nodes, [other.uniqueId]: other } });
    expect(catalog.nodes['model.proj.elsewhere']).toBeUndefined();
    expect(catalog.nodes['model.proj.orders']).toBeDefined();

    const original = adapter.execute;
    (adapter as { execute: Adapter['execute'] }).execute = async (sql, opts) => {
      if (/from information_schema\.columns where lower/.test(sql)) throw new Error('Permission denied: information_schema.columns');
      return original(sql, opts);
    };
    try {
      const partial = await buildCatalog(adapter, manifest);
      expect(partial.errors).toEqual(['memory: Permission denied: information_schema.columns']);
      expect(partial.nodes).toEqual({});
    } finally {
      (adapter as { execute: Adapter['execute'] }).execute = original;
    }
  });
});

describe('buildCatalog on a DuckDB file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opp-docs-catalog-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the catalog name of the file when the target names no database', async () => {
    const adapter = await openDuckDB(join(dir, 'warehouse.duckdb'));
    try {
      await buildWarehouse(adapter);
      const manifest = buildShopManifest('');
      const catalog = await buildCatalog(adapter, manifest);
      expect(catalog.nodes['model.proj.orders']!.metadata.database).toBe('warehouse');
      expect(Object.keys(catalog.sources)).toEqual(['source.proj.crm.customers']);
    } finally {
      await adapter.close();
    }
  });
});

describe('buildEmptyCatalog', () => {
  it('is a valid catalog with no relations', () => {
    const empty = buildEmptyCatalog({ generatedAt: '2024-01-01T00:00:00Z' });
    expect(empty).toEqual({
      metadata: { dbt_schema_version: CATALOG_SCHEMA_VERSION, dbt_version: expect.any(String), generated_at: '2024-01-01T00:00:00Z', invocation_id: null, env: {} },
      nodes: {},
      sources: {},
      errors: null,
    });
  });
});
