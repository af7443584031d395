-- models/marts/fct_ai_telemetry__weekly_eng_ai_tokens.sql (incremental) on Snowflake

-- first build
-- 1. use
use warehouse ETL_MEDIUM;

-- 2. create
create transient table OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens comment = 'Weekly AI token use per engineer and tool (service traffic excluded), with the P50 / P75 / P95 of weekly tokens across the engineers using that tool that week. Incremental by whole weeks (delete+insert on week_start) from the Monday before the daily fact''s lookback.' as (

-- Weekly AI token use per engineer and tool (weeks start on Monday), with the P50 / P75 / P95 of
-- weekly tokens across the engineers who used that tool that week, and where this engineer sits.
-- Service traffic (API keys, service accounts) is left out: this is about people.
--
-- Incremental by whole weeks (delete+insert on week_start): a run recomputes every week that can hold
-- a day the daily fact re-merged (its lookback_days before the newest day), from that week's Monday,
-- so each week's percentiles are always over all of its engineers.
with weekly as (
    select
        cast(date_trunc('week', cast(activity_date as date)) as date) as week_start,
        engineer_key,
        tool,
        max(business_unit) as business_unit,
        count(*) as active_days,
        sum(coalesce(requests, 0)) as requests,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        sum(total_tokens) as total_tokens,
        max(case when tokens_are_estimated then 1 else 0 end) = 1 as tokens_are_estimated
    from OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics
    where actor_type = 'engineer'
    group by 1, 2, 3
),

percentiles as (
    select
        week_start,
        tool,
        count(*) as active_engineers,
        percentile_cont(0.5) within group (order by total_tokens) as p50_total_tokens,
        percentile_cont(0.75) within group (order by total_tokens) as p75_total_tokens,
        percentile_cont(0.95) within group (order by total_tokens) as p95_total_tokens
    from weekly
    group by week_start, tool
)

select
    md5(concat_ws('||', coalesce(cast(w.week_start as varchar), '^^'), coalesce(cast(w.engineer_key as varchar), '^^'), coalesce(cast(w.tool as varchar), '^^'))) as weekly_token_key,
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
);

-- 3. comment
alter table OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens alter weekly_token_key comment 'MD5 of week_start, engineer_key and tool.', week_start comment 'Monday of the ISO week (UTC).', engineer_key comment 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.', tool comment 'The AI developer tool: `litellm` (gateway for Claude/GPT/Gemini), `claude_code`, `openai`, `copilot`, `cursor`,
`windsurf`, `claude_enterprise` (claude.ai chat).', business_unit comment 'Business unit from the engineer directory.', active_days comment 'Days in the week the engineer used the tool.', requests comment 'Requests in the week.', input_tokens comment 'Input tokens in the week.', output_tokens comment 'Output tokens in the week.', total_tokens comment 'Total tokens in the week.', tokens_are_estimated comment 'True when part of the row''s tokens comes from the per-activity constants of the seed `ai_token_estimates`
(source-apis.md §2.8) because the tool does not report tokens (Copilot IDE, Cursor, Windsurf, Claude Enterprise chat).', active_engineers comment 'Engineers who used the tool that week.', p50_total_tokens comment 'Median weekly total_tokens across the engineers who used the tool that week.', p75_total_tokens comment '75th percentile of weekly total_tokens across those engineers.', p95_total_tokens comment '95th percentile of weekly total_tokens across those engineers.', usage_band comment 'Where this engineer sits: below p50, p50-p75, p75-p95, p95+.';

-- 4. use
use warehouse ETL_SMALL;

-- incremental run (is_incremental(), newest loaded value 2024-06-30 00:00:00; + 2 describe queries for the columns)
-- 1. stage
create or replace temporary table OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens__opp_tmp as (

-- Weekly AI token use per engineer and tool (weeks start on Monday), with the P50 / P75 / P95 of
-- weekly tokens across the engineers who used that tool that week, and where this engineer sits.
-- Service traffic (API keys, service accounts) is left out: this is about people.
--
-- Incremental by whole weeks (delete+insert on week_start): a run recomputes every week that can hold
-- a day the daily fact re-merged (its lookback_days before the newest day), from that week's Monday,
-- so each week's percentiles are always over all of its engineers.
with weekly as (
    select
        cast(date_trunc('week', cast(activity_date as date)) as date) as week_start,
        engineer_key,
        tool,
        max(business_unit) as business_unit,
        count(*) as active_days,
        sum(coalesce(requests, 0)) as requests,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        sum(total_tokens) as total_tokens,
        max(case when tokens_are_estimated then 1 else 0 end) = 1 as tokens_are_estimated
    from OPP_TEST.marts.fct_ai_telemetry__tool_daily_metrics
    where actor_type = 'engineer'
      and activity_date >= cast(dateadd(day, -7, cast('2024-06-30 00:00:00' as date)) as date)
    group by 1, 2, 3
),

percentiles as (
    select
        week_start,
        tool,
        count(*) as active_engineers,
        percentile_cont(0.5) within group (order by total_tokens) as p50_total_tokens,
        percentile_cont(0.75) within group (order by total_tokens) as p75_total_tokens,
        percentile_cont(0.95) within group (order by total_tokens) as p95_total_tokens
    from weekly
    group by week_start, tool
)

select
    md5(concat_ws('||', coalesce(cast(w.week_start as varchar), '^^'), coalesce(cast(w.engineer_key as varchar), '^^'), coalesce(cast(w.tool as varchar), '^^'))) as weekly_token_key,
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
);

-- 2. begin
begin;

-- 3. delete
delete from OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens as DBT_INTERNAL_DEST
where (WEEK_START) in (
    select distinct WEEK_START
    from OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens__opp_tmp as DBT_INTERNAL_SOURCE
);

-- 4. insert
insert into OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens (WEEKLY_TOKEN_KEY, WEEK_START, ENGINEER_KEY, TOOL, BUSINESS_UNIT, ACTIVE_DAYS, REQUESTS, INPUT_TOKENS, OUTPUT_TOKENS, TOTAL_TOKENS, TOKENS_ARE_ESTIMATED, ACTIVE_ENGINEERS, P50_TOTAL_TOKENS, P75_TOTAL_TOKENS, P95_TOTAL_TOKENS, USAGE_BAND)
select WEEKLY_TOKEN_KEY, WEEK_START, ENGINEER_KEY, TOOL, BUSINESS_UNIT, ACTIVE_DAYS, REQUESTS, INPUT_TOKENS, OUTPUT_TOKENS, TOTAL_TOKENS, TOKENS_ARE_ESTIMATED, ACTIVE_ENGINEERS, P50_TOTAL_TOKENS, P75_TOTAL_TOKENS, P95_TOTAL_TOKENS, USAGE_BAND
from OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens__opp_tmp;

-- 5. commit
commit;

-- 6. comment
comment on table OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens is 'Weekly AI token use per engineer and tool (service traffic excluded), with the P50 / P75 / P95 of weekly tokens across the engineers using that tool that week. Incremental by whole weeks (delete+insert on week_start) from the Monday before the daily fact''s lookback.';

-- 7. comment
alter table OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens alter WEEKLY_TOKEN_KEY comment 'MD5 of week_start, engineer_key and tool.', WEEK_START comment 'Monday of the ISO week (UTC).', ENGINEER_KEY comment 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.', TOOL comment 'The AI developer tool: `litellm` (gateway for Claude/GPT/Gemini), `claude_code`, `openai`, `copilot`, `cursor`,
`windsurf`, `claude_enterprise` (claude.ai chat).', BUSINESS_UNIT comment 'Business unit from the engineer directory.', ACTIVE_DAYS comment 'Days in the week the engineer used the tool.', REQUESTS comment 'Requests in the week.', INPUT_TOKENS comment 'Input tokens in the week.', OUTPUT_TOKENS comment 'Output tokens in the week.', TOTAL_TOKENS comment 'Total tokens in the week.', TOKENS_ARE_ESTIMATED comment 'True when part of the row''s tokens comes from the per-activity constants of the seed `ai_token_estimates`
(source-apis.md §2.8) because the tool does not report tokens (Copilot IDE, Cursor, Windsurf, Claude Enterprise chat).', ACTIVE_ENGINEERS comment 'Engineers who used the tool that week.', P50_TOTAL_TOKENS comment 'Median weekly total_tokens across the engineers who used the tool that week.', P75_TOTAL_TOKENS comment '75th percentile of weekly total_tokens across those engineers.', P95_TOTAL_TOKENS comment '95th percentile of weekly total_tokens across those engineers.', USAGE_BAND comment 'Where this engineer sits: below p50, p50-p75, p75-p95, p95+.';

-- 8. drop
drop table if exists OPP_TEST.marts.fct_ai_telemetry__weekly_eng_ai_tokens__opp_tmp cascade;
