import { describe, expect, it } from 'vitest';
import { CompileError } from '../errors/index.js';
import { makeSession, renderParse, renderTarget } from './test-support.js';

function r(text: string, vars: Record<string, unknown> = {}): string {
  const session = makeSession({ vars });
  return renderParse(session, text);
}

describe('Jinja idioms dbt projects use', () => {
  it('concatenates with ~ and prints Python values', () => {
    expect(r("{{ 'a' ~ 1 ~ true ~ none }}")).toBe('a1TrueNone');
    expect(r('{{ [1, "b"] }} {{ {"k": "v"} }}')).toBe("[1, 'b'] {'k': 'v'}");
  });

  it('accepts trailing commas in calls, macro signatures, lists, dicts and tuples, as Jinja2', () => {
    expect(r("{{ [1, 2,] }} {{ {'a': 1,} }} {{ (1,) }} {{ (1, 2,) }} {{ () }} {{ (3) }}")).toBe("[1, 2] {'a': 1} [1] [1, 2] [] 3");
    expect(r('{% macro m(x, y=2,) %}{{ x }}-{{ y }}{% endmacro %}{{ m(1,) }} {{ m(1, y=3,) }} {{ m(\n  1,\n  y=4,\n) }}')).toBe('1-2 1-3 1-4');
    expect(r("{{ 'a,b' | replace(',', ';',) }} {{ [3, 1, 2,] | sort | join(',',) }}")).toBe('a;b 1,2,3');
    const session = makeSession();
    const facts = session.beginRender('parse', renderTarget({ config: {} }));
    session.render(session.templates.compile("{{ config(\n    materialized='table',\n    tags=['a', 'b',],\n    meta={'k': 'v',},\n) }}{{ ref('x',) }}", 'models/m.sql'));
    expect(facts.configCalls.map((c) => c.config)).toEqual([{ materialized: 'table', tags: ['a', 'b'], meta: { k: 'v' } }]);
    expect(facts.refs.map((c) => c.name)).toEqual(['x']);
  });

  it('still rejects what Jinja2 rejects: a lone comma, a double comma', () => {
    for (const bad of ['{{ f(,) }}', '{{ [,] }}', '{{ [1,,] }}', "{{ {'a': 1,,} }}", '{{ (,) }}', '{% macro m(,) %}{% endmacro %}']) {
      expect(() => r(bad), bad).toThrow(CompileError);
    }
  });

  it('exposes loop.first, loop.last and loop.index', () => {
    const t = "{% for c in ['a','b','c'] %}{{ loop.index }}{{ c }}{% if not loop.last %},{% endif %}{% if loop.first %}!{% endif %}{% endfor %}";
    expect(r(t)).toBe('1a,!2b,3c');
  });

  it('applies whitespace control and drops comments', () => {
    expect(r('a  {{- "b" -}}  c {#- note -#}  d')).toBe('abcd');
    expect(r('x\n{%- if true %}\ny{% endif -%}\n z')).toBe('x\nyz');
  });

  it('supports {% set %} and block set', () => {
    expect(r('{% set x = 41 + 1 %}{{ x }}')).toBe('42');
    expect(r('{% set body %}select {{ 1 }}{% endset %}[{{ body | trim }}]')).toBe('[select 1]');
  });

  it('runs {% do %} for side effects', () => {
    expect(r("{% set l = [] %}{% do l.append('a') %}{% do l.extend(['b','c']) %}{{ l | join('-') }}")).toBe('a-b-c');
  });

  it('knows none/None/True/False/true/false', () => {
    expect(r('{{ none is none }} {{ None is none }} {{ True }} {{ False }} {{ true and not false }}')).toBe('True True True False True');
  });

  it('uses Python truthiness (empty list and dict are false)', () => {
    expect(r("{% if [] %}yes{% else %}no{% endif %} {% if {} %}yes{% else %}no{% endif %} {% if [0] %}yes{% endif %}")).toBe('no no yes');
    expect(r("{{ [] or 'fallback' }} {{ 'a' and 'b' }}")).toBe('fallback b');
  });

  it('supports tests none, defined, string, number, mapping, iterable', () => {
    expect(r('{{ x is defined }} {{ x is not defined }}')).toBe('False True');
    expect(r("{{ 'a' is string }} {{ 1 is number }} {{ {'a': 1} is mapping }} {{ [1] is iterable }} {{ [1] is mapping }}")).toBe(
      'True True True True False',
    );
    expect(r('{% if x %}set{% else %}unset{% endif %}')).toBe('unset');
  });

  it('has Python string methods', () => {
    expect(r("{{ 'AbC'.lower() }} {{ 'abc'.upper() }} {{ '  x  '.strip() }}|{{ 'xxhixx'.strip('x') }}|{{ '  a'.lstrip() }}|{{ 'a  '.rstrip() }}|")).toBe(
      'abc ABC x|hi|a|a|',
    );
    expect(r("{{ 'a,b,c'.split(',') }} {{ 'a  b'.split() }} {{ 'a-a-a'.replace('-', '+') }}")).toBe("['a', 'b', 'c'] ['a', 'b'] a+a+a");
    expect(r("{{ 'abc'.startswith('ab') }} {{ 'abc'.endswith('bc') }} {{ 'abc'.startswith(['x', 'a']) }}")).toBe('True True True');
    expect(r("{{ '{} and {name}'.format(1, name='x') }} {{ ', '.join(['a', 'b']) }} {{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }}")).toBe(
      '1 and x a, b Hello World Hello',
    );
    expect(r("{{ 'banana'.count('a') }} {{ 'banana'.find('n') }} {{ 'banana'.find('z') }}")).toBe('3 2 -1');
  });

  it('has Python list methods', () => {
    const t =
      "{% set l = ['a'] %}{% do l.append('b') %}{% do l.extend(['c', 'd']) %}{% do l.insert(0, 'z') %}" +
      "{{ l.pop() }} {{ l.pop(0) }} {{ l.index('b') }} {% do l.remove('a') %}{{ l }}";
    expect(r(t)).toBe("d z 1 ['b', 'c']");
  });

  it('has Python dict methods', () => {
    const t =
      "{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{{ d.items() }} {{ d.keys() }} {{ d.values() }} " +
      "{{ d.get('a') }} {{ d.get('z', 'dflt') }} {{ d.get('z') }} {{ d.pop('a') }} {{ d.setdefault('c', 3) }} {{ d }}";
    expect(r(t)).toBe("[['a', 1], ['b', 2]] ['a', 'b'] [1, 2] 1 dflt None 1 3 {'b': 2, 'c': 3}");
  });

  it('does not add methods to JavaScript prototypes', () => {
    r("{{ 'x'.upper() }}{% set l = [] %}{% do l.append(1) %}");
    expect((String.prototype as unknown as Record<string, unknown>)['upper']).toBeUndefined();
    expect((Array.prototype as unknown as Record<string, unknown>)['append']).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>)['items']).toBeUndefined();
  });

  it('slices lists and strings', () => {
    expect(r("{{ [1,2,3,4][1:3] }} {{ 'abcdef'[:3] }} {{ 'abcdef'[-2:] }} {{ [1,2,3][::-1] }}")).toBe('[2, 3] abc ef [3, 2, 1]');
  });

  it("supports namespace() and iterating a dict's keys", () => {
    expect(r("{% set ns = namespace(found=false) %}{% for x in [1, 2, 3] %}{% if x == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}")).toBe('True');
    expect(r("{% for k in {'a': 1, 'b': 2} %}{{ k }}{% endfor %} {% for k, v in {'a': 1}.items() %}{{ k }}={{ v }}{% endfor %}")).toBe('ab a=1');
  });

  it('has Python operators: list +, string *, %', () => {
    expect(r("{{ [1] + [2] }} {{ '-' * 3 }} {{ '%s=%d' % ('a', 2) }} {{ 7 % 3 }}")).toBe('[1, 2] --- a=2 1');
  });

  it('has the dbt filters', () => {
    expect(r("{{ {'b': 1, 'a': [1, 'x']} | tojson }}")).toBe('{"a": [1, "x"], "b": 1}');
    expect(r("{{ 'true' | as_bool }} {{ '12' | as_number + 1 }} {{ 3 | as_text }} {{ '[1, 2]' | as_native }}")).toBe('True 13 3 [1, 2]');
    expect(r("{{ ['a','B'] | map('upper') | join(',') }} {{ [{'n': 1}, {'n': 2}] | map(attribute='n') | list }}")).toBe('A,B [1, 2]');
    expect(r("{{ [1, none, 2] | select('number') | list }} {{ [{'a': 1}, {'a': 0}] | selectattr('a') | list | length }}")).toBe('[1, 2] 1');
    expect(r("{{ [{'k': 'x'}, {'k': 'y'}] | selectattr('k', 'equalto', 'y') | map(attribute='k') | first }}")).toBe('y');
    expect(r("{{ ['a', 'A', 'b'] | unique | list }} {{ [3, 1, 2] | sort }} {{ 'abc' | upper }}")).toBe("['a', 'b'] [1, 2, 3] ABC");
  });

  it('has the dbt globals', () => {
    expect(r("{{ zip([1,2],['a','b']) }} {{ dict(a=1) }} {{ range(3) }} {{ range(1, 7, 2) }}")).toBe("[[1, 'a'], [2, 'b']] {'a': 1} [0, 1, 2] [1, 3, 5]");
    expect(r("{{ tojson({'a': 1}) }} {{ fromjson('{\"x\": [1]}').x }} {{ fromyaml('a: [1, 2]').a }} {{ toyaml({'a': 1}) | trim }}")).toBe(
      '{"a": 1} [1] [1, 2] a: 1',
    );
    expect(r("{{ set([1, 1, 2]) | length }} {{ 2 in set([1, 2]) }}")).toBe('2 True');
  });

  it('has modules.datetime and modules.re', () => {
    expect(r("{{ modules.datetime.datetime(2024, 1, 31, 12, 30).strftime('%Y-%m-%d %H:%M') }}")).toBe('2024-01-31 12:30');
    expect(r("{{ (modules.datetime.datetime(2024, 3, 1) - modules.datetime.timedelta(days=1)).strftime('%Y-%m-%d') }}")).toBe('2024-02-29');
    expect(r('{{ modules.datetime.datetime.now().year > 2000 }} {{ modules.datetime.datetime.utcnow().isoformat() | length > 10 }}')).toBe('True True');
    expect(r("{{ modules.re.match('(?P<y>\\d{4})-', '2024-01').group('y') }} {{ modules.re.search('z', 'abc') is none }}")).toBe('2024 True');
    expect(r("{{ modules.re.sub('[aeiou]', '_', 'banana') }} {{ modules.re.sub('(\\w+)@', '\\\\1 at ', 'me@x') }}")).toBe('b_n_n_ me at x');
  });

  it('exposes run_started_at, invocation_id and flags', () => {
    const session = makeSession({ invocationId: 'abc-123', runStartedAt: new Date('2024-05-06T07:08:09.000Z'), flags: { FULL_REFRESH: true, WHICH: 'run' } });
    expect(renderParse(session, "{{ invocation_id }} {{ run_started_at }} {{ run_started_at.strftime('%Y') }} {{ flags.FULL_REFRESH }} {{ flags.WHICH }}")).toBe(
      'abc-123 2024-05-06 07:08:09+00:00 2024 True run',
    );
  });

  it('supports macros with defaults, keyword arguments and caller()', () => {
    const t = "{% macro greet(name, punct='!') %}hi {{ name }}{{ punct }}{% endmacro %}{{ greet('a') }} {{ greet(name='b', punct='?') }}";
    expect(r(t)).toBe('hi a! hi b?');
    expect(r('{% macro wrap() %}({{ caller() }}){% endmacro %}{% call wrap() %}x{% endcall %}')).toBe('(x)');
  });

  it('lets return() make a macro evaluate to a value', () => {
    expect(r("{% macro cols() %}ignored{{ return(['a', 'b']) }}{% endmacro %}{{ cols() | join('+') }}")).toBe('a+b');
    expect(r("{% macro n() %}{% do return(41 + 1) %}{% endmacro %}{{ n() + 1 }}")).toBe('43');
    expect(r("{% macro f(x) %}{% for i in [1,2,3] %}{% if i == x %}{{ return(i * 10) }}{% endif %}{% endfor %}{% endmacro %}{{ f(2) }} {{ f(3) }}")).toBe(
      '20 30',
    );
  });

  it('keeps {% raw %} text as is', () => {
    expect(r("{% raw %}{{ not_rendered }} {% if %}{% endraw %}!")).toBe('{{ not_rendered }} {% if %}!');
  });

  it('reports unknown filters and tests with did-you-mean at their line', () => {
    const session = makeSession();
    expect(() => renderParse(session, "select\n{{ 'a' | uper }}")).toThrowError(expect.objectContaining({ code: 'compile/undefined-variable', hint: "did you mean 'upper'?", location: { file: 'models/orders.sql', line: 2, column: 10 } }));
    expect(() => renderParse(session, '{{ 1 is nmber }}')).toThrowError(expect.objectContaining({ hint: "did you mean 'number'?" }));
    expect(() => renderParse(session, '{{ return(1) }}')).toThrowError(expect.objectContaining({ code: 'compile/render-failed', message: 'return() was called outside a macro' }));
  });

  it('rejects undefined variables in output with a located error and did-you-mean', () => {
    const session = makeSession();
    try {
      renderParse(session, "{% set customer_id = 1 %}\nselect {{ custmer_id }}");
      expect.unreachable();
    } catch (e) {
      const err = e as CompileError;
      expect(err).toBeInstanceOf(CompileError);
      expect(err.code).toBe('compile/undefined-variable');
      expect(err.location).toEqual({ file: 'models/orders.sql', line: 2, column: 11 });
      expect(err.hint).toBe("did you mean 'customer_id'?");
    }
  });

  it('rejects calls to undefined macros with did-you-mean from the macros in scope', () => {
    const session = makeSession({ macros: { 'macros/money.sql': '{% macro cents_to_dollars(c) %}({{ c }} / 100){% endmacro %}' } });
    try {
      renderParse(session, 'select\n  {{ cents_to_dolars("amount") }} as amount');
      expect.unreachable();
    } catch (e) {
      const err = e as CompileError;
      expect(err.code).toBe('compile/undefined-variable');
      expect(err.location).toEqual({ file: 'models/orders.sql', line: 2, column: 6 });
      expect(err.hint).toBe("did you mean 'cents_to_dollars'?");
    }
  });
});
