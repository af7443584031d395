import { describe, expect, it } from 'vitest';
import { CompileError, ConfigError, DiagnosticsError, GraphError, type OppError } from '../errors/index.js';
import type { ModelNode, SnapshotNode } from '../manifest/index.js';
import type { NodeProperties } from '../project/index.js';
import { parseProject } from './parse-project.js';
import { makeFiles, makeProperties, makeTarget } from './test-support.js';

const target = makeTarget();

function nodeProps(name: string, partial: Partial<NodeProperties> = {}): NodeProperties {
  return {
    resourceType: 'model',
    name,
    description: '',
    config: {},
    columns: [],
    tests: [],
    meta: {},
    tags: [],
    constraints: [],
    location: { file: 'models/schema.yml', line: 3, column: 5 },
    file: 'models/schema.yml',
    ...partial,
  };
}

async function parseErrors(files: Parameters<typeof parseProject>[0], opts: Parameters<typeof parseProject>[2] = {}): Promise<OppError[]> {
  try {
    await parseProject(files, target, { cacheDir: false, env: {}, ...opts });
  } catch (e) {
    return e instanceof DiagnosticsError ? [...e.errors] : [e as OppError];
  }
  throw new Error('expected the parse to fail');
}

describe('parseProject', () => {
  it('builds models, seeds and sources with refs resolved to unique ids', async () => {
    const files = makeFiles({
      models: {
        'models/staging/stg_orders.sql': "select * from {{ source('raw', 'orders') }}",
        'models/marts/fct_orders.sql': "select * from {{ ref('stg_orders') }} join {{ ref('countries') }}",
      },
      seeds: ['seeds/countries.csv'],
      properties: [
        makeProperties('models/sources.yml', {
          sources: [
            {
              name: 'raw',
              description: 'raw data',
              schema: 'raw_data',
              meta: {},
              tags: [],
              config: {},
              quoting: {},
              tables: [
                {
                  name: 'orders',
                  identifier: 'ORDERS_V2',
                  description: '',
                  columns: [],
                  tests: [],
                  meta: {},
                  tags: [],
                  config: {},
                  quoting: {},
                  location: { file: 'models/sources.yml', line: 6, column: 9 },
                },
              ],
              location: { file: 'models/sources.yml', line: 2, column: 5 },
              file: 'models/sources.yml',
            },
          ],
        }),
      ],
    });
    const { manifest, stats } = await parseProject(files, target, { cacheDir: false });
    const fct = manifest.nodes['model.shop.fct_orders'] as ModelNode;
    expect(fct.dependsOn.nodes).toEqual(['model.shop.stg_orders', 'seed.shop.countries']);
    expect(fct.fqn).toEqual(['shop', 'marts', 'fct_orders']);
    expect(fct.path).toBe('marts/fct_orders.sql');
    expect(fct.refs.map((r) => r.location)).toEqual([
      { file: 'models/marts/fct_orders.sql', line: 1, column: 18 },
      { file: 'models/marts/fct_orders.sql', line: 1, column: 47 },
    ]);
    expect({ database: fct.database, schema: fct.schema, alias: fct.alias }).toEqual({ database: 'warehouse', schema: 'main', alias: 'fct_orders' });
    expect(manifest.nodes['model.shop.stg_orders']!.dependsOn.nodes).toEqual(['source.shop.raw.orders']);
    const src = manifest.sources['source.shop.raw.orders']!;
    expect({ database: src.database, schema: src.schema, identifier: src.identifier }).toEqual({ database: 'warehouse', schema: 'raw_data', identifier: 'ORDERS_V2' });
    expect(manifest.nodes['seed.shop.countries']!.resourceType).toBe('seed');
    expect(stats.staticTemplates).toBe(2);
    expect(stats.jinjaTemplates).toBe(0);
  });

  it('merges config as dbt does: folder < YAML config < config() in the file', async () => {
    const files = makeFiles({
      project: {
        models: {
          config: {},
          children: {
            shop: {
              config: { materialized: 'table', tags: ['all'] },
              children: { staging: { config: { materialized: 'view', schema: 'staging', tags: ['stg'] }, children: {} } },
            },
          },
        },
      },
      models: {
        'models/staging/a.sql': 'select 1',
        'models/staging/b.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect 1",
        'models/marts/c.sql': 'select 1',
      },
      properties: [makeProperties('models/schema.yml', { nodes: [nodeProps('a', { config: { materialized: 'ephemeral', tags: ['yaml'] } }), nodeProps('b', { config: { materialized: 'table' } })] })],
    });
    const { manifest } = await parseProject(files, target, { cacheDir: false });
    const a = manifest.nodes['model.shop.a'] as ModelNode;
    const b = manifest.nodes['model.shop.b'] as ModelNode;
    const c = manifest.nodes['model.shop.c'] as ModelNode;
    expect(a.config.materialized).toBe('ephemeral');
    expect(a.config.tags).toEqual(['all', 'stg', 'yaml']);
    expect(b.config.materialized).toBe('incremental');
    expect(b.config.unique_key).toBe('id');
    expect(b.unrenderedConfig).toEqual({ materialized: 'incremental', unique_key: 'id' });
    expect(c.config.materialized).toBe('table');
    // generate_schema_name: target schema + custom schema.
    expect(a.schema).toBe('main_staging');
    expect(c.schema).toBe('main');
  });

  it('lets config.get read the config merged so far while rendering', async () => {
    const files = makeFiles({
      project: { models: { config: {}, children: { shop: { config: { materialized: 'table' }, children: {} } } } },
      models: { 'models/m.sql': "{% if config.get('materialized') == 'table' %}{{ config(tags=['was_table']) }}{% endif %}select 1" },
    });
    const { manifest } = await parseProject(files, target, { cacheDir: false });
    expect(manifest.nodes['model.shop.m']!.config.tags).toEqual(['was_table']);
  });

  it('uses a project generate_schema_name instead of the builtin', async () => {
    const files = makeFiles({
      macros: {
        'macros/schema.sql':
          '{% macro generate_schema_name(custom_schema_name, node) -%}\n' +
          '  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}\n' +
          '{%- endmacro %}',
      },
      models: { 'models/a.sql': "{{ config(schema='marts') }}select 1", 'models/b.sql': 'select 1' },
    });
    const { manifest } = await parseProject(files, target, { cacheDir: false });
    expect(manifest.nodes['model.shop.a']!).toMatchObject({ schema: 'marts' });
    expect(manifest.nodes['model.shop.b']!).toMatchObject({ schema: 'main' });
    expect(manifest.macros['macro.shop.generate_schema_name']).toMatchObject({ arguments: ['custom_schema_name', 'node'], kind: 'macro' });
  });

  it('honours a dispatch search order for the dbt namespace', async () => {
    const files = makeFiles({
      project: { dispatch: [{ macroNamespace: 'dbt', searchOrder: ['shop', 'dbt'] }] },
      macros: {
        'macros/names.sql':
          "{% macro default__generate_schema_name(custom_schema_name, node) %}{{ 'custom_' ~ (custom_schema_name or 'none') }}{% endmacro %}",
      },
      models: { 'models/a.sql': "{{ config(schema='x') }}select 1" },
    });
    const { manifest } = await parseProject(files, target, { cacheDir: false });
    expect(manifest.nodes['model.shop.a']!).toMatchObject({ schema: 'custom_x' });
    const macros = files.macros.reduce((m, f) => ({ ...m, [f.path]: f.content }), {});
    const model = { 'models/a.sql': "{{ config(schema='x') }}select 1" };
    // Without a search order, as dbt: the project first, then dbt's internal package.
    const plain = await parseProject(makeFiles({ macros, models: model }), target, { cacheDir: false });
    expect(plain.manifest.nodes['model.shop.a']!).toMatchObject({ schema: 'custom_x' });
    // A search order without the project: dbt's own default__generate_schema_name.
    const onlyDbt = makeFiles({ project: { dispatch: [{ macroNamespace: 'dbt', searchOrder: ['dbt'] }] }, macros, models: model });
    const res = await parseProject(onlyDbt, target, { cacheDir: false });
    expect(res.manifest.nodes['model.shop.a']!).toMatchObject({ schema: 'main_x' });
  });

  it('exposes safe target settings and never secrets', async () => {
    const ok = makeFiles({ models: { 'models/a.sql': "select '{{ target.name }}/{{ target.type }}/{{ target.path }}/{{ target.profile_name }}' as t" } });
    await expect(parseProject(ok, target, { cacheDir: false })).resolves.toBeDefined();
    const bad = makeFiles({ models: { 'models/a.sql': "select '{{ target.password }}'" } });
    const [err] = await parseErrors(bad);
    expect(err!.code).toBe('compile/undefined-variable');
    expect(err!.message).not.toContain('hunter2');
  });

  it('gives versioned aliases and custom aliases as generate_alias_name does', async () => {
    const files = makeFiles({ models: { 'models/a.sql': "{{ config(alias='  A_alias ') }}select 1", 'models/b.sql': "{{ config(version=2) }}select 1" } });
    const { manifest } = await parseProject(files, target, { cacheDir: false, adapterConfigKeys: ['version'] });
    expect(manifest.nodes['model.shop.a']!).toMatchObject({ alias: 'A_alias' });
    expect(manifest.nodes['model.shop.b']!).toMatchObject({ alias: 'b_v2' });
  });

  it('reports an unknown ref at the ref() with the closest name', async () => {
    const files = makeFiles({
      models: { 'models/stg_orders.sql': 'select 1', 'models/fct.sql': "select *\nfrom {{ ref('stg_order') }}" },
    });
    const [err, ...rest] = await parseErrors(files);
    expect(rest).toEqual([]);
    expect(err).toBeInstanceOf(GraphError);
    expect(err!.code).toBe('graph/unknown-ref');
    expect(err!.location).toEqual({ file: 'models/fct.sql', line: 2, column: 9 });
    expect(err!.hint).toBe("did you mean 'stg_orders'?");
  });

  it('reports a ref to a disabled model as graph/disabled-ref and keeps the node in disabled', async () => {
    const files = makeFiles({
      models: { 'models/old.sql': '{{ config(enabled=false) }}select 1', 'models/new.sql': "select * from {{ ref('old') }}" },
    });
    const [err] = await parseErrors(files);
    expect(err!.code).toBe('graph/disabled-ref');
    expect(err!.location).toEqual({ file: 'models/new.sql', line: 1, column: 18 });
    const ok = makeFiles({ models: { 'models/old.sql': '{{ config(enabled=false) }}select 1', 'models/new.sql': 'select 1' } });
    const { manifest } = await parseProject(ok, target, { cacheDir: false });
    expect(Object.keys(manifest.disabled)).toEqual(['model.shop.old']);
    expect(manifest.nodes['model.shop.old']).toBeUndefined();
  });

  it('reports an unknown source with the closest table', async () => {
    const files = makeFiles({
      models: { 'models/m.sql': "select * from {{ source('raw', 'ordrs') }}" },
      properties: [
        makeProperties('models/sources.yml', {
          sources: [
            {
              name: 'raw',
              description: '',
              meta: {},
              tags: [],
              config: {},
              quoting: {},
              tables: [{ name: 'orders', description: '', columns: [], tests: [], meta: {}, tags: [], config: {}, quoting: {}, location: { file: 'models/sources.yml', line: 4, column: 7 } }],
              location: { file: 'models/sources.yml', line: 2, column: 5 },
              file: 'models/sources.yml',
            },
          ],
        }),
      ],
    });
    const [err] = await parseErrors(files);
    expect(err!.code).toBe('graph/unknown-source');
    expect(err!.location).toEqual({ file: 'models/m.sql', line: 1, column: 18 });
    expect(err!.hint).toBe("did you mean source('raw', 'orders')?");
  });

  it('reports unknown vars with the line and the defined names', async () => {
    const files = makeFiles({
      project: { vars: { start_date: '2024-01-01', shop: { region: 'eu' } } },
      models: { 'models/m.sql': "select\n  {{ var('start_dat') }}", 'models/n.sql': "{% set x = 1 %}\nselect {{ var('nope') }}" },
    });
    const errors = await parseErrors(files);
    expect(errors.map((e) => [e.code, e.location])).toEqual([
      ['compile/unknown-var', { file: 'models/m.sql', line: 2, column: 6 }],
      ['compile/unknown-var', { file: 'models/n.sql', line: 2, column: 11 }],
    ]);
    expect(errors[0]!.hint).toBe("did you mean 'start_date'?");
    expect(errors[1]!.message).toContain('defined vars: start_date, region');
  });

  it('reports unknown config() keys at the call with did-you-mean', async () => {
    const files = makeFiles({ models: { 'models/m.sql': "select 1\n{{ config(materialised='table') }}" } });
    const [err] = await parseErrors(files);
    expect(err).toBeInstanceOf(CompileError);
    expect(err!.code).toBe('compile/bad-config');
    expect(err!.location).toEqual({ file: 'models/m.sql', line: 2, column: 4 });
    expect(err!.hint).toContain("'materialized'");
  });

  it('accepts adapter config keys', async () => {
    const files = makeFiles({ models: { 'models/m.sql': "{{ config(cluster_by=['a'], my_adapter_key=1) }}select 1" } });
    const { manifest } = await parseProject(files, target, { cacheDir: false, adapterConfigKeys: ['my_adapter_key'] });
    expect(manifest.nodes['model.shop.m']!.config['my_adapter_key']).toBe(1);
  });

  it('collects every problem of the project and fails once', async () => {
    const files = makeFiles({
      models: {
        'models/a.sql': "select {{ ref('nope') }}",
        'models/b.sql': "{{ config(materialzed='table') }}",
        'models/c.sql': '{% if %}',
        'models/d.sql': "{{ var('v') }}",
      },
    });
    const errors = await parseErrors(files);
    expect(errors.map((e) => e.code).sort()).toEqual(['compile/bad-config', 'compile/template-syntax', 'compile/unknown-var', 'graph/unknown-ref']);
  });

  it('records {% test %} blocks as test macros and rejects duplicate macros', async () => {
    const files = makeFiles({
      macros: {
        'macros/tests.sql': '{% test positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}',
        'macros/a.sql': '{% macro twice() %}1{% endmacro %}',
        'macros/b.sql': '\n\n{% macro twice() %}2{% endmacro %}',
      },
      models: { 'models/m.sql': 'select 1' },
    });
    const [err] = await parseErrors(files);
    expect(err!.code).toBe('compile/duplicate-macro');
    expect(err!.location).toEqual({ file: 'macros/b.sql', line: 3, column: 1 });
    const ok = makeFiles({ macros: { 'macros/tests.sql': files.macros[0]!.content }, models: { 'models/m.sql': 'select 1' } });
    const { manifest } = await parseProject(ok, target, { cacheDir: false });
    expect(manifest.macros['macro.shop.test_positive']).toMatchObject({
      name: 'test_positive',
      kind: 'test',
      arguments: ['model', 'column_name'],
      location: { file: 'macros/tests.sql', line: 1, column: 1 },
    });
    expect(manifest.macros['macro.shop.test_positive']!.macroSql.startsWith('{% test positive(')).toBe(true);
    expect(manifest.macros['macro.shop.test_positive']!.macroSql.endsWith('{% endtest %}')).toBe(true);
  });

  it('reads {% docs %} blocks and renders doc() in templates and descriptions', async () => {
    const files = makeFiles({
      docs: { 'models/docs.md': '{% docs orders %}\nOne row per order.\n{% enddocs %}\n{% docs other %}x{% enddocs %}' },
      models: { 'models/orders.sql': "select '{{ doc(\"orders\") }}' as d" },
      properties: [makeProperties('models/schema.yml', { nodes: [nodeProps('orders', { description: '{{ doc("orders") }}' })] })],
    });
    const { manifest } = await parseProject(files, target, { cacheDir: false });
    expect(manifest.docs['doc.shop.orders']).toMatchObject({ blockContents: 'One row per order.', originalFilePath: 'models/docs.md' });
    expect(manifest.nodes['model.shop.orders']!.description).toBe('One row per order.');
    const bad = makeFiles({ docs: files.docs.reduce((m, f) => ({ ...m, [f.path]: f.content }), {}), models: { 'models/m.sql': "{{ doc('ordres') }}" } });
    const [err] = await parseErrors(bad);
    expect(err!.code).toBe('compile/unknown-doc');
    expect(err!.hint).toBe("did you mean 'orders'?");
  });

  it('records the env vars a node read, and fails on a missing one', async () => {
    const files = makeFiles({ models: { 'models/m.sql': "{% set s = env_var('SCHEMA_SUFFIX') %}{{ env_var('OPTIONAL', 'x') }}" } });
    const res = await parseProject(files, target, { cacheDir: false, env: { SCHEMA_SUFFIX: 'dev' } });
    expect(res.manifest.nodes['model.shop.m']).toBeDefined();
    const [err] = await parseErrors(files, { env: {} });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.code).toBe('config/missing-env-var');
    expect(err!.location).toEqual({ file: 'models/m.sql', line: 1, column: 12 });
  });

  it('parses {% snapshot %} blocks as snapshot nodes with file positions', async () => {
    const files = makeFiles({
      snapshots: {
        'snapshots/orders_snapshot.sql':
          "{% snapshot orders_snapshot %}\n{{ config(target_schema='snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at') }}\nselect * from {{ ref('orders') }}\n{% endsnapshot %}\n",
      },
      models: { 'models/orders.sql': 'select 1 as id' },
    });
    const { manifest } = await parseProject(files, target, { cacheDir: false });
    const snap = manifest.nodes['snapshot.shop.orders_snapshot'] as SnapshotNode;
    expect(snap.schema).toBe('snapshots');
    expect(snap.config.strategy).toBe('timestamp');
    expect(snap.refs[0]!.location).toEqual({ file: 'snapshots/orders_snapshot.sql', line: 3, column: 18 });
    expect(snap.rawCode.trim().startsWith('{{ config(')).toBe(true);
  });

  it('parses a multi-line snapshot config with trailing commas', async () => {
    const files = makeFiles({
      snapshots: {
        'snapshots/s.sql':
          "{% snapshot s %}\n{{\n  config(\n    target_schema='snapshots',\n    unique_key='id',\n    strategy='check',\n    check_cols=['a', 'b',],\n  )\n}}\nselect * from {{ ref('orders',) }}\n{% endsnapshot %}\n",
      },
      models: { 'models/orders.sql': 'select 1 as id' },
    });
    const { manifest, stats } = await parseProject(files, target, { cacheDir: false });
    const snap = manifest.nodes['snapshot.shop.s'] as SnapshotNode;
    expect(snap.config).toMatchObject({ target_schema: 'snapshots', unique_key: 'id', strategy: 'check', check_cols: ['a', 'b'] });
    expect(snap.dependsOn.nodes).toEqual(['model.shop.orders']);
    expect(snap.refs[0]!.location).toEqual({ file: 'snapshots/s.sql', line: 10, column: 18 });
    expect(stats.staticTemplates).toBe(2);
  });

  describe('YAML-defined snapshots (dbt 1.9)', () => {
    const yamlSnapshot = (name: string, relation: string, config: Record<string, unknown> = {}, line = 3): NodeProperties =>
      nodeProps(name, { resourceType: 'snapshot', relation, config, file: 'snapshots/snapshots.yml', location: { file: 'snapshots/snapshots.yml', line, column: 5 } });
    const sources = makeProperties('models/sources.yml', {
      sources: [
        {
          name: 'app',
          description: '',
          meta: {},
          tags: [],
          config: {},
          quoting: {},
          tables: [{ name: 'orders', description: '', columns: [], tests: [], meta: {}, tags: [], config: {}, quoting: {}, location: { file: 'models/sources.yml', line: 4, column: 9 } }],
          location: { file: 'models/sources.yml', line: 2, column: 5 },
          file: 'models/sources.yml',
        },
      ],
    });
    const project = {
      snapshots: { config: { target_schema: 'snapshots', strategy: 'timestamp' }, children: { shop: { config: { updated_at: 'updated_at' }, children: {} } } },
    };

    it('become snapshot nodes: generated select, YAML file, project + YAML config, refs and sources recorded', async () => {
      const files = makeFiles({
        project,
        models: { 'models/orders.sql': 'select 1 as id', 'models/uses.sql': "select * from {{ ref('orders_snap') }}" },
        properties: [
          sources,
          makeProperties('snapshots/snapshots.yml', {
            nodes: [
              yamlSnapshot('orders_snap', "ref('orders')", { unique_key: 'id', strategy: 'check', check_cols: 'all' }),
              yamlSnapshot('app_orders_snap', "source('app', 'orders')", { unique_key: 'id', tags: ['nightly'] }, 9),
            ],
          }),
        ],
      });
      const { manifest, warnings } = await parseProject(files, target, { cacheDir: false });
      expect(warnings).toEqual([]);
      const snap = manifest.nodes['snapshot.shop.orders_snap'] as SnapshotNode;
      expect(snap).toMatchObject({
        resourceType: 'snapshot',
        rawCode: "select * from {{ ref('orders') }}",
        originalFilePath: 'snapshots/snapshots.yml',
        patchPath: 'snapshots/snapshots.yml',
        fqn: ['shop', 'orders_snap'],
        schema: 'snapshots',
        alias: 'orders_snap',
      });
      // project.yml snapshots: < YAML config:
      expect(snap.config).toMatchObject({ target_schema: 'snapshots', strategy: 'check', updated_at: 'updated_at', unique_key: 'id', check_cols: 'all' });
      expect(snap.refs.map((r) => [r.name, r.location])).toEqual([['orders', { file: 'snapshots/snapshots.yml', line: 3, column: 5 }]]);
      expect(snap.dependsOn.nodes).toEqual(['model.shop.orders']);
      const app = manifest.nodes['snapshot.shop.app_orders_snap'] as SnapshotNode;
      expect(app.rawCode).toBe("select * from {{ source('app', 'orders') }}");
      expect(app.sources.map((x) => [x.sourceName, x.tableName])).toEqual([['app', 'orders']]);
      expect(app.dependsOn.nodes).toEqual(['source.shop.app.orders']);
      expect(app.config).toMatchObject({ strategy: 'timestamp', updated_at: 'updated_at', tags: ['nightly'] });
      expect(app.tags).toEqual(['nightly']);
      // Other nodes ref() them like any snapshot.
      expect(manifest.nodes['model.shop.uses']!.dependsOn.nodes).toEqual(['snapshot.shop.orders_snap']);
      // The run pass renders the generated select.
      const { renderNode } = await import('./render-node.js');
      expect((await renderNode(snap, { manifest, target, isIncremental: false })).compiledCode).toBe('select * from "warehouse"."main"."orders"');
    });

    it('locate a bad relation, an unknown ref and a bad config at the YAML entry', async () => {
      const files = makeFiles({
        project,
        models: { 'models/orders.sql': 'select 1 as id' },
        properties: [
          makeProperties('snapshots/snapshots.yml', {
            nodes: [yamlSnapshot('a', 'orders', {}, 3), yamlSnapshot('b', "ref('ordrs')", {}, 7), yamlSnapshot('c', 'ref(1, 2, 3)', {}, 11)],
          }),
        ],
      });
      const errs = await parseErrors(files);
      expect(errs.map((e) => [e.code, e.location])).toEqual([
        ['compile/bad-config', { file: 'snapshots/snapshots.yml', line: 3, column: 5 }],
        ['compile/render-failed', { file: 'snapshots/snapshots.yml', line: 11, column: 5 }],
        ['graph/unknown-ref', { file: 'snapshots/snapshots.yml', line: 7, column: 5 }],
      ]);
      expect(errs[0]!.hint).toContain("relation: ref('model_name')");
      expect(errs[2]!.hint).toBe("did you mean 'orders'?");
    });
  });

  it('locates exceptions.raise_compiler_error in the macro file that raised it', async () => {
    const files = makeFiles({
      macros: { 'macros/guard.sql': "{% macro guard(x) %}\n  {% if x < 0 %}\n    {{ exceptions.raise_compiler_error('x must be >= 0, got ' ~ x) }}\n  {% endif %}\n{% endmacro %}" },
      models: { 'models/m.sql': 'select 1\n{{ guard(-1) }}' },
    });
    const [err] = await parseErrors(files);
    expect(err!.code).toBe('compile/compiler-error');
    expect(err!.message).toBe('x must be >= 0, got -1');
    expect(err!.location).toEqual({ file: 'macros/guard.sql', line: 3, column: 8 });
  });

  it('locates errors raised inside a macro file at the macro file line', async () => {
    const files = makeFiles({
      macros: {
        'macros/util.sql': "{% macro label(x) %}\n  {% set y = x ~ '!' %}\n  {{ y.shout() }}\n{% endmacro %}\n\n{% macro cols() %}\n{{ colums }}\n{% endmacro %}",
      },
      models: { 'models/a.sql': "select {{ label('a') }}", 'models/b.sql': 'select\n\n{{ cols() }}' },
    });
    const errors = await parseErrors(files);
    expect(errors.map((e) => [e.code, e.location])).toEqual([
      ['compile/undefined-variable', { file: 'macros/util.sql', line: 3, column: 6 }],
      ['compile/undefined-variable', { file: 'macros/util.sql', line: 7, column: 4 }],
    ]);
  });

  it('reports template syntax errors at the template position', async () => {
    const files = makeFiles({ models: { 'models/m.sql': 'select 1\nfrom x\n{% if true %}\nwhere 1 = 1\n' } });
    const [err] = await parseErrors(files);
    expect(err!.code).toBe('compile/template-syntax');
    expect(err!.location?.file).toBe('models/m.sql');
    const bad = makeFiles({ models: { 'models/m.sql': "select {{ ref('a' }}" } });
    const [e2] = await parseErrors(bad);
    expect(e2!.location).toEqual({ file: 'models/m.sql', line: 1, column: 19 });
  });

  it('warns about YAML properties that describe nothing', async () => {
    const files = makeFiles({ models: { 'models/orders.sql': 'select 1' }, properties: [makeProperties('models/schema.yml', { nodes: [nodeProps('ordrs')] })] });
    const { warnings } = await parseProject(files, target, { cacheDir: false });
    expect(warnings.map((w) => [w.code, w.hint])).toEqual([['project/unknown-resource', "did you mean 'orders'?"]]);
  });
});
