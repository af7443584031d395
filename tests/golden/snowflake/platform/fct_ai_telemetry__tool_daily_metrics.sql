-- models/marts/fct_ai_telemetry__tool_daily_metrics.sql (incremental) on Snowflake

-- first build
-- 1. use
use warehouse ETL_MEDIUM;

-- 2. create
create transient table OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics cluster by (activity_date) comment = 'Daily AI tool usage: one row per tool, day and actor, with comparable token counts. Incremental merge on daily_metric_key with a lookback_days window on activity_date.' as (
select * from (

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
    case
        when (m.lines_suggested) is null or (m.lines_suggested) = 0 then null
        else cast(m.lines_accepted as double) / (m.lines_suggested)
    end as line_acceptance_rate,
    m.input_tokens,
    m.output_tokens,
    m.total_tokens,
    m.reported_input_tokens,
    m.reported_output_tokens,
    m.estimated_input_tokens,
    m.estimated_output_tokens,
    m.tokens_are_estimated
from OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics as m
left join OPP_TEST.staging.stg_directory__engineers as d on d.engineer_key = m.engineer_key
) order by (activity_date)
);

-- 3. comment
alter table OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics alter daily_metric_key comment 'MD5 of tool, activity_date and engineer_key.', tool comment 'The AI developer tool: `litellm` (gateway for Claude/GPT/Gemini), `claude_code`, `openai`, `copilot`, `cursor`,
`windsurf`, `claude_enterprise` (claude.ai chat).', activity_date comment 'UTC day.', engineer_key comment 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.', actor_type comment '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.', identity_resolved comment 'True when engineer_key is the hashed corporate email.', business_unit comment 'Business unit from the engineer directory (NULL when unknown).', team comment 'Team from the engineer directory.', sessions comment 'Sessions / conversations.', requests comment 'Requests (see the staging models).', lines_suggested comment 'Lines proposed.', lines_accepted comment 'Lines accepted.', line_acceptance_rate comment 'safe_divide(lines_accepted, lines_suggested): NULL when nothing was suggested or the tool does not report suggestions.', input_tokens comment 'Reported input tokens (prompt side, cached input included) plus the estimate: completion units × the tool''s
completion input rate + chat units × its chat input rate (seed `ai_token_estimates`).', output_tokens comment 'Reported output tokens plus the estimate: completion units × completion output rate + accepted bytes × output per byte
(else accepted lines × output per line) + chat units × chat output rate.', total_tokens comment 'input_tokens + output_tokens.', reported_input_tokens comment 'Input tokens reported by the vendor (0 when none).', reported_output_tokens comment 'Output tokens reported by the vendor (0 when none).', estimated_input_tokens comment 'Input tokens estimated from activity (seed ai_token_estimates).', estimated_output_tokens comment 'Output tokens estimated from activity.', tokens_are_estimated comment 'True when part of the row''s tokens comes from the per-activity constants of the seed `ai_token_estimates`
(source-apis.md §2.8) because the tool does not report tokens (Copilot IDE, Cursor, Windsurf, Claude Enterprise chat).';

-- 4. use
use warehouse ETL_SMALL;

-- incremental run (is_incremental(), newest loaded value 2024-06-30 00:00:00; + 2 describe queries for the columns)
-- 1. stage
create or replace temporary view OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics__opp_tmp as (

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
    case
        when (m.lines_suggested) is null or (m.lines_suggested) = 0 then null
        else cast(m.lines_accepted as double) / (m.lines_suggested)
    end as line_acceptance_rate,
    m.input_tokens,
    m.output_tokens,
    m.total_tokens,
    m.reported_input_tokens,
    m.reported_output_tokens,
    m.estimated_input_tokens,
    m.estimated_output_tokens,
    m.tokens_are_estimated
from OPP_TEST.intermediate.int_ai_telemetry__tool_daily_metrics as m
left join OPP_TEST.staging.stg_directory__engineers as d on d.engineer_key = m.engineer_key

    where m.activity_date >= cast(dateadd(day, -7, cast('2024-06-30 00:00:00' as date)) as date)
);

-- 2. merge
merge into OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics as DBT_INTERNAL_DEST
using OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics__opp_tmp as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE.DAILY_METRIC_KEY = DBT_INTERNAL_DEST.DAILY_METRIC_KEY)
when matched then update set
    DAILY_METRIC_KEY = DBT_INTERNAL_SOURCE.DAILY_METRIC_KEY,
    TOOL = DBT_INTERNAL_SOURCE.TOOL,
    ACTIVITY_DATE = DBT_INTERNAL_SOURCE.ACTIVITY_DATE,
    ENGINEER_KEY = DBT_INTERNAL_SOURCE.ENGINEER_KEY,
    ACTOR_TYPE = DBT_INTERNAL_SOURCE.ACTOR_TYPE,
    IDENTITY_RESOLVED = DBT_INTERNAL_SOURCE.IDENTITY_RESOLVED,
    BUSINESS_UNIT = DBT_INTERNAL_SOURCE.BUSINESS_UNIT,
    TEAM = DBT_INTERNAL_SOURCE.TEAM,
    SESSIONS = DBT_INTERNAL_SOURCE.SESSIONS,
    REQUESTS = DBT_INTERNAL_SOURCE.REQUESTS,
    LINES_SUGGESTED = DBT_INTERNAL_SOURCE.LINES_SUGGESTED,
    LINES_ACCEPTED = DBT_INTERNAL_SOURCE.LINES_ACCEPTED,
    LINE_ACCEPTANCE_RATE = DBT_INTERNAL_SOURCE.LINE_ACCEPTANCE_RATE,
    INPUT_TOKENS = DBT_INTERNAL_SOURCE.INPUT_TOKENS,
    OUTPUT_TOKENS = DBT_INTERNAL_SOURCE.OUTPUT_TOKENS,
    TOTAL_TOKENS = DBT_INTERNAL_SOURCE.TOTAL_TOKENS,
    REPORTED_INPUT_TOKENS = DBT_INTERNAL_SOURCE.REPORTED_INPUT_TOKENS,
    REPORTED_OUTPUT_TOKENS = DBT_INTERNAL_SOURCE.REPORTED_OUTPUT_TOKENS,
    ESTIMATED_INPUT_TOKENS = DBT_INTERNAL_SOURCE.ESTIMATED_INPUT_TOKENS,
    ESTIMATED_OUTPUT_TOKENS = DBT_INTERNAL_SOURCE.ESTIMATED_OUTPUT_TOKENS,
    TOKENS_ARE_ESTIMATED = DBT_INTERNAL_SOURCE.TOKENS_ARE_ESTIMATED
when not matched then insert (DAILY_METRIC_KEY, TOOL, ACTIVITY_DATE, ENGINEER_KEY, ACTOR_TYPE, IDENTITY_RESOLVED, BUSINESS_UNIT, TEAM, SESSIONS, REQUESTS, LINES_SUGGESTED, LINES_ACCEPTED, LINE_ACCEPTANCE_RATE, INPUT_TOKENS, OUTPUT_TOKENS, TOTAL_TOKENS, REPORTED_INPUT_TOKENS, REPORTED_OUTPUT_TOKENS, ESTIMATED_INPUT_TOKENS, ESTIMATED_OUTPUT_TOKENS, TOKENS_ARE_ESTIMATED)
values (DBT_INTERNAL_SOURCE.DAILY_METRIC_KEY, DBT_INTERNAL_SOURCE.TOOL, DBT_INTERNAL_SOURCE.ACTIVITY_DATE, DBT_INTERNAL_SOURCE.ENGINEER_KEY, DBT_INTERNAL_SOURCE.ACTOR_TYPE, DBT_INTERNAL_SOURCE.IDENTITY_RESOLVED, DBT_INTERNAL_SOURCE.BUSINESS_UNIT, DBT_INTERNAL_SOURCE.TEAM, DBT_INTERNAL_SOURCE.SESSIONS, DBT_INTERNAL_SOURCE.REQUESTS, DBT_INTERNAL_SOURCE.LINES_SUGGESTED, DBT_INTERNAL_SOURCE.LINES_ACCEPTED, DBT_INTERNAL_SOURCE.LINE_ACCEPTANCE_RATE, DBT_INTERNAL_SOURCE.INPUT_TOKENS, DBT_INTERNAL_SOURCE.OUTPUT_TOKENS, DBT_INTERNAL_SOURCE.TOTAL_TOKENS, DBT_INTERNAL_SOURCE.REPORTED_INPUT_TOKENS, DBT_INTERNAL_SOURCE.REPORTED_OUTPUT_TOKENS, DBT_INTERNAL_SOURCE.ESTIMATED_INPUT_TOKENS, DBT_INTERNAL_SOURCE.ESTIMATED_OUTPUT_TOKENS, DBT_INTERNAL_SOURCE.TOKENS_ARE_ESTIMATED);

-- 3. comment
comment on table OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics is 'Daily AI tool usage: one row per tool, day and actor, with comparable token counts. Incremental merge on daily_metric_key with a lookback_days window on activity_date.';

-- 4. comment
alter table OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics alter DAILY_METRIC_KEY comment 'MD5 of tool, activity_date and engineer_key.', TOOL comment 'The AI developer tool: `litellm` (gateway for Claude/GPT/Gemini), `claude_code`, `openai`, `copilot`, `cursor`,
`windsurf`, `claude_enterprise` (claude.ai chat).', ACTIVITY_DATE comment 'UTC day.', ENGINEER_KEY comment 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.', ACTOR_TYPE comment '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.', IDENTITY_RESOLVED comment 'True when engineer_key is the hashed corporate email.', BUSINESS_UNIT comment 'Business unit from the engineer directory (NULL when unknown).', TEAM comment 'Team from the engineer directory.', SESSIONS comment 'Sessions / conversations.', REQUESTS comment 'Requests (see the staging models).', LINES_SUGGESTED comment 'Lines proposed.', LINES_ACCEPTED comment 'Lines accepted.', LINE_ACCEPTANCE_RATE comment 'safe_divide(lines_accepted, lines_suggested): NULL when nothing was suggested or the tool does not report suggestions.', INPUT_TOKENS comment 'Reported input tokens (prompt side, cached input included) plus the estimate: completion units × the tool''s
completion input rate + chat units × its chat input rate (seed `ai_token_estimates`).', OUTPUT_TOKENS comment 'Reported output tokens plus the estimate: completion units × completion output rate + accepted bytes × output per byte
(else accepted lines × output per line) + chat units × chat output rate.', TOTAL_TOKENS comment 'input_tokens + output_tokens.', REPORTED_INPUT_TOKENS comment 'Input tokens reported by the vendor (0 when none).', REPORTED_OUTPUT_TOKENS comment 'Output tokens reported by the vendor (0 when none).', ESTIMATED_INPUT_TOKENS comment 'Input tokens estimated from activity (seed ai_token_estimates).', ESTIMATED_OUTPUT_TOKENS comment 'Output tokens estimated from activity.', TOKENS_ARE_ESTIMATED comment 'True when part of the row''s tokens comes from the per-activity constants of the seed `ai_token_estimates`
(source-apis.md §2.8) because the tool does not report tokens (Copilot IDE, Cursor, Windsurf, Claude Enterprise chat).';

-- 5. drop
drop view if exists OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics__opp_tmp;
