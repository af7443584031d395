import { describe, expect, it } from 'vitest';
import { buildTestRawCode, findRelationCalls } from './render-test-code.js';
import { parseTestMacroSignature, requiredTestArguments } from './test-macro-signature.js';

describe('buildTestRawCode', () => {
  it('calls the test macro with the model first, then column_name, then the arguments', () => {
    expect(buildTestRawCode('test_not_null', { column_name: 'id', model: "{{ get_where_subquery(ref('orders')) }}" })).toBe(
      "{{ test_not_null(model=get_where_subquery(ref('orders')), column_name='id') }}",
    );
    expect(buildTestRawCode('test_relationships', { to: "source('raw', 'c')", field: 'id', column_name: 'c_id', model: 'm' })).toBe(
      "{{ test_relationships(model='m', column_name='c_id', to=source('raw', 'c'), field='id') }}",
    );
  });

  it('keeps literals literal and renders templated strings', () => {
    expect(buildTestRawCode('test_x', { values: [1, 'it\'s', true, null], opts: { a: 2 } })).toBe("{{ test_x(values=[1, 'it\\'s', true, none], opts={'a': 2}) }}");
    expect(buildTestRawCode('test_x', { expression: "x > {{ var('min') }}" })).toBe("{% set __opp_test_arg_1 %}x > {{ var('min') }}{% endset %}{{ test_x(expression=__opp_test_arg_1) }}");
    expect(buildTestRawCode('test_x', { column_name: "ref('looks_like_a_call')" })).toBe("{{ test_x(column_name='ref(\\'looks_like_a_call\\')') }}");
  });
});

describe('findRelationCalls', () => {
  it('finds refs and sources with literal arguments', () => {
    expect(findRelationCalls("ref('a') join ref(\"pkg\", 'b') join source('s', 't') ref('c', v=2)")).toEqual({
      refs: [{ name: 'a' }, { package: 'pkg', name: 'b' }, { name: 'c' }],
      sources: [{ sourceName: 's', tableName: 't' }],
    });
  });
});

describe('parseTestMacroSignature', () => {
  it('tells required parameters from defaulted ones', () => {
    const params = parseTestMacroSignature("{%- test accepted_values(model, column_name, values, quote=True, sep=',') -%}select 1{% endtest %}");
    expect(params).toEqual([
      { name: 'model', hasDefault: false },
      { name: 'column_name', hasDefault: false },
      { name: 'values', hasDefault: false },
      { name: 'quote', hasDefault: true },
      { name: 'sep', hasDefault: true },
    ]);
    expect(requiredTestArguments(params!)).toEqual(['column_name', 'values']);
    expect(parseTestMacroSignature('{% macro test_legacy(model) %}{% endmacro %}')).toEqual([{ name: 'model', hasDefault: false }]);
    expect(parseTestMacroSignature('select 1')).toBeUndefined();
  });
});
