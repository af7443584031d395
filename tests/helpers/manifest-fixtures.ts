/**
 * A small but complete Manifest for the artifact tests (a model per materialization, a seed, a generic
 * test, a source, a macro, a doc block, a unit test), and a generator of N chained views for timing.
 * Used by src/artifacts unit tests and tests/integration/artifacts.
 */
import type { NodeConfig } from '../../src/config/types.js';
import type { Manifest, ModelNode, SeedNode, SourceNode, TestNode, UnitTestNode } from '../../src/manifest/index.js';

export function buildTestConfig(materialized: string, extra: Partial<NodeConfig> = {}): NodeConfig {
  return { enabled: true, materialized, tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra };
}

export function buildTestModel(name: string, deps: readonly string[] = [], materialized = 'view', rawCode = `select 1 as id`): ModelNode {
  return {
    resourceType: 'model',
    uniqueId: `model.proj.${name}`,
    name,
    packageName: 'proj',
    fqn: ['proj', 'staging', name],
    originalFilePath: `models/staging/${name}.sql`,
    path: `staging/${name}.sql`,
    description: `the ${name} model`,
    meta: { owner: 'data' },
    tags: ['nightly'],
    patchPath: 'models/staging/schema.yml',
    database: 'dev',
    schema: 'main',
    alias: name,
    rawCode,
    checksum: 'abc123',
    language: 'sql',
    config: buildTestConfig(materialized, { unique_key: materialized === 'incremental' ? 'id' : null }),
    unrenderedConfig: { materialized },
    refs: deps.filter((d) => d.startsWith('model.')).map((d) => ({ name: d.split('.').at(-1)! })),
    sources: deps.filter((d) => d.startsWith('source.')).map((d) => ({ sourceName: d.split('.')[2]!, tableName: d.split('.')[3]! })),
    dependsOn: { nodes: deps, macros: ['macro.proj.cents_to_dollars'] },
    columns: { id: { name: 'id', description: 'the key', dataType: 'integer', meta: {}, tags: [], constraints: [] } },
    docs: { show: true },
    constraints: [],
  };
}

export function buildSmallManifest(): Manifest {
  const seed: SeedNode = {
    resourceType: 'seed',
    uniqueId: 'seed.proj.raw_orders',
    name: 'raw_orders',
    packageName: 'proj',
    fqn: ['proj', 'raw_orders'],
    originalFilePath: 'seeds/raw_orders.csv',
    path: 'raw_orders.csv',
    description: '',
    meta: {},
    tags: [],
    database: 'dev',
    schema: 'main',
    alias: 'raw_orders',
    checksum: 'seedsum',
    config: buildTestConfig('seed'),
    unrenderedConfig: {},
    columns: {},
    dependsOn: { nodes: [], macros: [] },
    docs: { show: true },
    absolutePath: '/p/seeds/raw_orders.csv',
  };
  const source: SourceNode = {
    resourceType: 'source',
    uniqueId: 'source.proj.raw.customers',
    name: 'customers',
    packageName: 'proj',
    fqn: ['proj', 'raw', 'customers'],
    originalFilePath: 'models/sources.yml',
    path: 'models/sources.yml',
    description: 'customers from the CRM',
    meta: {},
    tags: [],
    sourceName: 'raw',
    sourceDescription: 'raw data',
    identifier: 'crm_customers',
    database: 'dev',
    schema: 'raw',
    loader: 'opp extract',
    loadedAtField: '_loaded_at',
    freshness: { warnAfter: { count: 12, period: 'hour' } },
    columns: {},
    config: {},
    quoting: {},
    location: { file: 'models/sources.yml', line: 3, column: 5 },
  };
  const stg = buildTestModel('stg_orders', ['seed.proj.raw_orders', 'source.proj.raw.customers']);
  const orders = buildTestModel('orders', ['model.proj.stg_orders'], 'table');
  const eph = buildTestModel('eph', ['model.proj.stg_orders'], 'ephemeral');
  const test: TestNode = {
    ...buildTestModel('not_null_orders_id', ['model.proj.orders'], 'test'),
    resourceType: 'test',
    uniqueId: 'test.proj.not_null_orders_id.5fb22c2a6d',
    originalFilePath: 'models/staging/schema.yml',
    path: 'not_null_orders_id.sql',
    testMetadata: { name: 'not_null', kwargs: { column_name: 'id', model: "{{ get_where_subquery(ref('orders')) }}" } },
    columnName: 'id',
    attachedNode: 'model.proj.orders',
  } as TestNode;
  const unit: UnitTestNode = {
    resourceType: 'unit_test',
    uniqueId: 'unit_test.proj.orders.test_totals',
    name: 'test_totals',
    packageName: 'proj',
    fqn: ['proj', 'orders', 'test_totals'],
    originalFilePath: 'models/staging/schema.yml',
    path: 'staging/schema.yml',
    description: '',
    meta: {},
    tags: [],
    model: 'model.proj.orders',
    given: [{ input: "ref('stg_orders')", format: 'dict', rows: [{ id: 1 }], location: { file: 'models/staging/schema.yml' } }],
    expect: { format: 'dict', rows: [{ id: 1 }], location: { file: 'models/staging/schema.yml' } },
    overrides: { macros: {}, vars: {}, envVars: {} },
    config: {},
    dependsOn: { nodes: ['model.proj.orders', 'model.proj.stg_orders'], macros: [] },
    location: { file: 'models/staging/schema.yml', line: 20 },
  };
  return {
    projectName: 'proj',
    nodes: { [seed.uniqueId]: seed, [stg.uniqueId]: stg, [orders.uniqueId]: orders, [eph.uniqueId]: eph, [test.uniqueId]: test },
    sources: { [source.uniqueId]: source },
    macros: {
      'macro.proj.cents_to_dollars': {
        uniqueId: 'macro.proj.cents_to_dollars',
        name: 'cents_to_dollars',
        packageName: 'proj',
        originalFilePath: 'macros/cents.sql',
        macroSql: '{% macro cents_to_dollars(col) %}({{ col }} / 100){% endmacro %}',
        arguments: ['col'],
        description: '',
        location: { file: 'macros/cents.sql', line: 1 },
        dependsOn: { macros: [] },
        kind: 'macro',
      },
    },
    docs: { 'doc.proj.orders': { uniqueId: 'doc.proj.orders', name: 'orders', packageName: 'proj', originalFilePath: 'models/docs.md', blockContents: 'One row per order.' } },
    unitTests: { [unit.uniqueId]: unit },
    disabled: { 'model.proj.old': buildTestModel('old') },
    metadata: { projectName: 'proj', targetName: 'dev', adapterType: 'duckdb', generatedAt: '2024-05-06T12:34:56.000Z', invocationId: 'inv-1' },
  };
}

/** N views, each reading the previous one (a long chain), plus nothing else. */
export function buildChainManifest(n: number): Manifest {
  const nodes: Record<string, ModelNode> = {};
  for (let i = 0; i < n; i++) {
    const deps = i === 0 ? [] : [`model.proj.m${i - 1}`];
    const m = buildTestModel(`m${i}`, deps, 'view', `select * from {{ ref('m${i - 1}') }} where id > ${i}\n-- ${'x'.repeat(200)}`);
    nodes[m.uniqueId] = m;
  }
  return {
    projectName: 'proj',
    nodes,
    sources: {},
    macros: {},
    docs: {},
    unitTests: {},
    disabled: {},
    metadata: { projectName: 'proj', targetName: 'dev', adapterType: 'duckdb', generatedAt: '2024-05-06T12:34:56.000Z', invocationId: 'inv-1' },
  };
}
