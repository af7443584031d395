-- models/intermediate/int_ai_telemetry__tool_daily_metrics.sql (incremental) on Snowflake

-- first build
-- 1. use
use warehouse ETL_MEDIUM;

-- 2. create
create transient table OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics cluster by (activity_date) comment = 'The seven AI tools in one schema (loop over the var ai_tools), active days only, with tokens made comparable: reported tokens plus estimates from the seed ai_token_estimates (§2.8). Incremental (merge on daily_metric_key, lookback window on activity_date).' as (
select * from (

with unioned as (
    select 'litellm' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics
    union all
    select 'claude_code' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics
    union all
    select 'openai' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics
    union all
    select 'copilot' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics
    union all
    select 'cursor' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__cursor__daily_metrics
    union all
    select 'windsurf' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics
    union all
    select 'claude_enterprise' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics
),

completion_rates as (
    select tool, input_tokens_per_unit, output_tokens_per_unit, output_tokens_per_byte, output_tokens_per_line
    from OPP_TEST.reference.ai_token_estimates
    where activity_unit = 'completion'
),

chat_rates as (
    select tool, input_tokens_per_unit, output_tokens_per_unit
    from OPP_TEST.reference.ai_token_estimates
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
    md5(concat_ws('||', coalesce(cast(tool as varchar), '^^'), coalesce(cast(activity_date as varchar), '^^'), coalesce(cast(engineer_key as varchar), '^^'))) as daily_metric_key,
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
  and 1 = 1
) order by (activity_date)
);

-- 3. comment
alter table OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics alter daily_metric_key comment 'MD5 of tool, activity_date and engineer_key.', tool comment 'The AI developer tool: `litellm` (gateway for Claude/GPT/Gemini), `claude_code`, `openai`, `copilot`, `cursor`,
`windsurf`, `claude_enterprise` (claude.ai chat).', activity_date comment 'UTC day.', engineer_key comment 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.', actor_type comment '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.', identity_resolved comment 'True when engineer_key is the hashed corporate email.', sessions comment 'Sessions / conversations.', requests comment 'Requests (see the staging models).', lines_suggested comment 'Lines proposed.', lines_accepted comment 'Lines accepted.', reported_input_tokens comment 'Input tokens reported by the vendor (0 when none).', reported_output_tokens comment 'Output tokens reported by the vendor (0 when none).', estimated_input_tokens comment 'Input tokens estimated from activity (seed ai_token_estimates).', estimated_output_tokens comment 'Output tokens estimated from activity.', input_tokens comment 'Reported input tokens (prompt side, cached input included) plus the estimate: completion units × the tool''s
completion input rate + chat units × its chat input rate (seed `ai_token_estimates`).', output_tokens comment 'Reported output tokens plus the estimate: completion units × completion output rate + accepted bytes × output per byte
(else accepted lines × output per line) + chat units × chat output rate.', total_tokens comment 'input_tokens + output_tokens.', tokens_are_estimated comment 'True when part of the row''s tokens comes from the per-activity constants of the seed `ai_token_estimates`
(source-apis.md §2.8) because the tool does not report tokens (Copilot IDE, Cursor, Windsurf, Claude Enterprise chat).';

-- 4. use
use warehouse ETL_SMALL;

-- incremental run (is_incremental(), newest loaded value 2024-06-30 00:00:00; + 2 describe queries for the columns)
-- 1. stage
create or replace temporary view OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics__opp_tmp as (

with unioned as (
    select 'litellm' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics
    union all
    select 'claude_code' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics
    union all
    select 'openai' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics
    union all
    select 'copilot' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics
    union all
    select 'cursor' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__cursor__daily_metrics
    union all
    select 'windsurf' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics
    union all
    select 'claude_enterprise' as tool, activity_date, engineer_key, actor_type, identity_resolved, sessions, requests, lines_suggested, lines_accepted, reported_input_tokens, reported_output_tokens, completion_units, completion_bytes_accepted, completion_lines_accepted, chat_units, is_active
    from OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics
),

completion_rates as (
    select tool, input_tokens_per_unit, output_tokens_per_unit, output_tokens_per_byte, output_tokens_per_line
    from OPP_TEST.reference.ai_token_estimates
    where activity_unit = 'completion'
),

chat_rates as (
    select tool, input_tokens_per_unit, output_tokens_per_unit
    from OPP_TEST.reference.ai_token_estimates
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
    md5(concat_ws('||', coalesce(cast(tool as varchar), '^^'), coalesce(cast(activity_date as varchar), '^^'), coalesce(cast(engineer_key as varchar), '^^'))) as daily_metric_key,
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
  and activity_date >= cast(dateadd(day, -7, cast('2024-06-30 00:00:00' as date)) as date)
);

-- 2. merge
merge into OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics as DBT_INTERNAL_DEST
using OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics__opp_tmp as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE.DAILY_METRIC_KEY = DBT_INTERNAL_DEST.DAILY_METRIC_KEY)
when matched then update set
    DAILY_METRIC_KEY = DBT_INTERNAL_SOURCE.DAILY_METRIC_KEY,
    TOOL = DBT_INTERNAL_SOURCE.TOOL,
    ACTIVITY_DATE = DBT_INTERNAL_SOURCE.ACTIVITY_DATE,
    ENGINEER_KEY = DBT_INTERNAL_SOURCE.ENGINEER_KEY,
    ACTOR_TYPE = DBT_INTERNAL_SOURCE.ACTOR_TYPE,
    IDENTITY_RESOLVED = DBT_INTERNAL_SOURCE.IDENTITY_RESOLVED,
    SESSIONS = DBT_INTERNAL_SOURCE.SESSIONS,
    REQUESTS = DBT_INTERNAL_SOURCE.REQUESTS,
    LINES_SUGGESTED = DBT_INTERNAL_SOURCE.LINES_SUGGESTED,
    LINES_ACCEPTED = DBT_INTERNAL_SOURCE.LINES_ACCEPTED,
    REPORTED_INPUT_TOKENS = DBT_INTERNAL_SOURCE.REPORTED_INPUT_TOKENS,
    REPORTED_OUTPUT_TOKENS = DBT_INTERNAL_SOURCE.REPORTED_OUTPUT_TOKENS,
    ESTIMATED_INPUT_TOKENS = DBT_INTERNAL_SOURCE.ESTIMATED_INPUT_TOKENS,
    ESTIMATED_OUTPUT_TOKENS = DBT_INTERNAL_SOURCE.ESTIMATED_OUTPUT_TOKENS,
    INPUT_TOKENS = DBT_INTERNAL_SOURCE.INPUT_TOKENS,
    OUTPUT_TOKENS = DBT_INTERNAL_SOURCE.OUTPUT_TOKENS,
    TOTAL_TOKENS = DBT_INTERNAL_SOURCE.TOTAL_TOKENS,
    TOKENS_ARE_ESTIMATED = DBT_INTERNAL_SOURCE.TOKENS_ARE_ESTIMATED
when not matched then insert (DAILY_METRIC_KEY, TOOL, ACTIVITY_DATE, ENGINEER_KEY, ACTOR_TYPE, IDENTITY_RESOLVED, SESSIONS, REQUESTS, LINES_SUGGESTED, LINES_ACCEPTED, REPORTED_INPUT_TOKENS, REPORTED_OUTPUT_TOKENS, ESTIMATED_INPUT_TOKENS, ESTIMATED_OUTPUT_TOKENS, INPUT_TOKENS, OUTPUT_TOKENS, TOTAL_TOKENS, TOKENS_ARE_ESTIMATED)
values (DBT_INTERNAL_SOURCE.DAILY_METRIC_KEY, DBT_INTERNAL_SOURCE.TOOL, DBT_INTERNAL_SOURCE.ACTIVITY_DATE, DBT_INTERNAL_SOURCE.ENGINEER_KEY, DBT_INTERNAL_SOURCE.ACTOR_TYPE, DBT_INTERNAL_SOURCE.IDENTITY_RESOLVED, DBT_INTERNAL_SOURCE.SESSIONS, DBT_INTERNAL_SOURCE.REQUESTS, DBT_INTERNAL_SOURCE.LINES_SUGGESTED, DBT_INTERNAL_SOURCE.LINES_ACCEPTED, DBT_INTERNAL_SOURCE.REPORTED_INPUT_TOKENS, DBT_INTERNAL_SOURCE.REPORTED_OUTPUT_TOKENS, DBT_INTERNAL_SOURCE.ESTIMATED_INPUT_TOKENS, DBT_INTERNAL_SOURCE.ESTIMATED_OUTPUT_TOKENS, DBT_INTERNAL_SOURCE.INPUT_TOKENS, DBT_INTERNAL_SOURCE.OUTPUT_TOKENS, DBT_INTERNAL_SOURCE.TOTAL_TOKENS, DBT_INTERNAL_SOURCE.TOKENS_ARE_ESTIMATED);

-- 3. comment
comment on table OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics is 'The seven AI tools in one schema (loop over the var ai_tools), active days only, with tokens made comparable: reported tokens plus estimates from the seed ai_token_estimates (§2.8). Incremental (merge on daily_metric_key, lookback window on activity_date).';

-- 4. comment
alter table OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics alter DAILY_METRIC_KEY comment 'MD5 of tool, activity_date and engineer_key.', TOOL comment 'The AI developer tool: `litellm` (gateway for Claude/GPT/Gemini), `claude_code`, `openai`, `copilot`, `cursor`,
`windsurf`, `claude_enterprise` (claude.ai chat).', ACTIVITY_DATE comment 'UTC day.', ENGINEER_KEY comment 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.', ACTOR_TYPE comment '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.', IDENTITY_RESOLVED comment 'True when engineer_key is the hashed corporate email.', SESSIONS comment 'Sessions / conversations.', REQUESTS comment 'Requests (see the staging models).', LINES_SUGGESTED comment 'Lines proposed.', LINES_ACCEPTED comment 'Lines accepted.', REPORTED_INPUT_TOKENS comment 'Input tokens reported by the vendor (0 when none).', REPORTED_OUTPUT_TOKENS comment 'Output tokens reported by the vendor (0 when none).', ESTIMATED_INPUT_TOKENS comment 'Input tokens estimated from activity (seed ai_token_estimates).', ESTIMATED_OUTPUT_TOKENS comment 'Output tokens estimated from activity.', INPUT_TOKENS comment 'Reported input tokens (prompt side, cached input included) plus the estimate: completion units × the tool''s
completion input rate + chat units × its chat input rate (seed `ai_token_estimates`).', OUTPUT_TOKENS comment 'Reported output tokens plus the estimate: completion units × completion output rate + accepted bytes × output per byte
(else accepted lines × output per line) + chat units × chat output rate.', TOTAL_TOKENS comment 'input_tokens + output_tokens.', TOKENS_ARE_ESTIMATED comment 'True when part of the row''s tokens comes from the per-activity constants of the seed `ai_token_estimates`
(source-apis.md §2.8) because the tool does not report tokens (Copilot IDE, Cursor, Windsurf, Claude Enterprise chat).';

-- 5. drop
drop view if exists OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics__opp_tmp;
