import { describe, expect, it } from 'vitest';
import type { ManifestNode } from '../manifest/index.js';
import type { CompileSession } from './compile-session.js';
import { renderStaticTemplate } from './static-render.js';
import { scanStaticTemplate } from './static-template.js';
import { makeSession, renderTarget } from './test-support.js';
import type { RelationResolver } from './types.js';

const resolver: RelationResolver = {
  ref: (call) => ({ database: 'warehouse', schema: call.package ? `pkg_${call.package}` : 'analytics', identifier: call.version ? `${call.name}_v${call.version}` : call.name }),
  source: (s, t) => ({ database: 'raw', schema: s, identifier: t }),
};

const FILE = 'models/m.sql';

function runTarget() {
  return renderTarget({ originalFilePath: FILE, node: { uniqueId: 'model.shop.orders' } as unknown as ManifestNode });
}

function renderBoth(session: CompileSession, text: string, isIncremental = false): { viaStatic: string; viaNunjucks: string } {
  const st = scanStaticTemplate(text);
  if (!st) throw new Error(`not static: ${JSON.stringify(text)}`);
  session.beginRender('run', runTarget(), { resolver, isIncremental });
  const viaStatic = renderStaticTemplate(session, st, FILE, true);
  session.beginRender('run', runTarget(), { resolver, isIncremental });
  const viaNunjucks = session.render(session.templates.compile(text, FILE));
  return { viaStatic, viaNunjucks };
}

function parseFacts(session: CompileSession, text: string, viaStatic: boolean) {
  const facts = session.beginRender('parse', renderTarget({ originalFilePath: FILE, config: {} }));
  if (viaStatic) renderStaticTemplate(session, scanStaticTemplate(text)!, FILE, false);
  else session.render(session.templates.compile(text, FILE));
  return { refs: facts.refs, sources: facts.sources, config: facts.configCalls };
}

describe('scanStaticTemplate', () => {
  it('reads refs, sources, config, var, this, target and is_incremental', () => {
    const st = scanStaticTemplate(
      "{{ config(materialized='table', tags=['a', 'b'], meta={'owner': 'x'}, enabled=true, n=1.5, x=none) }}\n" +
        "select * from {{ ref('orders') }} join {{ ref('pkg', 'm') }} join {{ ref('v', v=2) }} join {{ source('raw', 'events') }}\n" +
        "where x = {{ var('x', 'dflt') }} and y = {{ var('y') }} {{ this }} {{ target.schema }} {{ is_incremental() }}",
    );
    expect(st).toBeDefined();
    const exprs = st!.parts.filter((p) => typeof p !== 'string').map((p) => (typeof p === 'string' ? p : p.expr));
    expect(exprs).toEqual([
      { op: 'config', config: { materialized: 'table', tags: ['a', 'b'], meta: { owner: 'x' }, enabled: true, n: 1.5, x: null } },
      { op: 'ref', name: 'orders' },
      { op: 'ref', package: 'pkg', name: 'm' },
      { op: 'ref', name: 'v', version: 2 },
      { op: 'source', source: 'raw', table: 'events' },
      { op: 'var', name: 'x', hasDefault: true, default: 'dflt' },
      { op: 'var', name: 'y', hasDefault: false },
      { op: 'this' },
      { op: 'target', attr: 'schema' },
      { op: 'is_incremental' },
    ]);
  });

  it('records 1-based positions of each expression', () => {
    const st = scanStaticTemplate("select\n  * from {{  ref('a') }}");
    const part = st!.parts[1];
    expect(typeof part === 'string' ? undefined : { line: part!.line, column: part!.column }).toEqual({ line: 2, column: 14 });
  });

  it('leaves everything else to Nunjucks', () => {
    for (const text of [
      '{% if is_incremental() %}x{% endif %}',
      '{{ ref(name) }}',
      "{{ ref('a') | upper }}",
      '{{ my_macro() }}',
      "{{ ref('a').name }}",
      "{{ config(materialized=var('m')) }}",
      "{{ config(tags={a: 1}) }}",
      "{{ ref('a', 'b', 'c') }}",
      '{{ target }}',
      "{{ ref('a' }}",
      'stray #} in text',
      '{# unclosed comment',
      "{{ source('a') }}",
      "{{ var('x', y) }}",
      "{{ ref('a', version=1, v=2) }}",
      '{{ 1 }}',
      "{{ config({'meta': {'a': 1}}) }}",
      "{{ config({'meta': {'a': 1,}}) }}",
      "{{ ref(,) }}",
      "{{ ref('a',,) }}",
      "{{ config(a=1,,) }}",
      "{{ var('x', [,]) }}",
    ]) {
      expect(scanStaticTemplate(text), text).toBeUndefined();
    }
  });

  it('accepts plain SQL with braces and hashes that are not tags', () => {
    const st = scanStaticTemplate("select '{' as a, '#' as b, '}}' as c, '{ {' as d -- {\n");
    expect(st?.parts).toEqual(["select '{' as a, '#' as b, '}}' as c, '{ {' as d -- {\n"]);
  });
});

describe('static fast path vs Nunjucks (differential)', () => {
  const session = makeSession({ vars: { x: 'xv', n: 3, flag: true, list: ['a', 1], d: { k: 'v' } } });

  // Deterministic pseudo-random generator.
  let seed = 42;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = <T,>(xs: readonly T[]): T => xs[rand(xs.length)]!;

  const texts = ['select * from ', ' join ', '\n', '  \n\t ', '', 'where a = 1\n', " '{' ", ' # ', ' } ', ' -- comment\n', 'x', '\u00a0 ', ' % ', '{ ', ' \r\n'];
  const exprs = [
    "ref('orders')",
    'ref("stg_customers")',
    "ref('pkg', 'model')",
    "ref('m', v=2)",
    "ref('m', version='3')",
    "source('raw', 'events')",
    "source(\"raw\",'users')",
    "config(materialized='table')",
    "config(materialized = 'incremental', unique_key=['id', 'day'], tags=['nightly'])",
    "config({'enabled': true, 'meta': {'a': [1, 2.5, none, false]} })",
    'config()',
    "var('x')",
    "var('n')",
    "var('flag')",
    "var('list')",
    "var('d')",
    "var('missing', 'dflt')",
    "var('missing', [1, 'two'])",
    "var('missing', none)",
    "var('missing', -4)",
    "var('esc', 'a\\\\d\\'q\\n')",
    'this',
    'target.name',
    'target.schema',
    'target.database',
    'target.type',
    'target.threads',
    'target.profile_name',
    'is_incremental()',
    // Trailing commas, as Jinja2 accepts them (multi-line configs).
    "ref('orders',)",
    "ref('pkg', 'model', )",
    "ref('m', v=2,)",
    "source('raw', 'events',)",
    "config(materialized='table',)",
    "config(\n    materialized='incremental',\n    unique_key=['id', 'day',],\n    meta={'a': 1, 'b': [none,],},\n)",
    "config({'enabled': true,},)",
    "var('x',)",
    "var('missing', 'dflt',)",
    "var('missing', [1, 'two',] )",
  ];
  const open = ['{{', '{{-', '{{ ', '{{- ', '{{  '];
  const close = ['}}', '-}}', ' }}', ' -}}', '  }}'];
  const comments = ['{# c #}', '{#- c -#}', '{#- c #}', '{# c -#}', "{# {{ ref('ignored') }} #}"];

  const templates: string[] = [];
  for (let i = 0; i < 400; i++) {
    let t = '';
    const n = 1 + rand(8);
    for (let j = 0; j < n; j++) {
      t += pick(texts);
      const k = rand(10);
      if (k < 7) t += pick(open) + pick(exprs).replace(/^/, k % 2 ? '' : '') + pick(close);
      else if (k < 9) t += pick(comments);
      t += pick(texts);
    }
    templates.push(t);
  }

  it('scans every generated template', () => {
    for (const t of templates) expect(scanStaticTemplate(t), JSON.stringify(t)).toBeDefined();
  });

  it('renders exactly what Nunjucks renders (run pass, both is_incremental values)', () => {
    for (const t of templates) {
      for (const inc of [false, true]) {
        const { viaStatic, viaNunjucks } = renderBoth(session, t, inc);
        expect(viaStatic, JSON.stringify(t)).toBe(viaNunjucks);
      }
    }
  });

  it('records the same refs, sources and config calls, with the same locations (parse pass)', () => {
    for (const t of templates) {
      expect(parseFacts(session, t, true), JSON.stringify(t)).toEqual(parseFacts(session, t, false));
    }
  });

  it('fails the same way on an unknown var', () => {
    const t = "select\n  {{ var('nope') }}";
    let a: unknown;
    let b: unknown;
    try {
      renderBoth(session, t);
    } catch (e) {
      a = e;
    }
    session.beginRender('run', runTarget(), { resolver });
    try {
      session.render(session.templates.compile(t, FILE));
    } catch (e) {
      b = e;
    }
    session.beginRender('run', runTarget(), { resolver });
    try {
      renderStaticTemplate(session, scanStaticTemplate(t)!, FILE, true);
    } catch (e) {
      a = e;
    }
    expect((a as { code: string }).code).toBe('compile/unknown-var');
    expect((a as { location: unknown }).location).toEqual((b as { location: unknown }).location);
    expect((a as { location: unknown }).location).toEqual({ file: FILE, line: 2, column: 6 });
  });
});
