/**
 * dbt's built-in generic tests and the helpers they call, as the Jinja text of dbt's global project
 * (`tests/generic/builtin.sql`, `macros/generic_test_sql/*.sql`, `macros/materializations/tests/
 * where_subquery.sql`, `macros/materializations/configs.sql`). They belong to the `dbt` package:
 *
 * - `test_<name>` (the `{% test %}` blocks) call `adapter.dispatch('test_<name>', 'dbt')`, so a project
 *   overrides a test either whole (its own `{% test not_null %}`) or per adapter / default
 *   (`duckdb__test_not_null`, `default__test_not_null`);
 * - `get_where_subquery(relation)` applies a test's `where` config: `(select * from <relation> where
 *   <where>) dbt_subquery`;
 * - `should_store_failures()` reads `store_failures` (or `flags.STORE_FAILURES`).
 *
 * Every compile session loads these files as builtins (`CompileSession`, once per session; the generated
 * code once per process): not project macros, not in `manifest.macros`. `src/testing` re-exports this
 * module (it lives here so that compile needs nothing from testing, which imports compile).
 */

export interface BuiltinMacroFile {
  /** A pseudo path in dbt's global project, for error locations. */
  readonly path: string;
  readonly sql: string;
}

const BUILTIN_TESTS = `{% test unique(model, column_name) %}
    {% set macro = adapter.dispatch('test_unique', 'dbt') %}
    {{ macro(model, column_name) }}
{% endtest %}

{% test not_null(model, column_name) %}
    {% set macro = adapter.dispatch('test_not_null', 'dbt') %}
    {{ macro(model, column_name) }}
{% endtest %}

{% test accepted_values(model, column_name, values, quote=True) %}
    {% set macro = adapter.dispatch('test_accepted_values', 'dbt') %}
    {{ macro(model, column_name, values, quote) }}
{% endtest %}

{% test relationships(model, column_name, to, field) %}
    {% set macro = adapter.dispatch('test_relationships', 'dbt') %}
    {{ macro(model, column_name, to, field) }}
{% endtest %}
`;

const NOT_NULL = `{% macro default__test_not_null(model, column_name) %}

{% set column_list = '*' if should_store_failures() else column_name %}

select {{ column_list }}
from {{ model }}
where {{ column_name }} is null

{% endmacro %}
`;

const UNIQUE = `{% macro default__test_unique(model, column_name) %}

select
    {{ column_name }} as unique_field,
    count(*) as n_records

from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1

{% endmacro %}
`;

const ACCEPTED_VALUES = `{% macro default__test_accepted_values(model, column_name, values, quote=True) %}

with all_values as (

    select
        {{ column_name }} as value_field,
        count(*) as n_records

    from {{ model }}
    group by {{ column_name }}

)

select *
from all_values
where value_field not in (
    {% for value in values -%}
        {% if quote -%}
        '{{ value }}'
        {%- else -%}
        {{ value }}
        {%- endif -%}
        {%- if not loop.last -%},{%- endif %}
    {%- endfor %}
)

{% endmacro %}
`;

const RELATIONSHIPS = `{% macro default__test_relationships(model, column_name, to, field) %}

with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),

parent as (
    select {{ field }} as to_field
    from {{ to }}
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null

{% endmacro %}
`;

const WHERE_SUBQUERY = `{% macro get_where_subquery(relation) -%}
    {% do return(adapter.dispatch('get_where_subquery', 'dbt')(relation)) %}
{%- endmacro %}

{% macro default__get_where_subquery(relation) -%}
    {% set where = config.get('where', '') %}
    {% if where %}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {% do return(filtered) %}
    {%- else -%}
        {% do return(relation) %}
    {%- endif -%}
{%- endmacro %}
`;

const SHOULD_STORE_FAILURES = `{% macro should_store_failures() %}
  {% set config_store_failures = config.get('store_failures') %}
  {% if config_store_failures is none %}
    {% set config_store_failures = flags.STORE_FAILURES %}
  {% endif %}
  {% do return(config_store_failures) %}
{% endmacro %}
`;

/** The builtin files, in load order (each is one macro file of the `dbt` package). */
export const BUILTIN_TEST_MACRO_FILES: readonly BuiltinMacroFile[] = [
  { path: 'dbt/include/global_project/macros/materializations/configs.sql', sql: SHOULD_STORE_FAILURES },
  { path: 'dbt/include/global_project/macros/materializations/tests/where_subquery.sql', sql: WHERE_SUBQUERY },
  { path: 'dbt/include/global_project/macros/generic_test_sql/not_null.sql', sql: NOT_NULL },
  { path: 'dbt/include/global_project/macros/generic_test_sql/unique.sql', sql: UNIQUE },
  { path: 'dbt/include/global_project/macros/generic_test_sql/accepted_values.sql', sql: ACCEPTED_VALUES },
  { path: 'dbt/include/global_project/macros/generic_test_sql/relationships.sql', sql: RELATIONSHIPS },
  { path: 'dbt/include/global_project/tests/generic/builtin.sql', sql: BUILTIN_TESTS },
];

/** Every builtin file as one macro file (compile one template, execute it once). */
export const BUILTIN_TEST_MACROS_SQL: string = BUILTIN_TEST_MACRO_FILES.map((f) => f.sql).join('\n');

/** The generic tests dbt ships (`test_<name>` macros of the `dbt` package). */
export const BUILTIN_GENERIC_TESTS: readonly string[] = ['unique', 'not_null', 'accepted_values', 'relationships'];

/** Names of every macro the builtin text defines (`test_not_null`, `default__test_not_null`, ...). */
export const BUILTIN_TEST_MACRO_NAMES: readonly string[] = [
  'should_store_failures',
  'get_where_subquery',
  'default__get_where_subquery',
  'default__test_not_null',
  'default__test_unique',
  'default__test_accepted_values',
  'default__test_relationships',
  'test_unique',
  'test_not_null',
  'test_accepted_values',
  'test_relationships',
];
