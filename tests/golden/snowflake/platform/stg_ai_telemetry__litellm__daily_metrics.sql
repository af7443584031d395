-- models/staging/ai_telemetry/stg_ai_telemetry__litellm__daily_metrics.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics comment = 'LiteLLM gateway usage per user per day (split pages summed per date; gateway keys listed in the seed ai_gateway_exclusions subtracted; user_id resolved to an email through /user/list). Tokens reported. Columns follow the shared schema of macros/ai_telemetry.sql.' as (
-- LiteLLM gateway (source-apis.md §2.1): per user per day. Pages that split one date are summed per date
-- (the extract already folds them; the GROUP BY keeps staging correct either way). Traffic of gateway
-- keys that belong to another tool's source (seed ai_gateway_exclusions, e.g. Claude Code routed through
-- the gateway) is subtracted so tokens are counted once. user_id → /user/list email; ids that are
-- emails resolve to themselves; keys of no user (default_user_id) are service traffic.
with activity as (
    select * from OPP_TEST.raw.litellm__user_daily_activity
    qualify row_number() over (partition by _tenant, user_id, date order by _extracted_at desc) = 1
),

users as (
    select
        user_id,
        coalesce(user_email, case when user_id like '%@%' then user_id end) as email
    from OPP_TEST.raw.litellm__users
    qualify row_number() over (partition by _tenant, user_id order by _extracted_at desc) = 1
),

key_metrics as (
    select
        k._tenant,
        k.user_id,
        k.date,
        k.element:metadata.key_alias::string as key_alias,
        cast(round(try_to_double(k.element:metrics.prompt_tokens::string)) as bigint) as prompt_tokens,
        cast(round(try_to_double(k.element:metrics.completion_tokens::string)) as bigint) as completion_tokens,
        cast(round(try_to_double(k.element:metrics.api_requests::string)) as bigint) as api_requests
    from (
        select _tenant, user_id, date, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from activity, lateral flatten(input => _raw:breakdown.api_keys, outer => false) as __opp_f
    ) as k
),

excluded as (
    select
        km._tenant,
        km.user_id,
        km.date,
        sum(km.prompt_tokens) as prompt_tokens,
        sum(km.completion_tokens) as completion_tokens,
        sum(km.api_requests) as api_requests
    from key_metrics as km
    inner join OPP_TEST.reference.ai_gateway_exclusions as x
        on x.gateway_tool = 'litellm' and x.key_alias = km.key_alias
    group by km._tenant, km.user_id, km.date
),

daily as (
    select
        _tenant,
        user_id,
        date,
        sum(prompt_tokens) as prompt_tokens,
        sum(completion_tokens) as completion_tokens,
        sum(api_requests) as api_requests
    from activity
    group by _tenant, user_id, date
)

select
    d.date as activity_date,
    sha2(lower(trim(cast(coalesce(u.email, 'litellm:' || d.user_id) as varchar))), 256) as engineer_key,
    case when u.email is null then 'service' else 'engineer' end as actor_type,
    u.email is not null as identity_resolved,
    cast(null as bigint) as sessions,
    d.api_requests - coalesce(x.api_requests, 0) as requests,
    cast(null as bigint) as lines_suggested,
    cast(null as bigint) as lines_accepted,
    d.prompt_tokens - coalesce(x.prompt_tokens, 0) as reported_input_tokens,
    d.completion_tokens - coalesce(x.completion_tokens, 0) as reported_output_tokens,
    cast(null as bigint) as completion_units,
    cast(null as bigint) as completion_bytes_accepted,
    cast(null as bigint) as completion_lines_accepted,
    cast(null as bigint) as chat_units,
    d.api_requests - coalesce(x.api_requests, 0) > 0 as is_active
from daily as d
left join users as u on u.user_id = d.user_id
left join excluded as x on x._tenant = d._tenant and x.user_id = d.user_id and x.date = d.date
);

-- 2. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.activity_date is 'UTC day of the activity.';

-- 3. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.engineer_key is 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.';

-- 4. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.actor_type is '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.';

-- 5. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.identity_resolved is 'True when engineer_key is the hashed corporate email.';

-- 6. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.sessions is 'Sessions or conversations (NULL when the tool has none).';

-- 7. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.requests is 'Prompts, chat/agent requests and accepted completions the tool counts.';

-- 8. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.lines_suggested is 'Lines of code proposed (NULL when not reported).';

-- 9. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.lines_accepted is 'Lines of code accepted / added.';

-- 10. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.reported_input_tokens is 'Input tokens the vendor reports (NULL when none).';

-- 11. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.reported_output_tokens is 'Output tokens the vendor reports (NULL when none).';

-- 12. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.completion_units is 'Inline-completion activity for token estimation (NULL when not estimated).';

-- 13. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.completion_bytes_accepted is 'Accepted completion bytes (Windsurf) for output estimation.';

-- 14. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.completion_lines_accepted is 'Accepted completion lines (Windsurf), the fallback for output estimation.';

-- 15. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.chat_units is 'Chat / agent turns for token estimation (NULL when not estimated).';

-- 16. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__litellm__daily_metrics.is_active is 'The actor used the tool that day.';
