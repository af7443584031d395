{#
  Time helpers. Every timestamp leaves staging as a UTC wall-clock TIMESTAMP (no time zone), so date
  truncation and differences never depend on a session time zone.
#}

{# to_utc(expr): a TIMESTAMP WITH TIME ZONE column → UTC TIMESTAMP. #}
{% macro to_utc(expr) -%}
    {{ return(adapter.dispatch('to_utc')(expr)) }}
{%- endmacro %}
{% macro duckdb__to_utc(expr) -%}
    timezone('UTC', cast({{ expr }} as timestamptz))
{%- endmacro %}
{% macro default__to_utc(expr) -%}
    convert_timezone('UTC', {{ expr }})::timestamp_ntz
{%- endmacro %}

{# parse_utc(expr): an ISO-8601 string ('2025-03-04T09:55:00Z') → UTC TIMESTAMP; NULL when unparseable. #}
{% macro parse_utc(expr) -%}
    {{ return(adapter.dispatch('parse_utc')(expr)) }}
{%- endmacro %}
{% macro duckdb__parse_utc(expr) -%}
    timezone('UTC', try_cast({{ expr }} as timestamptz))
{%- endmacro %}
{% macro default__parse_utc(expr) -%}
    convert_timezone('UTC', try_to_timestamp_tz({{ expr }}))::timestamp_ntz
{%- endmacro %}

{#
  datediff_seconds(start, end): whole seconds from start to end (negative when end is earlier), as
  BIGINT; NULL when either is NULL. Both engines count second boundaries crossed.
#}
{% macro datediff_seconds(start_ts, end_ts) -%}
    {{ return(adapter.dispatch('datediff_seconds')(start_ts, end_ts)) }}
{%- endmacro %}
{% macro duckdb__datediff_seconds(start_ts, end_ts) -%}
    date_diff('second', {{ start_ts }}, {{ end_ts }})
{%- endmacro %}
{% macro default__datediff_seconds(start_ts, end_ts) -%}
    datediff(second, {{ start_ts }}, {{ end_ts }})
{%- endmacro %}

{# dateadd_days(expr, n): a DATE or TIMESTAMP plus n days (n may be negative or an expression). #}
{% macro dateadd_days(expr, n) -%}
    {{ return(adapter.dispatch('dateadd_days')(expr, n)) }}
{%- endmacro %}
{% macro duckdb__dateadd_days(expr, n) -%}
    ({{ expr }} + interval ({{ n }}) day)
{%- endmacro %}
{% macro default__dateadd_days(expr, n) -%}
    dateadd(day, {{ n }}, {{ expr }})
{%- endmacro %}

{# epoch_ms_to_date(expr): epoch milliseconds → UTC DATE. #}
{% macro epoch_ms_to_date(expr) -%}
    {{ return(adapter.dispatch('epoch_ms_to_date')(expr)) }}
{%- endmacro %}
{% macro duckdb__epoch_ms_to_date(expr) -%}
    cast(make_timestamp(cast({{ expr }} as bigint) * 1000) as date)
{%- endmacro %}
{% macro default__epoch_ms_to_date(expr) -%}
    to_date(to_timestamp_ntz(cast({{ expr }} as bigint), 3))
{%- endmacro %}
