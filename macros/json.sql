{#
  JSON access, one dispatched macro per operation. `expr` is a SQL expression holding a JSON document
  (the RAW `_raw` column, or an element from json_each); `path` is a dotted path such as
  'incident_status.name' (array elements as 'model_breakdown[0].model').
    DuckDB:    json_extract_string(expr, '$.a.b')
    Snowflake: expr:a.b::string            (RAW `_raw` columns are VARIANT there)
#}

{# json_str(expr, path): the value at path as a string (NULL when missing or JSON null). #}
{% macro json_str(expr, path) -%}
    {{ return(adapter.dispatch('json_str')(expr, path)) }}
{%- endmacro %}
{% macro duckdb__json_str(expr, path) -%}
    json_extract_string({{ expr }}, '$.{{ path }}')
{%- endmacro %}
{% macro default__json_str(expr, path) -%}
    {{ expr }}:{{ path }}::string
{%- endmacro %}

{# json_num(expr, path): the value at path as a DOUBLE; numbers sent as strings ("41") are parsed; NULL otherwise. #}
{% macro json_num(expr, path) -%}
    {{ return(adapter.dispatch('json_num')(expr, path)) }}
{%- endmacro %}
{% macro duckdb__json_num(expr, path) -%}
    try_cast(json_extract_string({{ expr }}, '$.{{ path }}') as double)
{%- endmacro %}
{% macro default__json_num(expr, path) -%}
    try_to_double({{ expr }}:{{ path }}::string)
{%- endmacro %}

{# json_int(expr, path): the value at path as a BIGINT (rounded). #}
{% macro json_int(expr, path) -%}
    cast(round({{ json_num(expr, path) }}) as bigint)
{%- endmacro %}

{#
  json_each_join(expr, path, alias, outer=false): a join clause that explodes the array (or object)
  at path into one row per element, exposing `<alias>.value` (the element as JSON) — pass it
  json_element(alias) — and json_element_key(alias) / json_element_index(alias).
  With outer=true, a row whose array is empty or missing is kept once with a NULL element.
  Write it right after the FROM relation:  from t {{ json_each_join('t._raw', 'x', 'e') }}
#}
{% macro json_each_join(expr, path, alias, outer=false) -%}
    {{ return(adapter.dispatch('json_each_join')(expr, path, alias, outer)) }}
{%- endmacro %}
{% macro duckdb__json_each_join(expr, path, alias, outer) -%}
    {%- if outer -%}
    left join lateral json_each({{ expr }}, '$.{{ path }}') as {{ alias }} on true
    {%- else -%}
    cross join lateral json_each({{ expr }}, '$.{{ path }}') as {{ alias }}
    {%- endif -%}
{%- endmacro %}
{% macro default__json_each_join(expr, path, alias, outer) -%}
    , lateral flatten(input => {{ expr }}:{{ path }}, outer => {{ 'true' if outer else 'false' }}) as {{ alias }}
{%- endmacro %}

{# The current element of a json_each_join, as JSON. #}
{% macro json_element(alias) -%}
    {{ alias }}.value
{%- endmacro %}

{# The key of the current element when exploding an object. #}
{% macro json_element_key(alias) -%}
    {{ return(adapter.dispatch('json_element_key')(alias)) }}
{%- endmacro %}
{% macro duckdb__json_element_key(alias) -%}
    {{ alias }}.key
{%- endmacro %}
{% macro default__json_element_key(alias) -%}
    {{ alias }}.key::string
{%- endmacro %}

{# The 0-based position of the current element when exploding an array. #}
{% macro json_element_index(alias) -%}
    {{ return(adapter.dispatch('json_element_index')(alias)) }}
{%- endmacro %}
{% macro duckdb__json_element_index(alias) -%}
    cast({{ alias }}.key as integer)
{%- endmacro %}
{% macro default__json_element_index(alias) -%}
    {{ alias }}.index
{%- endmacro %}

{#
  json_array_find_str(expr, array_path, match_path, match_value, result_path): a scalar lookup — in the
  array at array_path, the first element whose match_path equals the string match_value, and that
  element's result_path as a string (NULL when none matches).
    DuckDB:    list_filter(json_extract(expr, '$.arr[*]'), lambda x: ...)[1]
    Snowflake: filter(expr:arr, x -> ...)[0]
#}
{% macro json_array_find_str(expr, array_path, match_path, match_value, result_path) -%}
    {{ return(adapter.dispatch('json_array_find_str')(expr, array_path, match_path, match_value, result_path)) }}
{%- endmacro %}
{% macro duckdb__json_array_find_str(expr, array_path, match_path, match_value, result_path) -%}
    json_extract_string(
        list_filter(json_extract({{ expr }}, '$.{{ array_path }}[*]'), lambda x: json_extract_string(x, '$.{{ match_path }}') = {{ string_literal(match_value) }})[1],
        '$.{{ result_path }}'
    )
{%- endmacro %}
{% macro default__json_array_find_str(expr, array_path, match_path, match_value, result_path) -%}
    filter({{ expr }}:{{ array_path }}, x -> x:{{ match_path }}::string = {{ string_literal(match_value) }})[0]:{{ result_path }}::string
{%- endmacro %}

{# The current element of a json_each_join as a string, when the element is a scalar (e.g. a tag). #}
{% macro json_element_str(alias) -%}
    {{ return(adapter.dispatch('json_element_str')(alias)) }}
{%- endmacro %}
{% macro duckdb__json_element_str(alias) -%}
    json_extract_string({{ alias }}.value, '$')
{%- endmacro %}
{% macro default__json_element_str(alias) -%}
    {{ alias }}.value::string
{%- endmacro %}

{# The current element of a json_each_join as a DOUBLE, when the element is a scalar (NULL if not numeric). #}
{% macro json_element_num(alias) -%}
    {{ return(adapter.dispatch('json_element_num')(alias)) }}
{%- endmacro %}
{% macro duckdb__json_element_num(alias) -%}
    try_cast(json_extract_string({{ alias }}.value, '$') as double)
{%- endmacro %}
{% macro default__json_element_num(alias) -%}
    try_to_double({{ alias }}.value::string)
{%- endmacro %}
