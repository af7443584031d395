{#
  The columns every stg_ai_telemetry__<tool>__daily_metrics model returns, in this order, so
  int_ai_telemetry__tool_daily_metrics can union them in a loop. One row per actor per day.

    activity_date              DATE (UTC day)
    engineer_key               hash_pii of the engineer's corporate email; for actors the directory
                               cannot resolve, of '<tool>:<native id>' (identity_resolved = false)
    actor_type                 'engineer' or 'service' (API keys, service accounts, CI)
    identity_resolved          true when engineer_key is the hashed corporate email
    sessions                   sessions / conversations (NULL when the tool has no such notion)
    requests                   prompts, chat/agent requests and accepted completions the tool counts
    lines_suggested            lines of code the tool proposed (NULL when not reported)
    lines_accepted             lines of code accepted / added by the tool
    reported_input_tokens      tokens the vendor reports (NULL when it reports none)
    reported_output_tokens
    completion_units           inline-completion activity used for token estimation (§2.8)
    completion_bytes_accepted  accepted completion bytes (Windsurf), for output estimation
    completion_lines_accepted  accepted completion lines (Windsurf), fallback for output estimation
    chat_units                 chat / agent turns used for token estimation (§2.8)
    is_active                  the actor used the tool that day
#}
{% macro ai_daily_metric_columns() -%}
    {{ return([
        'activity_date', 'engineer_key', 'actor_type', 'identity_resolved', 'sessions', 'requests',
        'lines_suggested', 'lines_accepted', 'reported_input_tokens', 'reported_output_tokens',
        'completion_units', 'completion_bytes_accepted', 'completion_lines_accepted', 'chat_units', 'is_active'
    ]) }}
{%- endmacro %}

{# A typed NULL for a metric a tool does not have. #}
{% macro null_bigint() -%}
    cast(null as bigint)
{%- endmacro %}
