{#
  date_spine_filter(start_date, end_date, datepart='day', column_name='date_day'):
  a SELECT returning one row per `datepart` ('day' or 'week') from start_date to end_date inclusive,
  as a DATE column named `column_name`; use it as a CTE to fill gaps in a time series (left join the
  facts onto the spine, so a day or week without rows still appears). Weeks start on Monday (ISO).
  start_date / end_date are SQL expressions (scalar subqueries allowed).
#}
{% macro date_spine_filter(start_date, end_date, datepart='day', column_name='date_day') -%}
    {{ return(adapter.dispatch('date_spine_filter')(start_date, end_date, datepart, column_name)) }}
{%- endmacro %}

{% macro duckdb__date_spine_filter(start_date, end_date, datepart, column_name) -%}
    select cast(unnest(generate_series(
        cast({{ truncate_date(start_date, datepart) }} as timestamp),
        cast({{ truncate_date(end_date, datepart) }} as timestamp),
        interval 1 {{ datepart }}
    )) as date) as {{ column_name }}
{%- endmacro %}

{# Snowflake (and the default): a generator of offsets from the start, cut at the end. #}
{% macro default__date_spine_filter(start_date, end_date, datepart, column_name) -%}
    select {{ column_name }}
    from (
        select dateadd({{ datepart }}, row_number() over (order by seq4()) - 1, {{ truncate_date(start_date, datepart) }}) as {{ column_name }}
        from table(generator(rowcount => 20000))
    )
    where {{ column_name }} <= {{ truncate_date(end_date, datepart) }}
{%- endmacro %}

{# truncate_date(expr, datepart): the DATE that starts expr's day or (Monday-based) week. #}
{% macro truncate_date(expr, datepart='day') -%}
    {%- if datepart == 'day' -%}
        cast({{ expr }} as date)
    {%- else -%}
        cast(date_trunc('{{ datepart }}', cast({{ expr }} as date)) as date)
    {%- endif -%}
{%- endmacro %}
