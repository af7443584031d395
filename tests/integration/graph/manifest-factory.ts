/**
 * Builds Manifest objects by hand for graph tests: plain data in the shape src/compile produces,
 * with refs already resolved into dependsOn.nodes and a ref() call site recorded for every model dep.
 */
import type { NodeConfig } from '../../../src/config/types.js';
import type {
  ColumnInfo,
  MacroNode,
  Manifest,
  ManifestNode,
  ModelNode,
  SeedNode,
  SourceNode,
  TestNode,
  UnitTestNode,
} from '../../../src/manifest/index.js';

export const PROJECT = 'shop';

export interface NodeOptions {
  /** Folder under the resource root, e.g. 'staging' or 'marts/finance'. */
  folder?: string;
  /** Parents: full unique ids, or bare model names. */
  deps?: string[];
  tags?: string[];
  config?: Partial<NodeConfig>;
  unrenderedConfig?: Record<string, unknown>;
  checksum?: string;
  rawCode?: string;
  description?: string;
  columns?: Record<string, Partial<ColumnInfo>>;
  macros?: string[];
  packageName?: string;
  patchPath?: string;
  schema?: string;
  alias?: string;
  database?: string;
  constraints?: Record<string, unknown>[];
  extra?: Record<string, unknown>;
}

export function modelId(name: string, pkg = PROJECT): string {
  return `model.${pkg}.${name}`;
}

function resolveDep(dep: string): string {
  return dep.includes('.') ? dep : modelId(dep);
}

function config(opts: NodeOptions, materialized: string): NodeConfig {
  return {
    enabled: true,
    materialized,
    tags: opts.tags ?? [],
    meta: {},
    'pre-hook': [],
    'post-hook': [],
    ...(opts.config ?? {}),
  } as NodeConfig;
}

function columns(cols: NodeOptions['columns']): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (const [name, c] of Object.entries(cols ?? {})) {
    out[name] = { name, description: '', meta: {}, tags: [], constraints: [], ...c };
  }
  return out;
}

function sqlBase(kind: 'model' | 'snapshot' | 'analysis' | 'test', name: string, root: string, opts: NodeOptions) {
  const pkg = opts.packageName ?? PROJECT;
  const folder = opts.folder ? `${opts.folder}/` : '';
  const file = `${root}/${folder}${name}.sql`;
  const deps = (opts.deps ?? []).map(resolveDep);
  const refs = deps
    .filter((d) => !d.startsWith('source.'))
    .map((d, i) => ({ name: d.split('.').pop()!, location: { file, line: i + 1, column: 8 } }));
  const sources = deps
    .filter((d) => d.startsWith('source.'))
    .map((d, i) => {
      const [, , sourceName, tableName] = d.split('.');
      return { sourceName: sourceName!, tableName: tableName!, location: { file, line: refs.length + i + 1, column: 8 } };
    });
  const rawCode = opts.rawCode ?? `select * from ${name}`;
  return {
    uniqueId: `${kind}.${pkg}.${name}`,
    name,
    packageName: pkg,
    fqn: [pkg, ...(opts.folder ? opts.folder.split('/') : []), name],
    originalFilePath: file,
    path: `${folder}${name}.sql`,
    description: opts.description ?? '',
    meta: {},
    tags: opts.tags ?? [],
    ...(opts.patchPath ? { patchPath: opts.patchPath } : {}),
    database: opts.database ?? 'db',
    schema: opts.schema ?? 'main',
    alias: opts.alias ?? name,
    rawCode,
    checksum: opts.checksum ?? `sum-${rawCode}`,
    language: 'sql' as const,
    config: config(opts, kind === 'test' ? 'test' : kind === 'model' ? 'view' : kind),
    unrenderedConfig: opts.unrenderedConfig ?? {},
    refs,
    sources,
    dependsOn: { nodes: deps, macros: opts.macros ?? [] },
    columns: columns(opts.columns),
    docs: { show: true },
    ...(opts.extra ?? {}),
  };
}

export function model(name: string, opts: NodeOptions = {}): ModelNode {
  return { ...sqlBase('model', name, 'models', opts), resourceType: 'model', constraints: opts.constraints ?? [] } as ModelNode;
}

export function snapshot(name: string, opts: NodeOptions = {}): ManifestNode {
  return { ...sqlBase('snapshot', name, 'snapshots', opts), resourceType: 'snapshot' } as ManifestNode;
}

export function analysis(name: string, opts: NodeOptions = {}): ManifestNode {
  return { ...sqlBase('analysis', name, 'analyses', opts), resourceType: 'analysis' } as ManifestNode;
}

/** A generic test when `generic` is given (e.g. 'unique'), else a singular test under tests/. */
export function test(name: string, opts: NodeOptions & { generic?: string; namespace?: string; column?: string } = {}): TestNode {
  const base = sqlBase('test', name, opts.generic ? 'models' : 'tests', opts);
  const deps = base.dependsOn.nodes;
  return {
    ...base,
    ...(opts.generic
      ? {
          originalFilePath: opts.patchPath ?? 'models/schema.yml',
          testMetadata: { name: opts.generic, ...(opts.namespace ? { namespace: opts.namespace } : {}), kwargs: {} },
        }
      : {}),
    resourceType: 'test',
    ...(opts.column ? { columnName: opts.column } : {}),
    ...(deps[0] ? { attachedNode: deps[0] } : {}),
  } as TestNode;
}

export function seed(name: string, opts: NodeOptions = {}): SeedNode {
  const pkg = opts.packageName ?? PROJECT;
  const folder = opts.folder ? `${opts.folder}/` : '';
  return {
    uniqueId: `seed.${pkg}.${name}`,
    name,
    packageName: pkg,
    fqn: [pkg, ...(opts.folder ? opts.folder.split('/') : []), name],
    originalFilePath: `seeds/${folder}${name}.csv`,
    path: `${folder}${name}.csv`,
    description: opts.description ?? '',
    meta: {},
    tags: opts.tags ?? [],
    database: 'db',
    schema: opts.schema ?? 'main',
    alias: opts.alias ?? name,
    resourceType: 'seed',
    checksum: opts.checksum ?? `seed-${name}`,
    config: config(opts, 'seed'),
    unrenderedConfig: opts.unrenderedConfig ?? {},
    columns: columns(opts.columns),
    dependsOn: { nodes: [], macros: [] },
    docs: { show: true },
    absolutePath: `/tmp/${name}.csv`,
  };
}

export function source(sourceName: string, table: string, opts: { tags?: string[]; config?: Record<string, unknown>; packageName?: string; schema?: string; identifier?: string } = {}): SourceNode {
  const pkg = opts.packageName ?? PROJECT;
  return {
    uniqueId: `source.${pkg}.${sourceName}.${table}`,
    name: table,
    packageName: pkg,
    fqn: [pkg, sourceName, table],
    originalFilePath: 'models/sources.yml',
    path: 'models/sources.yml',
    description: '',
    meta: {},
    tags: opts.tags ?? [],
    resourceType: 'source',
    sourceName,
    sourceDescription: '',
    identifier: opts.identifier ?? table,
    database: 'db',
    schema: opts.schema ?? sourceName,
    loader: '',
    columns: {},
    config: { enabled: true, ...(opts.config ?? {}) },
    quoting: {},
    location: { file: 'models/sources.yml', line: 3, column: 5 },
  };
}

export function unitTest(name: string, modelName: string, opts: { tags?: string[]; rows?: Record<string, unknown>[]; config?: Record<string, unknown> } = {}): UnitTestNode {
  const file = 'models/unit_tests.yml';
  return {
    uniqueId: `unit_test.${PROJECT}.${modelName}.${name}`,
    name,
    packageName: PROJECT,
    fqn: [PROJECT, modelName, name],
    originalFilePath: file,
    path: 'unit_tests.yml',
    description: '',
    meta: {},
    tags: opts.tags ?? [],
    resourceType: 'unit_test',
    model: modelId(modelName),
    given: [{ input: "ref('x')", format: 'dict', rows: [{ id: 1 }], location: { file, line: 5 } }],
    expect: { format: 'dict', rows: opts.rows ?? [{ id: 1 }], location: { file, line: 9 } },
    overrides: { macros: {}, vars: {}, envVars: {} },
    config: { enabled: true, ...(opts.config ?? {}) },
    dependsOn: { nodes: [modelId(modelName)], macros: [] },
    location: { file, line: 2, column: 5 },
  };
}

export function macro(name: string, sql: string, deps: string[] = []): MacroNode {
  return {
    uniqueId: `macro.${PROJECT}.${name}`,
    name,
    packageName: PROJECT,
    originalFilePath: `macros/${name}.sql`,
    macroSql: sql,
    arguments: [],
    description: '',
    location: { file: `macros/${name}.sql`, line: 1 },
    dependsOn: { macros: deps },
    kind: 'macro',
  };
}

type Item = ManifestNode | SourceNode | UnitTestNode | MacroNode;

/** A manifest holding these items (disabled ones go to `disabled` when `config.enabled` is false). */
export function manifestOf(items: Item[], extra: { disabled?: ManifestNode[] } = {}): Manifest {
  const nodes: Record<string, ManifestNode> = {};
  const sources: Record<string, SourceNode> = {};
  const unitTests: Record<string, UnitTestNode> = {};
  const macros: Record<string, MacroNode> = {};
  const disabled: Record<string, ManifestNode> = {};
  for (const item of items) {
    if ('macroSql' in item) macros[item.uniqueId] = item;
    else if (item.resourceType === 'source') sources[item.uniqueId] = item;
    else if (item.resourceType === 'unit_test') unitTests[item.uniqueId] = item;
    else nodes[item.uniqueId] = item;
  }
  for (const d of extra.disabled ?? []) disabled[d.uniqueId] = d;
  return {
    projectName: PROJECT,
    nodes,
    sources,
    macros,
    docs: {},
    unitTests,
    disabled,
    metadata: { projectName: PROJECT, targetName: 'dev', adapterType: 'duckdb', generatedAt: '2024-01-01T00:00:00Z', invocationId: 'test' },
  };
}

/**
 * A layered DAG for measurements: `layers` layers of `width` models; every model of layer k>0 refs
 * `fanIn` models of layer k-1; every model has one generic test. Model names are `m_<layer>_<i>`.
 */
export function layeredManifest(total: number, opts: { layers?: number; fanIn?: number } = {}): Manifest {
  const layers = opts.layers ?? 20;
  const fanIn = opts.fanIn ?? 3;
  const modelsCount = Math.floor(total / 2);
  const width = Math.ceil(modelsCount / layers);
  const items: Item[] = [];
  let made = 0;
  for (let layer = 0; layer < layers && made < modelsCount; layer++) {
    for (let i = 0; i < width && made < modelsCount; i++, made++) {
      const name = `m_${layer}_${i}`;
      const deps: string[] = [];
      if (layer > 0) for (let k = 0; k < fanIn; k++) deps.push(`m_${layer - 1}_${(i * 7 + k * 13) % width}`);
      items.push(model(name, { folder: layer < 5 ? 'staging' : 'marts', deps: [...new Set(deps)], tags: i % 10 === 0 ? ['hourly'] : [] }));
      items.push(test(`not_null_${name}_id`, { generic: 'not_null', deps: [name], column: 'id' }));
    }
  }
  return manifestOf(items);
}

/**
 * The shop project used by the selection tests:
 *
 *   source raw.orders    → stg_orders ─────┐
 *   source raw.customers → stg_customers ─┬┴→ fct_orders (marts/finance) → rpt
 *   seed countries ───────────────────────┼──↗            ↘ an_orders (analysis)
 *                                         └→ dim_customers → rpt;  snap_customers (snapshot)
 *   source other.events  → stg_events
 */
export function shopManifest(): Manifest {
  const off = model('old_model', { folder: 'staging', config: { enabled: false } });
  return manifestOf(
    [
      source('raw', 'orders'),
      source('raw', 'customers'),
      source('other', 'events', { tags: ['pii'] }),
      seed('countries'),
      model('stg_orders', { folder: 'staging', deps: ['source.shop.raw.orders'], tags: ['nightly'] }),
      model('stg_customers', { folder: 'staging', deps: ['source.shop.raw.customers'], tags: ['nightly', 'pii'], patchPath: 'shop://models/staging/schema.yml' }),
      model('stg_events', { folder: 'staging', deps: ['source.shop.other.events'], config: { materialized: 'incremental', access: 'public' } }),
      model('fct_orders', {
        folder: 'marts/finance',
        deps: ['stg_orders', 'stg_customers', 'seed.shop.countries'],
        tags: ['finance'],
        config: { materialized: 'table', meta: { owner: 'alice' }, tags: ['finance'], group: 'finance', persist_docs: { relation: true } },
      }),
      model('dim_customers', { folder: 'marts', deps: ['stg_customers'], config: { materialized: 'table' } }),
      model('rpt', { folder: 'marts', deps: ['fct_orders', 'dim_customers'] }),
      analysis('an_orders', { deps: ['fct_orders'] }),
      { ...snapshot('snap_customers', { deps: ['stg_customers'] }) },
      test('unique_stg_orders_id', { generic: 'unique', deps: ['stg_orders'], column: 'id', patchPath: 'models/staging/schema.yml' }),
      test('not_null_fct_orders_id', { generic: 'not_null', deps: ['fct_orders'], column: 'id', config: { severity: 'warn' } }),
      test('relationships_fct_orders_customer_id', { generic: 'relationships', deps: ['fct_orders', 'dim_customers'] }),
      test('expression_is_true_rpt', { generic: 'expression_is_true', namespace: 'dbt_utils', deps: ['rpt'] }),
      test('assert_positive_total', { deps: ['fct_orders'] }),
      test('source_not_null_raw_orders_id', { generic: 'not_null', deps: ['source.shop.raw.orders'] }),
      unitTest('ut_fct_orders', 'fct_orders'),
    ],
    { disabled: [off] },
  );
}
