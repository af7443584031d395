{#
  Aggregates and keys shared by the marts.
#}

{# percentile_cont(expr, p): the continuous p-quantile (0..1) of expr over the group. #}
{% macro percentile_cont(expr, p) -%}
    {{ return(adapter.dispatch('percentile_cont')(expr, p)) }}
{%- endmacro %}
{% macro duckdb__percentile_cont(expr, p) -%}
    quantile_cont({{ expr }}, {{ p }})
{%- endmacro %}
{% macro default__percentile_cont(expr, p) -%}
    percentile_cont({{ p }}) within group (order by {{ expr }})
{%- endmacro %}

{#
  non_negative_seconds(start, end): the §1.3 duration rule — end − start in seconds, NULL when either
  timestamp is NULL (never invented) and NULL when negative (timestamps entered out of order; the
  model sets has_timestamp_anomaly for those).
#}
{% macro non_negative_seconds(start_ts, end_ts) -%}
    case when {{ datediff_seconds(start_ts, end_ts) }} >= 0 then {{ datediff_seconds(start_ts, end_ts) }} end
{%- endmacro %}

{# is_negative_duration(start, end): true when both are set and end is before start. #}
{% macro is_negative_duration(start_ts, end_ts) -%}
    coalesce({{ datediff_seconds(start_ts, end_ts) }} < 0, false)
{%- endmacro %}

{#
  hashdiff(columns): an MD5 over the listed columns (NULL-safe, order-sensitive) for change detection:
  two rows with equal business values have equal hashdiffs.
#}
{% macro hashdiff(columns) -%}
    md5(concat_ws('||'
    {%- for c in columns %}, coalesce(cast({{ c }} as varchar), '^^'){% endfor -%}
    ))
{%- endmacro %}

{# surrogate_key(columns): an MD5 key over the listed columns (NULL-safe). #}
{% macro surrogate_key(columns) -%}
    {{ hashdiff(columns) }}
{%- endmacro %}

{#
  lookback_filter(column, this_column=none, data_type='timestamp', utc=false): on incremental runs,
  `where <column> >= <newest this_column in the table> − lookback_days`, so late-arriving updates
  inside the window are merged again without re-reading older history; on full builds (and while the
  table is empty) nothing. The newest value is read first (run_query) and rendered as a constant, so
  the engine can push the filter down through the views to the RAW scans instead of joining a
  subquery. this_column defaults to column (pass it when column is qualified, 'm.activity_date', or
  when the filter column differs from the table's). utc=true: this_column holds UTC wall-clock
  timestamps and column is a timestamp with time zone, so the constant gets a +00:00 offset.
  lookback_condition(...) is the bare condition (`1 = 1` when there is nothing to filter), for an AND.
#}
{% macro lookback_filter(column, this_column=none, data_type='timestamp', utc=false) -%}
    {%- set condition = lookback_condition(column, this_column, data_type, utc) -%}
    {%- if condition != '1 = 1' %}
    where {{ condition }}
    {%- endif -%}
{%- endmacro %}

{% macro lookback_condition(column, this_column=none, data_type='timestamp', utc=false) -%}
    {%- set newest = none -%}
    {%- if is_incremental() and execute -%}
        {%- set query -%}
            select cast(max({{ this_column or column }}) as varchar) from {{ this }}
        {%- endset -%}
        {%- set newest = run_query(query).rows[0][0] -%}
    {%- endif -%}
    {%- if newest is none -%}
        1 = 1
    {%- else -%}
        {{ column }} >= cast({{ dateadd_days("cast(" ~ string_literal(newest ~ ('+00:00' if utc else '')) ~ " as " ~ data_type ~ ")", -1 * (var('lookback_days', 7) | int)) }} as {{ data_type }})
    {%- endif -%}
{%- endmacro %}

{# regex_matches(expr, pattern): true when the string expr contains a match of the regular expression. #}
{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches')(expr, pattern)) }}
{%- endmacro %}
{% macro duckdb__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ string_literal(pattern) }})
{%- endmacro %}
{% macro default__regex_matches(expr, pattern) -%}
    regexp_like({{ expr }}, {{ string_literal('.*' ~ pattern ~ '.*') }}, 's')
{%- endmacro %}
