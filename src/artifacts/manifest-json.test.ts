import { afterEach, describe, expect, it } from 'vitest';
import { buildChainManifest, buildSmallManifest } from '../../tests/helpers/manifest-fixtures.js';
import { clearSecrets, registerSecret } from '../errors/index.js';
import { buildTargetWritePath } from './compiled-files.js';
import { buildManifestJson, DBT_COMPAT_VERSION, MANIFEST_SCHEMA_VERSION } from './manifest-json.js';
import { serializeArtifact } from './write-json.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

afterEach(() => clearSecrets());

const CAMEL = /"[a-z]+[A-Z][A-Za-z]*":/;

describe('buildManifestJson (dbt manifest v12)', () => {
  const json = buildManifestJson(buildSmallManifest(), { oppVersion: '0.1.0' }) as J;

  it("has dbt's top-level keys and metadata", () => {
    expect(Object.keys(json)).toEqual([
      'metadata',
      'nodes',
      'sources',
      'macros',
      'docs',
      'exposures',
      'metrics',
      'groups',
      'selectors',
      'disabled',
      'parent_map',
      'child_map',
      'group_map',
      'saved_queries',
      'semantic_models',
      'unit_tests',
    ]);
    expect(json.metadata).toEqual({
      dbt_schema_version: MANIFEST_SCHEMA_VERSION,
      dbt_version: DBT_COMPAT_VERSION,
      opp_version: '0.1.0',
      generated_at: '2024-05-06T12:34:56.000Z',
      invocation_id: 'inv-1',
      env: {},
      project_name: 'proj',
      project_id: '4dc844abccfc0d132d087c1c7fcec557', // md5('proj'), as dbt,
      user_id: null,
      send_anonymous_usage_stats: false,
      adapter_type: 'duckdb',
    });
  });

  it('writes model nodes with dbt field names, all snake_case', () => {
    const m = json.nodes['model.proj.stg_orders'];
    expect(Object.keys(m)).toEqual(
      expect.arrayContaining([
        'database', 'schema', 'name', 'resource_type', 'package_name', 'path', 'original_file_path', 'unique_id', 'fqn', 'alias',
        'checksum', 'config', 'tags', 'description', 'columns', 'meta', 'docs', 'patch_path', 'unrendered_config', 'depends_on',
        'refs', 'sources', 'raw_code', 'language', 'compiled_path', 'relation_name', 'created_at', 'contract', 'access', 'constraints',
      ]),
    );
    expect(m.checksum).toEqual({ name: 'sha256', checksum: 'abc123' });
    expect(m.relation_name).toBe('"dev"."main"."stg_orders"');
    expect(m.patch_path).toBe('proj://models/staging/schema.yml');
    expect(m.compiled_path).toBe('target/compiled/proj/models/staging/stg_orders.sql');
    expect(m.depends_on).toEqual({ macros: ['macro.proj.cents_to_dollars'], nodes: ['seed.proj.raw_orders', 'source.proj.raw.customers'] });
    expect(m.sources).toEqual([['raw', 'customers']]);
    expect(m.columns.id).toEqual({ name: 'id', description: 'the key', meta: {}, data_type: 'integer', constraints: [], quote: null, tags: [], granularity: null });
    expect(m.docs).toEqual({ show: true, node_color: null });
    expect(m.created_at).toBe(Date.UTC(2024, 4, 6, 12, 34, 56) / 1000);
    expect(json.nodes['model.proj.orders'].refs).toEqual([{ name: 'stg_orders', package: null, version: null }]);
    // config keeps dbt's own key names (user data), including pre-hook
    expect(m.config['pre-hook']).toEqual([]);
  });

  it('writes no camelCase keys outside user data', () => {
    const text = serializeArtifact({ ...json, nodes: Object.fromEntries(Object.entries(json.nodes as J).map(([k, v]) => [k, { ...v, config: {}, unrendered_config: {} }])) });
    expect(text).not.toMatch(CAMEL);
  });

  it('gives ephemeral models and tests without store_failures no relation; tests carry their metadata', () => {
    expect(json.nodes['model.proj.eph'].relation_name).toBeNull();
    const t = json.nodes['test.proj.not_null_orders_id.5fb22c2a6d'];
    expect(t.relation_name).toBeNull();
    expect(t.test_metadata).toEqual({ name: 'not_null', kwargs: { column_name: 'id', model: "{{ get_where_subquery(ref('orders')) }}" }, namespace: null });
    expect(t.column_name).toBe('id');
    expect(t.attached_node).toBe('model.proj.orders');
    expect(t.compiled_path).toBe('target/compiled/proj/models/staging/schema.yml/not_null_orders_id.sql');
  });

  it('writes seeds, sources, macros, docs, unit tests and disabled nodes in their dbt shapes', () => {
    expect(json.nodes['seed.proj.raw_orders']).toMatchObject({ resource_type: 'seed', raw_code: '', depends_on: { macros: [] }, relation_name: '"dev"."main"."raw_orders"' });
    expect(json.sources['source.proj.raw.customers']).toMatchObject({
      source_name: 'raw',
      identifier: 'crm_customers',
      loaded_at_field: '_loaded_at',
      freshness: { warn_after: { count: 12, period: 'hour' }, error_after: { count: null, period: null }, filter: null },
      relation_name: '"dev"."raw"."crm_customers"',
      quoting: { database: null, schema: null, identifier: null, column: null },
    });
    expect(json.macros['macro.proj.cents_to_dollars']).toMatchObject({ resource_type: 'macro', arguments: [{ name: 'col', type: null, description: '' }], depends_on: { macros: [] } });
    expect(json.docs['doc.proj.orders']).toEqual({
      name: 'orders',
      resource_type: 'doc',
      package_name: 'proj',
      path: 'models/docs.md',
      original_file_path: 'models/docs.md',
      unique_id: 'doc.proj.orders',
      block_contents: 'One row per order.',
    });
    expect(json.unit_tests['unit_test.proj.orders.test_totals']).toMatchObject({
      model: 'orders',
      given: [{ input: "ref('stg_orders')", rows: [{ id: 1 }], format: 'dict', fixture: null }],
      expect: { rows: [{ id: 1 }], format: 'dict', fixture: null },
      overrides: { macros: {}, vars: {}, env_vars: {} },
    });
    expect(json.disabled['model.proj.old']).toHaveLength(1);
    expect(json.disabled['model.proj.old'][0].unique_id).toBe('model.proj.old');
  });

  it('builds sorted parent and child maps, sources included', () => {
    expect(json.parent_map['model.proj.stg_orders']).toEqual(['seed.proj.raw_orders', 'source.proj.raw.customers']);
    expect(json.parent_map['source.proj.raw.customers']).toEqual([]);
    expect(json.child_map['model.proj.stg_orders']).toEqual(['model.proj.eph', 'model.proj.orders', 'unit_test.proj.orders.test_totals']);
    expect(json.child_map['model.proj.orders']).toEqual(['test.proj.not_null_orders_id.5fb22c2a6d', 'unit_test.proj.orders.test_totals']);
    expect(json.child_map['test.proj.not_null_orders_id.5fb22c2a6d']).toEqual([]);
  });

  it('uses the dialect relation name when given', () => {
    const j = buildManifestJson(buildSmallManifest(), { oppVersion: '0.1.0', relationName: (r) => `${r.schema}.${r.identifier}`.toUpperCase() }) as J;
    expect(j.nodes['model.proj.orders'].relation_name).toBe('MAIN.ORDERS');
  });

  it('scrubs secrets when serialised', () => {
    registerSecret('hunter2hunter2');
    const m = buildSmallManifest();
    const node = m.nodes['model.proj.orders']!;
    const withSecret = { ...m, nodes: { ...m.nodes, [node.uniqueId]: { ...node, rawCode: "select 'hunter2hunter2' as pw" } } };
    const text = serializeArtifact(buildManifestJson(withSecret as typeof m, { oppVersion: '0.1.0' }));
    expect(text).not.toContain('hunter2hunter2');
    expect(text).toContain("select '****' as pw");
  });

  it('builds 1,000 chained nodes with linear maps', () => {
    const manifest = buildChainManifest(1000);
    const j = buildManifestJson(manifest, { oppVersion: '0.1.0' }) as J;
    expect(Object.keys(j.nodes)).toHaveLength(1000);
    expect(j.parent_map['model.proj.m999']).toEqual(['model.proj.m998']);
    expect(j.child_map['model.proj.m0']).toEqual(['model.proj.m1']);
    expect(j.child_map['model.proj.m999']).toEqual([]);
  });
});

describe('buildTargetWritePath (dbt get_target_write_path)', () => {
  it('uses the original file path, or original/path for many nodes per file', () => {
    expect(buildTargetWritePath('target', 'compiled', { packageName: 'proj', path: 'staging/stg.sql', originalFilePath: 'models/staging/stg.sql' })).toBe(
      'target/compiled/proj/models/staging/stg.sql',
    );
    expect(buildTargetWritePath('/abs/target/', 'run', { packageName: 'proj', path: 'not_null_x_id.sql', originalFilePath: 'models/schema.yml' })).toBe(
      '/abs/target/run/proj/models/schema.yml/not_null_x_id.sql',
    );
  });
});
