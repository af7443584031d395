{{
    config(
        materialized='incremental',
        unique_key='daily_metric_key',
        on_schema_change='append_new_columns',
        cluster_by=['activity_date'],
        snowflake_warehouse=var('warehouse_incremental'),
        snowflake_initialization_warehouse=var('warehouse_full_refresh')
    )
}}
{#
  The seven AI developer tools in one schema — a loop over the project var `ai_tools` (adding a tool is
  one line there plus its staging model stg_ai_telemetry__<tool>__daily_metrics) — with token counts
  made comparable (source-apis.md §2.8):

    input_tokens  = reported input tokens
                  + completion_units × input_tokens_per_unit (completion row of ai_token_estimates)
                  + chat_units       × input_tokens_per_unit (chat row)
    output_tokens = reported output tokens
                  + completion_units × output_tokens_per_unit
                  + (completion_bytes_accepted × output_tokens_per_byte, else
                     completion_lines_accepted × output_tokens_per_line)
                  + chat_units       × output_tokens_per_unit (chat row)

  Tools that report tokens (LiteLLM, Claude Code, OpenAI, Copilot CLI) have no seed rows, so nothing
  is estimated for them. tokens_are_estimated is true when any part of the row's tokens came from the
  constants. Only days on which the actor used the tool (is_active) are kept.

  Incremental (merge on daily_metric_key): each run re-reads the last lookback_days of activity (vendors
  revise their recent days); the date filter reaches the RAW scans through the staging views.
#}
{%- set columns = ai_daily_metric_columns() -%}
with unioned as (
    {%- for tool in var('ai_tools') %}
    select '{{ tool }}' as tool, {{ columns | join(', ') }}
    from {{ ref('stg_ai_telemetry__' ~ tool ~ '__daily_metrics') }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

completion_rates as (
    select tool, input_tokens_per_unit, output_tokens_per_unit, output_tokens_per_byte, output_tokens_per_line
    from {{ ref('ai_token_estimates') }}
    where activity_unit = 'completion'
),

chat_rates as (
    select tool, input_tokens_per_unit, output_tokens_per_unit
    from {{ ref('ai_token_estimates') }}
    where activity_unit = 'chat'
),

estimated as (
    select
        u.*,
        cast(round(
            coalesce(u.completion_units * cr.input_tokens_per_unit, 0)
            + coalesce(u.chat_units * hr.input_tokens_per_unit, 0)
        ) as bigint) as estimated_input_tokens,
        cast(round(
            coalesce(u.completion_units * cr.output_tokens_per_unit, 0)
            + coalesce(u.completion_bytes_accepted * cr.output_tokens_per_byte, u.completion_lines_accepted * cr.output_tokens_per_line, 0)
            + coalesce(u.chat_units * hr.output_tokens_per_unit, 0)
        ) as bigint) as estimated_output_tokens
    from unioned as u
    left join completion_rates as cr on cr.tool = u.tool
    left join chat_rates as hr on hr.tool = u.tool
)

select
    {{ surrogate_key(['tool', 'activity_date', 'engineer_key']) }} as daily_metric_key,
    tool,
    activity_date,
    engineer_key,
    actor_type,
    identity_resolved,
    sessions,
    requests,
    lines_suggested,
    lines_accepted,
    coalesce(reported_input_tokens, 0) as reported_input_tokens,
    coalesce(reported_output_tokens, 0) as reported_output_tokens,
    estimated_input_tokens,
    estimated_output_tokens,
    coalesce(reported_input_tokens, 0) + estimated_input_tokens as input_tokens,
    coalesce(reported_output_tokens, 0) + estimated_output_tokens as output_tokens,
    coalesce(reported_input_tokens, 0) + estimated_input_tokens + coalesce(reported_output_tokens, 0) + estimated_output_tokens as total_tokens,
    estimated_input_tokens + estimated_output_tokens > 0 as tokens_are_estimated
from estimated
where is_active
  and {{ lookback_condition('activity_date', data_type='date') }}
