import { describe, expect, it } from 'vitest';
import type { ManifestNode } from '../manifest/index.js';
import { BUILTIN_TEST_MACRO_NAMES } from './builtin-test-macros.js';
import { parseProject } from './parse-project.js';
import { renderNode, renderSql } from './render-node.js';
import { makeFiles, makeProject, makeSession, makeTarget, renderParse } from './test-support.js';
import type { RunContext } from './types.js';

/**
 * The hooks other stages use: dbt's generic tests as builtins, dispatch's search order, and per-render
 * overrides of the run context (`overrides`, `thisRelation`, `dispatchAs`).
 */

const target = makeTarget();

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

async function project(models: Record<string, string>, macros: Record<string, string> = {}, extra: Parameters<typeof makeFiles>[0] = {}, env: Record<string, string> = {}) {
  const { manifest } = await parseProject(makeFiles({ models, macros, ...extra }), target, { cacheDir: false, env });
  const rc: RunContext = { manifest, target, isIncremental: false };
  const node = (name: string): ManifestNode => manifest.nodes[`model.shop.${name}`]!;
  return { manifest, rc, node };
}

describe('builtin generic-test macros', () => {
  it('are defined in every session, in the dbt namespace, and are not project macros', () => {
    const session = makeSession();
    for (const name of BUILTIN_TEST_MACRO_NAMES) {
      expect(typeof session.shared[name], name).toBe('function');
      expect(typeof (session.shared['dbt'] as Record<string, unknown>)[name], `dbt.${name}`).toBe('function');
      expect(session.projectMacros.has(name)).toBe(false);
    }
  });

  it('are not in manifest.macros and not in dependsOn.macros', async () => {
    const { manifest, node } = await project({ 'models/a.sql': "{{ test_not_null(model=ref('b'), column_name='id') }}", 'models/b.sql': 'select 1 as id' });
    expect(Object.keys(manifest.macros)).toEqual([]);
    expect(node('a').dependsOn.macros).toEqual([]);
  });

  it('render dbt’s SQL through adapter.dispatch, with where and store_failures', async () => {
    const files = makeFiles({
      models: {
      'models/b.sql': 'select 1 as id',
      'models/nn.sql': "{{ test_not_null(model=get_where_subquery(ref('b')), column_name='id') }}",
      'models/un.sql': "{{ config(where='id > 0') }}{{ test_unique(model=get_where_subquery(ref('b')), column_name='id') }}",
      'models/av.sql': "{{ test_accepted_values(model=ref('b'), column_name='id', values=[1, 2]) }}",
      'models/nnsf.sql': "{{ config(store_failures=true) }}{{ test_not_null(model=ref('b'), column_name='id') }}",
      'models/rel.sql': "{{ config(store_failures=true) }}{{ test_relationships(model=ref('b'), column_name='id', to=ref('b'), field='id') }}",
      },
    });
    // `where` / `store_failures` are test configs: accepted here as adapter keys, to render tests as models.
    const { manifest } = await parseProject(files, target, { cacheDir: false, adapterConfigKeys: ['where', 'store_failures'] });
    const rc: RunContext = { manifest, target, isIncremental: false };
    const node = (name: string): ManifestNode => manifest.nodes[`model.shop.${name}`]!;
    expect(squash((await renderNode(node('nn'), rc)).compiledCode)).toBe('select id from "warehouse"."main"."b" where id is null');
    expect(squash((await renderNode(node('un'), rc)).compiledCode)).toBe(
      'select id as unique_field, count(*) as n_records from (select * from "warehouse"."main"."b" where id > 0) dbt_subquery where id is not null group by id having count(*) > 1',
    );
    expect(squash((await renderNode(node('av'), rc)).compiledCode)).toContain("where value_field not in ( '1','2' )");
    expect(squash((await renderNode(node('nnsf'), rc)).compiledCode)).toBe('select * from "warehouse"."main"."b" where id is null');
    expect(squash((await renderNode(node('rel'), rc)).compiledCode)).toContain('left join parent on child.from_field = parent.to_field');
  });

  it('a project {% test %} of the same name replaces the builtin, which stays in the dbt namespace', async () => {
    const { rc, node } = await project(
      {
        'models/b.sql': 'select 1 as id',
        'models/t.sql': "{{ test_not_null(model=ref('b'), column_name='id') }} | {{ dbt.test_not_null(model=ref('b'), column_name='id') | trim | replace('\\n', ' ') }}",
      },
      { 'macros/tests.sql': '{% test not_null(model, column_name) %}mine {{ column_name }}{% endtest %}' },
    );
    const out = squash((await renderNode(node('t'), rc)).compiledCode);
    expect(out.startsWith('mine id |')).toBe(true);
    expect(out).toContain('where id is null');
  });

  it('a project default__test_unique or <adapter>__test_unique wins over the builtin implementation', async () => {
    const models = { 'models/b.sql': 'select 1 as id', 'models/t.sql': "{{ test_unique(model=ref('b'), column_name='id') }}" };
    const viaDefault = await project(models, { 'macros/u.sql': '{% macro default__test_unique(model, column_name) %}project default {{ column_name }}{% endmacro %}' });
    expect(squash((await renderNode(viaDefault.node('t'), viaDefault.rc)).compiledCode)).toBe('project default id');
    const viaAdapter = await project(models, {
      'macros/u.sql':
        '{% macro default__test_unique(model, column_name) %}project default{% endmacro %}{% macro duckdb__test_unique(model, column_name) %}project duckdb{% endmacro %}',
    });
    expect(squash((await renderNode(viaAdapter.node('t'), viaAdapter.rc)).compiledCode)).toBe('project duckdb');
    // The project's adapter-specific macro is found before the builtin default, per package in order.
    const adapterOnly = await project(models, { 'macros/u.sql': '{% macro duckdb__test_unique(model, column_name) %}project duckdb{% endmacro %}' });
    expect(squash((await renderNode(adapterOnly.node('t'), adapterOnly.rc)).compiledCode)).toBe('project duckdb');
  });
});

describe('adapter.dispatch search order', () => {
  const macros = {
    'macros/d.sql': [
      "{% macro default__greet() %}project default{% endmacro %}",
      "{% macro duckdb__only_duck() %}project duck{% endmacro %}",
      "{% macro default__generate_schema_name(custom_schema_name, node) %}project_schema{% endmacro %}",
    ].join(''),
  };

  it('searches the project, then dbt, for no namespace and for the dbt namespace', () => {
    const session = makeSession({ macros });
    expect(renderParse(session, "{{ adapter.dispatch('greet')() }}")).toBe('project default');
    expect(renderParse(session, "{{ adapter.dispatch('only_duck', 'dbt')() }}")).toBe('project duck');
    expect(renderParse(session, "{{ adapter.dispatch('generate_schema_name', 'dbt')(none, none) }}")).toBe('project_schema');
    expect(renderParse(session, "{{ adapter.dispatch('test_not_null', macro_namespace='dbt') is callable }}")).toBe('True');
  });

  it('follows a configured search order, and names every macro it tried when none exists', () => {
    const session = makeSession({ macros, project: makeProject({ dispatch: [{ macroNamespace: 'dbt', searchOrder: ['dbt'] }] }) });
    expect(renderParse(session, "{{ adapter.dispatch('generate_schema_name', 'dbt')(none, none) }}")).toBe('main');
    let err: unknown;
    try {
      renderParse(session, "{{ adapter.dispatch('only_duck', 'dbt')() }}");
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'compile/unknown-dispatch' });
    expect((err as Error).message).toContain('dbt.duckdb__only_duck, dbt.default__only_duck');
  });
});

describe('run-context overrides', () => {
  const models = {
    'models/a.sql': 'select 1 as id',
    'models/m.sql':
      "select {{ var('x') }} as x, '{{ env_var('E', 'unset') }}' as e, {{ current_ts() }} as ts, '{{ invocation_id }}' as inv, '{{ target.type }}' as t, '{{ adapter.dispatch('flavour')() }}' as f from {{ this }}",
    'models/s.sql': "select {{ var('x') }} as x from {{ this }} where '{{ target.type }}' = 'duckdb'",
  };
  const macros = {
    'macros/m.sql':
      "{% macro current_ts() %}now(){% endmacro %}{% macro default__flavour() %}default{% endmacro %}{% macro snowflake__flavour() %}snow{% endmacro %}{% macro uses_ts() %}{{ current_ts() }}{% endmacro %}",
  };

  it('replaces vars, env vars, macros and context values for one render only', async () => {
    const { rc, node } = await project(models, macros, { project: { vars: { x: 1 } } }, { E: 'real' });
    const plain = await renderNode(node('m'), rc);
    expect(plain.compiledCode).toMatch(/^select 1 as x, 'real' as e, now\(\) as ts, '[0-9a-f-]{36}' as inv, 'duckdb' as t, 'default' as f from "warehouse"."main"."m"$/);
    const over: RunContext = {
      ...rc,
      overrides: { vars: { x: 2 }, env: { E: null }, macros: { current_ts: "'2024-01-01'", invocation_id: 'fixed', not_in_context: 1 } },
      thisRelation: { schema: 'fixture', identifier: 'this_cte' },
      dispatchAs: 'snowflake',
    };
    expect((await renderNode(node('m'), over)).compiledCode).toBe(
      `select 2 as x, 'unset' as e, '2024-01-01' as ts, 'fixed' as inv, 'snowflake' as t, 'snow' as f from "fixture"."this_cte"`,
    );
    // Nothing leaks into the next render, nor into the session.
    expect((await renderNode(node('m'), rc)).compiledCode).toBe(plain.compiledCode);
  });

  it('applies macro overrides inside other macros and through the dbt namespace', async () => {
    const { rc } = await project(models, macros, { project: { vars: { x: 1 } } });
    const over: RunContext = { ...rc, overrides: { macros: { current_ts: 'T', 'dbt.test_not_null': 'N' } } };
    expect((await renderSql('{{ uses_ts() }} {{ test_not_null() }} {{ dbt.test_not_null() }}', over)).sql).toBe('T N N');
    expect((await renderSql('{{ uses_ts() }}', rc)).sql).toBe('now()');
  });

  it('applies to static templates (var, this, target.type) exactly as to Nunjucks ones', async () => {
    const { rc, node } = await project(models, macros, { project: { vars: { x: 1 } } });
    expect((await renderNode(node('s'), rc)).compiledCode).toBe(`select 1 as x from "warehouse"."main"."s" where 'duckdb' = 'duckdb'`);
    const over: RunContext = { ...rc, overrides: { vars: { x: 3 } }, thisRelation: { schema: '', identifier: 'fx' }, dispatchAs: 'postgres' };
    expect((await renderNode(node('s'), over)).compiledCode).toBe(`select 3 as x from "fx" where 'postgres' = 'duckdb'`);
    const viaMacros: RunContext = { ...rc, overrides: { macros: { this: 'THIS' } } };
    expect((await renderNode(node('s'), viaMacros)).compiledCode).toBe(`select 1 as x from THIS where 'duckdb' = 'duckdb'`);
  });

  it('keeps this of injected ephemeral models their own', async () => {
    const { rc, node } = await project({
      'models/e.sql': "{{ config(materialized='ephemeral') }}select '{{ this.identifier }}' as who",
      'models/top.sql': "select * from {{ ref('e') }} -- {{ this }}",
    });
    const out = await renderNode(node('top'), { ...rc, thisRelation: { schema: 's', identifier: 'fixture' } });
    expect(out.compiledCode).toContain(`select 'e' as who`);
    expect(out.compiledCode).toContain('-- "s"."fixture"');
  });

  it('renders relations with the run context’s dialect', async () => {
    const { rc, node } = await project({ 'models/a.sql': 'select 1', 'models/b.sql': "select * from {{ ref('a') }}, {{ adapter.quote('c') }}" });
    const dialect = { relationName: (r: { schema: string; identifier: string }) => `${r.schema}::${r.identifier}`, quoteIdentifier: (n: string) => `[${n}]` };
    expect((await renderNode(node('b'), { ...rc, dialect })).compiledCode).toBe('select * from main::a, [c]');
    expect((await renderNode(node('b'), rc)).compiledCode).toBe('select * from "warehouse"."main"."a", "c"');
  });
});

describe('builtin macro files, loaded on first use', () => {
  it('define exactly BUILTIN_TEST_MACRO_NAMES', async () => {
    const { BUILTIN_TEST_MACRO_FILES } = await import('./builtin-test-macros.js');
    const names = [...BUILTIN_TEST_MACRO_FILES.map((f) => f.sql).join('\n').matchAll(/\{%-?\s*(macro|test)\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) =>
      m[1] === 'test' ? `test_${m[2]}` : m[2]!,
    );
    expect([...names].sort()).toEqual([...BUILTIN_TEST_MACRO_NAMES].sort());
  });

  it('are not compiled by a session that never calls them, and load once when one is used', () => {
    const session = makeSession({ macros: { 'macros/t.sql': '{% test unique(model, column_name) %}mine{% endtest %}' } });
    const loaded = (): boolean => (session as unknown as { builtinFilesLoaded: boolean }).builtinFilesLoaded;
    expect(renderParse(session, "select {{ 1 + 1 }} from {{ ref('a') }}")).toBe('select 2 from "warehouse"."main"."a"');
    expect(loaded()).toBe(false);
    // The project's test_unique replaced the placeholder without loading anything.
    expect(renderParse(session, "{{ test_unique(model='m', column_name='c') }}")).toBe('mine');
    expect(loaded()).toBe(false);
    expect(squash(renderParse(session, "{{ test_not_null(model='m', column_name='c') }}"))).toBe('select c from m where c is null');
    expect(loaded()).toBe(true);
    // Loading did not put the builtin back over the project's macro; dbt.test_unique is the builtin.
    expect(renderParse(session, "{{ test_unique(model='m', column_name='c') }}")).toBe('mine');
    expect(squash(renderParse(session, "{{ dbt.test_unique(model='m', column_name='c') }}"))).toContain('having count(*) > 1');
  });
});
