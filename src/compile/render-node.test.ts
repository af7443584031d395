import { describe, expect, it } from 'vitest';
import type { ManifestNode } from '../manifest/index.js';
import { injectCtes } from './ephemeral-ctes.js';
import { parseProject } from './parse-project.js';
import { renderCompiled } from './render-batch.js';
import { renderNode, renderSql } from './render-node.js';
import { makeFiles, makeTarget } from './test-support.js';
import type { QueryFunctions, RunContext } from './types.js';

const target = makeTarget();

async function project(models: Record<string, string>, macros: Record<string, string> = {}, extra: Parameters<typeof makeFiles>[0] = {}) {
  const { manifest } = await parseProject(makeFiles({ models, macros, ...extra }), target, { cacheDir: false, env: { MY_VAR: 'v' } });
  const rc: RunContext = { manifest, target, isIncremental: false };
  const node = (name: string): ManifestNode => manifest.nodes[`model.shop.${name}`]!;
  return { manifest, rc, node };
}

describe('injectCtes', () => {
  const ctes = [
    { id: 'a', sql: ' __dbt__cte__a as (\nselect 1\n)' },
    { id: 'b', sql: ' __dbt__cte__b as (\nselect 2\n)' },
  ];
  it('adds a WITH before the first token when there is none', () => {
    expect(injectCtes('\n  select * from __dbt__cte__a', ctes)).toBe('\n  with __dbt__cte__a as (\nselect 1\n),  __dbt__cte__b as (\nselect 2\n)select * from __dbt__cte__a');
  });
  it('merges into an existing top-level WITH', () => {
    expect(injectCtes('with x as (select 1) select * from x', ctes.slice(0, 1))).toBe('with __dbt__cte__a as (\nselect 1\n), x as (select 1) select * from x');
    expect(injectCtes('-- with in a comment\nWITH x as (select 1) select 1', ctes.slice(0, 1))).toBe(
      '-- with in a comment\nWITH __dbt__cte__a as (\nselect 1\n), x as (select 1) select 1',
    );
    expect(injectCtes('with recursive r as (select 1) select 1', ctes.slice(0, 1))).toBe('with recursive __dbt__cte__a as (\nselect 1\n), r as (select 1) select 1');
  });
  it('ignores WITH inside parentheses and strings', () => {
    expect(injectCtes("select 'with' from (with y as (select 1) select 1)", ctes.slice(0, 1))).toBe(
      "with __dbt__cte__a as (\nselect 1\n)select 'with' from (with y as (select 1) select 1)",
    );
  });
});

describe('renderNode', () => {
  it('resolves refs and sources to relations and renders this', async () => {
    const { rc, node } = await project({
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }} -- {{ this }} {{ this.schema }}.{{ this.identifier }}",
    });
    const out = await renderNode(node('b'), rc);
    expect(out.compiledCode).toBe('select * from "warehouse"."main"."a" -- "warehouse"."main"."b" main.b');
    expect(out.relationName).toBe('"warehouse"."main"."b"');
    expect(out.compiledPath).toBe('target/compiled/shop/models/b.sql');
    expect(out.extraCtes).toEqual([]);
  });

  it('decides is_incremental() from the run context', async () => {
    const { rc, node } = await project({
      'models/inc.sql': "{{ config(materialized='incremental') }}select 1{% if is_incremental() %} where x > (select max(x) from {{ this }}){% endif %}",
    });
    expect((await renderNode(node('inc'), rc)).compiledCode).toBe('select 1');
    expect((await renderNode(node('inc'), { ...rc, isIncremental: true })).compiledCode).toBe('select 1 where x > (select max(x) from "warehouse"."main"."inc")');
    // As dbt: only an incremental model is ever incremental.
    const view = await project({ 'models/v.sql': '{% if is_incremental() %}inc{% else %}full{% endif %}' });
    expect((await renderNode(view.node('v'), { ...view.rc, isIncremental: true })).compiledCode).toBe('full');
  });

  it('injects ephemeral models as CTEs, nested and deduplicated', async () => {
    const { rc, node } = await project({
      'models/base.sql': "{{ config(materialized='ephemeral') }}select 1 as id",
      'models/mid.sql': "{{ config(materialized='ephemeral') }}select * from {{ ref('base') }}",
      'models/top.sql': "with t as (select * from {{ ref('mid') }}) select * from t join {{ ref('base') }} using (id)",
    });
    const out = await renderNode(node('top'), rc);
    expect(out.extraCtes.map((c) => c.id)).toEqual(['model.shop.base', 'model.shop.mid']);
    expect(out.compiledCode).toBe(
      'with __dbt__cte__base as (\nselect 1 as id\n),  __dbt__cte__mid as (\nselect * from __dbt__cte__base\n), t as (select * from __dbt__cte__mid) select * from t join __dbt__cte__base using (id)',
    );
    expect((await renderNode(node('mid'), rc)).relationName).toBeUndefined();
  });

  it('runs run_query by render–record–re-render, with logs only from the final render', async () => {
    const { rc, node } = await project({
      'models/pivot.sql':
        "{% set q %}select distinct status from {{ ref('orders') }}{% endset %}\n" +
        '{% set res = run_query(q) %}\n' +
        "{% if execute %}{% set statuses = res.columns[0].values() %}{% else %}{% set statuses = [] %}{% endif %}\n" +
        "{% do log('statuses: ' ~ statuses | join(','), info=true) %}\n" +
        "{% set n = run_query('select count(*) as n from x').rows[0]['n'] if execute else 0 %}\n" +
        "select{% for s in statuses %} sum(case when status = '{{ s }}' then 1 end) as {{ s }}{% if not loop.last %},{% endif %}{% endfor %}, {{ n }} as n",
      'models/orders.sql': 'select 1',
    });
    const seen: string[] = [];
    const query: QueryFunctions = {
      async runQuery(sql) {
        seen.push(sql);
        if (sql.includes('count')) return { columns: [{ name: 'n', dataType: 'BIGINT' }], rows: [{ n: 7n }] };
        return { columns: [{ name: 'status', dataType: 'VARCHAR' }], rows: [{ status: 'open' }, { status: 'done' }] };
      },
    };
    const out = await renderNode(node('pivot'), { ...rc, query });
    expect(seen).toEqual(['select distinct status from "warehouse"."main"."orders"', 'select count(*) as n from x']);
    expect(out.compiledCode.trim()).toBe("select sum(case when status = 'open' then 1 end) as open, sum(case when status = 'done' then 1 end) as done, 7 as n");
    expect(out.logs.map((l) => [l.level, l.message])).toEqual([['info', 'statuses: open,done']]);
  });

  it('answers adapter.get_relation and get_columns_in_relation through the query functions', async () => {
    const { rc, node } = await project({
      'models/m.sql':
        "{% set rel = adapter.get_relation(database=this.database, schema=this.schema, identifier='other') %}" +
        "{% if rel is none %}missing{% else %}{{ rel }} {{ rel.is_table }} {% for c in adapter.get_columns_in_relation(rel) %}{{ c.name }}:{{ c.data_type }} {% endfor %}{% endif %}",
    });
    const query: QueryFunctions = {
      runQuery: async () => ({ columns: [], rows: [] }),
      getRelation: async (ref) => (ref.identifier === 'other' ? { ...ref, kind: 'table' } : undefined),
      getColumns: async () => [
        { name: 'id', dataType: 'INTEGER' },
        { name: 'v', dataType: 'VARCHAR' },
      ],
    };
    expect((await renderNode(node('m'), { ...rc, query })).compiledCode).toBe('"warehouse"."main"."other" True id:INTEGER v:VARCHAR ');
    const empty: QueryFunctions = { runQuery: query.runQuery, getRelation: async () => undefined };
    expect((await renderNode(node('m'), { ...rc, query: empty })).compiledCode).toBe('missing');
  });

  it('dispatches to <adapter>__name before default__name', async () => {
    const macros = {
      'macros/x.sql':
        "{% macro concat_ws(a, b) %}{{ return(adapter.dispatch('concat_ws')(a, b)) }}{% endmacro %}\n" +
        "{% macro default__concat_ws(a, b) %}{{ a }} || '-' || {{ b }}{% endmacro %}\n" +
        "{% macro snowflake__concat_ws(a, b) %}concat_ws('-', {{ a }}, {{ b }}){% endmacro %}",
    };
    const models = { 'models/m.sql': "select {{ concat_ws('x', 'y') }}" };
    const duck = await project(models, macros);
    expect((await renderNode(duck.node('m'), duck.rc)).compiledCode).toBe("select x || '-' || y");
    const snowTarget = makeTarget({ type: 'snowflake' });
    const { manifest } = await parseProject(makeFiles({ models, macros }), snowTarget, { cacheDir: false });
    const snow = await renderNode(manifest.nodes['model.shop.m']!, { manifest, target: snowTarget, isIncremental: false });
    expect(snow.compiledCode).toBe("select concat_ws('-', x, y)");
  });

  it('fails dispatch with the names it searched', async () => {
    await expect(project({ 'models/m.sql': "select 1\n{{ adapter.dispatch('nothing')() }}" })).rejects.toMatchObject({
      code: 'compile/unknown-dispatch',
      location: { file: 'models/m.sql', line: 2, column: 4 },
      hint: "define a macro named 'default__nothing' (or 'duckdb__nothing') under macro-paths",
    });
  });

  it('records the environment variables read', async () => {
    const { rc, node } = await project({ 'models/m.sql': "select '{{ env_var('MY_VAR') }}'" });
    const out = await renderNode(node('m'), { ...rc, env: { MY_VAR: 'v' } });
    expect(out.compiledCode).toBe("select 'v'");
    expect(out.envVars).toEqual(['MY_VAR']);
  });

  it('renders hooks and inline SQL with renderSql', async () => {
    const { rc, node } = await project({ 'models/a.sql': "{{ config(materialized='ephemeral') }}select 1 as x", 'models/b.sql': 'select 2' });
    expect((await renderSql('grant select on {{ this }} to reporter', rc, { node: node('b') })).sql).toBe('grant select on "warehouse"."main"."b" to reporter');
    expect((await renderSql("select * from {{ ref('a') }}", rc)).sql).toBe('with __dbt__cte__a as (\nselect 1 as x\n)select * from __dbt__cte__a');
  });

  it('exposes graph, model, config.get/require and adapter.quote in the run pass', async () => {
    const { rc, node } = await project({
      'models/a.sql': "{{ config(materialized='table', meta={'owner': 'ops'}) }}select 1",
      'models/b.sql':
        "{% set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | map(attribute='name') | sort %}" +
        "{{ models | join(',') }}|{{ model.name }}|{{ model.config.materialized }}|{{ config.get('materialized') }}|{{ config.get('nope', 'dflt') }}|" +
        "{{ graph.nodes['model.shop.a'].config.meta.owner if execute }}|{{ adapter.quote('x') }}|{{ execute }}|{{ flags.WHICH }}",
    });
    expect((await renderNode(node('b'), { ...rc, flags: { WHICH: 'compile' } })).compiledCode).toBe('a,b|b|view|view|dflt|ops|"x"|True|compile');
    const req = await project({ 'models/c.sql': "{% if execute %}{{ config.require('unique_key') }}{% endif %}select 1" });
    await expect(renderNode(req.node('c'), req.rc)).rejects.toMatchObject({ code: 'compile/bad-config', location: { file: 'models/c.sql', line: 1, column: 20 } });
  });

  it('renders a batch and reports failures as results', async () => {
    const { manifest, rc } = await project({
      'models/a.sql': 'select 1',
      'models/b.sql': "select {{ run_query('select 1').rows | length }}",
    });
    const results = await renderCompiled(Object.values(manifest.nodes), { manifest, target: rc.target });
    const byId = Object.fromEntries(results.map((r) => [r.uniqueId, r]));
    expect(byId['model.shop.a']!.compiled?.compiledCode).toBe('select 1');
    expect(byId['model.shop.b']!.error?.code).toBe('compile/render-failed');
  });
});
