{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='week_start',
        on_schema_change='append_new_columns',
        snowflake_warehouse=var('warehouse_incremental'),
        snowflake_initialization_warehouse=var('warehouse_full_refresh'),
        tags=['ai_dx']
    )
}}
-- Weekly AI token use per engineer and tool (weeks start on Monday), with the P50 / P75 / P95 of
-- weekly tokens across the engineers who used that tool that week, and where this engineer sits.
-- Service traffic (API keys, service accounts) is left out: this is about people.
--
-- Incremental by whole weeks (delete+insert on week_start): a run recomputes every week that can hold
-- a day the daily fact re-merged (its lookback_days before the newest day), from that week's Monday,
-- so each week's percentiles are always over all of its engineers.
{%- set since = none -%}
{%- if is_incremental() and execute -%}
    {%- set newest_week = run_query('select cast(max(week_start) as varchar) from ' ~ this).rows[0][0] -%}
    {%- if newest_week is not none -%}
        {%- set weeks_back = ((var('lookback_days', 7) | int) + 6) // 7 -%}
        {%- set since = dateadd_days('cast(' ~ string_literal(newest_week) ~ ' as date)', -7 * weeks_back) -%}
    {%- endif -%}
{%- endif %}
with weekly as (
    select
        {{ truncate_date('activity_date', 'week') }} as week_start,
        engineer_key,
        tool,
        max(business_unit) as business_unit,
        count(*) as active_days,
        sum(coalesce(requests, 0)) as requests,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        sum(total_tokens) as total_tokens,
        max(case when tokens_are_estimated then 1 else 0 end) = 1 as tokens_are_estimated
    from {{ ref('fct_ai_telemetry__tool_daily_metrics') }}
    where actor_type = 'engineer'
    {%- if since is not none %}
      and activity_date >= cast({{ since }} as date)
    {%- endif %}
    group by 1, 2, 3
),

percentiles as (
    select
        week_start,
        tool,
        count(*) as active_engineers,
        {{ percentile_cont('total_tokens', 0.5) }} as p50_total_tokens,
        {{ percentile_cont('total_tokens', 0.75) }} as p75_total_tokens,
        {{ percentile_cont('total_tokens', 0.95) }} as p95_total_tokens
    from weekly
    group by week_start, tool
)

select
    {{ surrogate_key(['w.week_start', 'w.engineer_key', 'w.tool']) }} as weekly_token_key,
    w.week_start,
    w.engineer_key,
    w.tool,
    w.business_unit,
    w.active_days,
    w.requests,
    w.input_tokens,
    w.output_tokens,
    w.total_tokens,
    w.tokens_are_estimated,
    p.active_engineers,
    p.p50_total_tokens,
    p.p75_total_tokens,
    p.p95_total_tokens,
    case
        when w.total_tokens >= p.p95_total_tokens then 'p95+'
        when w.total_tokens >= p.p75_total_tokens then 'p75-p95'
        when w.total_tokens >= p.p50_total_tokens then 'p50-p75'
        else 'below p50'
    end as usage_band
from weekly as w
inner join percentiles as p on p.week_start = w.week_start and p.tool = w.tool
