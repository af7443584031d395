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
    json_extract_string({{ expr }}, '{{ json_path(path) }}')
{%- endmacro %}
{% macro default__json_str(expr, path) -%}
    {{ expr }}{{ variant_path(path) }}::string
{%- endmacro %}

{# '$.a.b' for 'a.b', '$[0].a' for '[0].a' (DuckDB JSONPath). #}
{% macro json_path(path) -%}
    {{- '$' ~ path if path.startswith('[') else '$.' ~ path -}}
{%- endmacro %}

{# ':a.b' for 'a.b', '[0]:a' for '[0].a' (Snowflake VARIANT path). #}
{% macro variant_path(path) -%}
    {%- if path.startswith('[') -%}
        {%- set close = path.index(']') + 1 -%}
        {{- path[:close] ~ (':' ~ path[close + 1:] if path[close + 1:] else '') -}}
    {%- else -%}
        {{- ':' ~ path -}}
    {%- endif -%}
{%- endmacro %}

{# json_num(expr, path): the value at path as a DOUBLE; numbers sent as strings ("41") are parsed; NULL otherwise. #}
{% macro json_num(expr, path) -%}
    {{ return(adapter.dispatch('json_num')(expr, path)) }}
{%- endmacro %}
{% macro duckdb__json_num(expr, path) -%}
    try_cast(json_extract_string({{ expr }}, '{{ json_path(path) }}') as double)
{%- endmacro %}
{% macro default__json_num(expr, path) -%}
    try_to_double({{ expr }}{{ variant_path(path) }}::string)
{%- endmacro %}

{# json_int(expr, path): the value at path as a BIGINT (rounded). #}
{% macro json_int(expr, path) -%}
    cast(round({{ json_num(expr, path) }}) as bigint)
{%- endmacro %}

{#
  json_explode(from_relation, keep, json_expr, path, kind='array', outer=false): a subquery (alias it)
  with one row per element of the array — or per key of the object, kind='object' — at `path` in
  `json_expr`, for each row of `from_relation` (a CTE or relation name). Columns: the `keep` list (a
  SELECT list over from_relation, e.g. 'id as incident_id, updated_at'), `element` (the element as JSON;
  read it with json_str / json_num), `element_index` (0-based, arrays) or `element_key` (objects).
  outer=true keeps a row whose array is empty or missing, once, with a NULL element.
    DuckDB:    unnest() in the SELECT list (a lateral json_each costs 2-4x more: DuckDB joins it back
               through a duplicate-eliminating join on the whole JSON document)
    Snowflake: lateral flatten(input => json_expr:path)
#}
{% macro json_explode(from_relation, keep, json_expr, path, kind='array', outer=false) -%}
    {{ return(adapter.dispatch('json_explode')(from_relation, keep, json_expr, path, kind, outer)) }}
{%- endmacro %}

{% macro duckdb__json_explode(from_relation, keep, json_expr, path, kind, outer) -%}
    {%- if kind == 'object' -%}
    (
        select * exclude (__opp_obj, __opp_key), __opp_key as element_key, __opp_obj -> __opp_key as element
        from (
            select *, unnest(coalesce(json_keys(__opp_obj), [])) as __opp_key
            from (select {{ keep }}, json_extract({{ json_expr }}, '$.{{ path }}') as __opp_obj from {{ from_relation }})
        )
    )
    {%- else -%}
    (
        select * exclude (__opp_arr), unnest(__opp_arr) as element, generate_subscripts(__opp_arr, 1) - 1 as element_index
        from (
            select {{ keep }},
            {%- if outer %}
                case when len(json_extract({{ json_expr }}, '$.{{ path }}[*]')) > 0 then json_extract({{ json_expr }}, '$.{{ path }}[*]') else [cast(null as json)] end as __opp_arr
            {%- else %}
                json_extract({{ json_expr }}, '$.{{ path }}[*]') as __opp_arr
            {%- endif %}
            from {{ from_relation }}
        )
    )
    {%- endif -%}
{%- endmacro %}

{% macro default__json_explode(from_relation, keep, json_expr, path, kind, outer) -%}
    (
        select {{ keep }}, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from {{ from_relation }}, lateral flatten(input => {{ json_expr }}:{{ path }}, outer => {{ 'true' if outer else 'false' }}) as __opp_f
    )
{%- endmacro %}

{# element_str(alias) / element_num(alias): an exploded element that is itself a scalar (a tag, a number). #}
{% macro element_str(alias) -%}
    {{ return(adapter.dispatch('element_str')(alias)) }}
{%- endmacro %}
{% macro duckdb__element_str(alias) -%}
    json_extract_string({{ alias }}.element, '$')
{%- endmacro %}
{% macro default__element_str(alias) -%}
    {{ alias }}.element::string
{%- endmacro %}

{% macro element_num(alias) -%}
    {{ return(adapter.dispatch('element_num')(alias)) }}
{%- endmacro %}
{% macro duckdb__element_num(alias) -%}
    try_cast(json_extract_string({{ alias }}.element, '$') as double)
{%- endmacro %}
{% macro default__element_num(alias) -%}
    try_to_double({{ alias }}.element::string)
{%- endmacro %}

{#
  json_array_find_str(expr, array_path, match_path, match_values, result_path): a scalar lookup — in
  the array at array_path ('' = expr is the array itself), the first element whose match_path is one
  of match_values (a string or a list of strings), and that element's result_path as a string (NULL
  when none matches, or when match_values is empty). No join and no aggregation, so filters on the
  row push down past it and only the rows kept are parsed.
    DuckDB:    list_filter(json_extract(expr, '$.arr[*]'), lambda x: ...)[1]
    Snowflake: filter(expr:arr, x -> ...)[0]
#}
{% macro json_array_find_str(expr, array_path, match_path, match_values, result_path) -%}
    {%- set values = [match_values] if match_values is string else match_values -%}
    {%- if values | length == 0 -%}
        cast(null as varchar)
    {%- else -%}
        {{ return(adapter.dispatch('json_array_find_str')(expr, array_path, match_path, values, result_path)) }}
    {%- endif -%}
{%- endmacro %}
{% macro duckdb__json_array_find_str(expr, array_path, match_path, match_values, result_path) -%}
    json_extract_string(
        list_filter(json_extract({{ expr }}, '${{ "." ~ array_path if array_path else "" }}[*]'), lambda x: json_extract_string(x, '$.{{ match_path }}') in ({{ sql_string_list(match_values) }}))[1],
        '$.{{ result_path }}'
    )
{%- endmacro %}
{% macro default__json_array_find_str(expr, array_path, match_path, match_values, result_path) -%}
    filter({{ expr }}{{ ':' ~ array_path if array_path else '' }}, x -> x:{{ match_path }}::string in ({{ sql_string_list(match_values) }}))[0]:{{ result_path }}::string
{%- endmacro %}

{#
  json_array_length(expr, path): the number of elements of the array at path ('' = expr itself);
  0 when missing.
#}
{% macro json_array_length(expr, path='') -%}
    {{ return(adapter.dispatch('json_array_length')(expr, path)) }}
{%- endmacro %}
{% macro duckdb__json_array_length(expr, path) -%}
    coalesce(json_array_length({{ expr }}, '${{ "." ~ path if path else "" }}'), 0)
{%- endmacro %}
{% macro default__json_array_length(expr, path) -%}
    coalesce(array_size({{ expr }}{{ ':' ~ path if path else '' }}), 0)
{%- endmacro %}

{# json_sub(expr, path): the JSON value at path (to extract a sub-document once and look into it many times). #}
{% macro json_sub(expr, path) -%}
    {{ return(adapter.dispatch('json_sub')(expr, path)) }}
{%- endmacro %}
{% macro duckdb__json_sub(expr, path) -%}
    json_extract({{ expr }}, '{{ json_path(path) }}')
{%- endmacro %}
{% macro default__json_sub(expr, path) -%}
    {{ expr }}{{ variant_path(path) }}
{%- endmacro %}

{#
  json_array_find(expr, array_path, match_path, match_values, result_path=''): as json_array_find_str,
  but returns the matching element (or its result_path) as JSON.
#}
{% macro json_array_find(expr, array_path, match_path, match_values, result_path='') -%}
    {%- set values = [match_values] if match_values is string else match_values -%}
    {%- if values | length == 0 -%}
        cast(null as json)
    {%- else -%}
        {{ return(adapter.dispatch('json_array_find')(expr, array_path, match_path, values, result_path)) }}
    {%- endif -%}
{%- endmacro %}
{% macro duckdb__json_array_find(expr, array_path, match_path, match_values, result_path) -%}
    {%- set found -%}
    list_filter(json_extract({{ expr }}, '${{ "." ~ array_path if array_path else "" }}[*]'), lambda x: json_extract_string(x, '$.{{ match_path }}') in ({{ sql_string_list(match_values) }}))[1]
    {%- endset -%}
    {%- if result_path -%} json_extract({{ found }}, '{{ json_path(result_path) }}') {%- else -%} {{ found }} {%- endif -%}
{%- endmacro %}
{% macro default__json_array_find(expr, array_path, match_path, match_values, result_path) -%}
    filter({{ expr }}{{ ':' ~ array_path if array_path else '' }}, x -> x:{{ match_path }}::string in ({{ sql_string_list(match_values) }}))[0]{{ variant_path(result_path) if result_path else '' }}
{%- endmacro %}
