import { describe, expect, it } from 'vitest';
import { buildManifestJson } from '../artifacts/index.js';
import { buildSmallManifest } from '../../tests/helpers/manifest-fixtures.js';
import { buildDocsData } from './build-docs-data.js';
import type { DocsNode } from './types.js';

const manifestJson = buildManifestJson(buildSmallManifest(), { oppVersion: '0.1.0' });
const catalogJson = {
  metadata: { generated_at: '2024-05-06T12:40:00Z' },
  nodes: {
    'model.proj.orders': {
      metadata: { type: 'BASE TABLE', schema: 'main', name: 'ORDERS', database: 'dev', comment: 'orders table', owner: 'LOADER' },
      columns: {
        AMOUNT: { type: 'DECIMAL(18,2)', index: 2, name: 'AMOUNT', comment: null },
        ID: { type: 'INTEGER', index: 1, name: 'ID', comment: 'pk' },
      },
      stats: {
        has_stats: { id: 'has_stats', label: 'Has Stats?', value: true, include: false, description: '' },
        row_count: { id: 'row_count', label: 'Row Count', value: 42, include: true, description: '' },
      },
      unique_id: 'model.proj.orders',
    },
  },
  sources: {},
  errors: ['dev.raw: permission denied'],
};

function byId(nodes: readonly DocsNode[], id: string): DocsNode {
  const n = nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no ${id}`);
  return n;
}

describe('buildDocsData', () => {
  const data = buildDocsData(manifestJson, catalogJson);

  it('keeps models, seeds, tests and sources, sorted by type then folder, without macros or unit tests', () => {
    expect(data.nodes.map((n) => n.id)).toEqual([
      'source.proj.raw.customers',
      'seed.proj.raw_orders',
      'model.proj.eph',
      'model.proj.orders',
      'model.proj.stg_orders',
      'test.proj.not_null_orders_id.5fb22c2a6d',
    ]);
    expect(data.project).toBe('proj');
    expect(data.adapterType).toBe('duckdb');
    expect(data.catalogErrors).toEqual(['dev.raw: permission denied']);
  });

  it('maps dependencies to indexes and folders from the file path', () => {
    const stg = byId(data.nodes, 'model.proj.stg_orders');
    expect(stg.deps!.map((i) => data.nodes[i]!.id).sort()).toEqual(['seed.proj.raw_orders', 'source.proj.raw.customers']);
    expect(stg.folder).toEqual(['staging']);
    expect(byId(data.nodes, 'source.proj.raw.customers').folder).toEqual(['raw']);
    expect(byId(data.nodes, 'seed.proj.raw_orders').folder).toEqual([]);
  });

  it('merges catalog columns (order, types) with documented ones (spelling, descriptions) and column tests, case-insensitively', () => {
    const orders = byId(data.nodes, 'model.proj.orders');
    expect(orders.columns).toEqual([
      { name: 'id', type: 'INTEGER', description: 'the key', comment: 'pk', tests: ['not_null'] },
      { name: 'AMOUNT', type: 'DECIMAL(18,2)' },
    ]);
    expect(orders.catalog).toEqual({ type: 'BASE TABLE', owner: 'LOADER', comment: 'orders table', stats: { 'Row Count': '42' } });
    expect(orders.materialized).toBe('table');
    expect(orders.tags).toEqual(['nightly']);
    expect(orders.relation).toBe('"dev"."main"."orders"');
  });

  it('describes tests and sources', () => {
    const test = byId(data.nodes, 'test.proj.not_null_orders_id.5fb22c2a6d');
    expect(test.test?.name).toBe('not_null');
    expect(test.test?.column).toBe('id');
    expect(data.nodes[test.test!.attached!]!.id).toBe('model.proj.orders');
    const source = byId(data.nodes, 'source.proj.raw.customers');
    expect(source.source).toMatchObject({ name: 'raw', loader: 'opp extract', identifier: 'crm_customers', loadedAtField: '_loaded_at' });
    expect(source.description).toBe('customers from the CRM');
  });

  it('keeps compiled code only when it differs from the source, and hides docs.show: false nodes', () => {
    const nodes = { ...(manifestJson.nodes as Record<string, Record<string, unknown>>) };
    nodes['model.proj.orders'] = { ...nodes['model.proj.orders'], compiled_code: 'select 1 as id -- compiled' };
    nodes['model.proj.stg_orders'] = { ...nodes['model.proj.stg_orders'], compiled_code: nodes['model.proj.stg_orders']!.raw_code };
    nodes['model.proj.eph'] = { ...nodes['model.proj.eph'], docs: { show: false, node_color: null } };
    const d = buildDocsData({ ...manifestJson, nodes }, undefined);
    expect(byId(d.nodes, 'model.proj.orders').compiled).toBe('select 1 as id -- compiled');
    expect(byId(d.nodes, 'model.proj.stg_orders').compiled).toBeUndefined();
    expect(d.nodes.some((n) => n.id === 'model.proj.eph')).toBe(false);
  });

  it('builds the data of a 10,000-node manifest in linear time', () => {
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) {
      nodes[`model.p.m${i}`] = {
        unique_id: `model.p.m${i}`,
        name: `m${i}`,
        resource_type: 'model',
        package_name: 'p',
        original_file_path: `models/f${i % 50}/m${i}.sql`,
        raw_code: `select * from {{ ref('m${i - 1}') }}`,
        depends_on: { nodes: i > 0 ? [`model.p.m${i - 1}`] : [] },
        columns: { id: { name: 'id', description: 'key' } },
        config: { materialized: 'view' },
      };
    }
    const before = process.cpuUsage();
    const d = buildDocsData({ metadata: { project_name: 'p' }, nodes }, undefined);
    const used = process.cpuUsage(before);
    expect(d.nodes.length).toBe(10_000);
    expect((used.user + used.system) / 1000).toBeLessThan(2500); // ~100 ms on an idle machine; quadratic would be minutes
  });
});
