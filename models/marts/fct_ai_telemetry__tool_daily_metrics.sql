{{
    config(
        materialized='incremental',
        unique_key='daily_metric_key',
        on_schema_change='append_new_columns',
        cluster_by=['activity_date'],
        snowflake_warehouse=var('warehouse_incremental'),
        snowflake_initialization_warehouse=var('warehouse_full_refresh'),
        tags=['ai_dx']
    )
}}
-- Daily AI tool usage: one row per tool, day and actor that used it. Incremental merge with the
-- `lookback_days` window on activity_date (vendors revise their last days).
select
    m.daily_metric_key,
    m.tool,
    m.activity_date,
    m.engineer_key,
    m.actor_type,
    m.identity_resolved,
    d.business_unit,
    d.team,
    m.sessions,
    m.requests,
    m.lines_suggested,
    m.lines_accepted,
    {{ safe_divide('m.lines_accepted', 'm.lines_suggested') }} as line_acceptance_rate,
    m.input_tokens,
    m.output_tokens,
    m.total_tokens,
    m.reported_input_tokens,
    m.reported_output_tokens,
    m.estimated_input_tokens,
    m.estimated_output_tokens,
    m.tokens_are_estimated
from {{ ref('int_ai_telemetry__tool_daily_metrics') }} as m
left join {{ ref('stg_directory__engineers') }} as d on d.engineer_key = m.engineer_key
{{ lookback_filter('m.activity_date', 'activity_date', 'date') }}
