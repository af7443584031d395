-- models/staging/ai_telemetry/stg_ai_telemetry__claude_code__daily_metrics.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics comment = 'Claude Code usage per actor per day (records of one actor and day summed). Tokens reported per model (input includes cache reads and creation); API actors are service traffic. Columns follow the shared schema of macros/ai_telemetry.sql.' as (
-- Claude Code Analytics (source-apis.md §2.2): one row per actor per day — records of one actor and day
-- (e.g. different terminal types) are summed. Tokens are reported per model in model_breakdown;
-- input tokens include cache reads and cache creation (the prompt-side total, as OpenAI's input_tokens).
-- API actors (api_key_name) are service traffic.
with source as (
    select * from OPP_TEST.raw.claude_code__usage_report
    qualify row_number() over (partition by _tenant, date, actor_type, actor_id order by _extracted_at desc) = 1
),

tokens as (
    select
        mb._tenant,
        mb.date,
        mb.actor_type,
        mb.actor_id,
        sum(
            coalesce(cast(round(try_to_double(mb.element:tokens.input::string)) as bigint), 0)
            + coalesce(cast(round(try_to_double(mb.element:tokens.cache_read::string)) as bigint), 0)
            + coalesce(cast(round(try_to_double(mb.element:tokens.cache_creation::string)) as bigint), 0)
        ) as input_tokens,
        sum(coalesce(cast(round(try_to_double(mb.element:tokens.output::string)) as bigint), 0)) as output_tokens
    from (
        select _tenant, date, actor_type, actor_id, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from source, lateral flatten(input => _raw:model_breakdown, outer => false) as __opp_f
    ) as mb
    group by mb._tenant, mb.date, mb.actor_type, mb.actor_id
),

daily as (
    select
        _tenant,
        date,
        actor_type,
        actor_id,
        max(actor_email) as actor_email,
        max(actor_api_key_name) as actor_api_key_name,
        sum(num_sessions) as num_sessions,
        sum(lines_added) as lines_added
    from source
    group by _tenant, date, actor_type, actor_id
)

select
    d.date as activity_date,
    sha2(lower(trim(cast(case when d.actor_type = 'user_actor' then coalesce(d.actor_email, d.actor_id) else 'claude_code_api_key:' || d.actor_id end as varchar))), 256) as engineer_key,
    case when d.actor_type = 'user_actor' then 'engineer' else 'service' end as actor_type,
    d.actor_type = 'user_actor' and coalesce(d.actor_email, d.actor_id) like '%@%' as identity_resolved,
    d.num_sessions as sessions,
    cast(null as bigint) as requests,
    cast(null as bigint) as lines_suggested,
    d.lines_added as lines_accepted,
    coalesce(t.input_tokens, 0) as reported_input_tokens,
    coalesce(t.output_tokens, 0) as reported_output_tokens,
    cast(null as bigint) as completion_units,
    cast(null as bigint) as completion_bytes_accepted,
    cast(null as bigint) as completion_lines_accepted,
    cast(null as bigint) as chat_units,
    coalesce(d.num_sessions, 0) > 0 or coalesce(t.input_tokens, 0) > 0 as is_active
from daily as d
left join tokens as t
    on t._tenant = d._tenant and t.date = d.date and t.actor_type = d.actor_type and t.actor_id = d.actor_id
);

-- 2. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.activity_date is 'UTC day of the activity.';

-- 3. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.engineer_key is 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.';

-- 4. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.actor_type is '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.';

-- 5. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.identity_resolved is 'True when engineer_key is the hashed corporate email.';

-- 6. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.sessions is 'Sessions or conversations (NULL when the tool has none).';

-- 7. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.requests is 'Prompts, chat/agent requests and accepted completions the tool counts.';

-- 8. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.lines_suggested is 'Lines of code proposed (NULL when not reported).';

-- 9. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.lines_accepted is 'Lines of code accepted / added.';

-- 10. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.reported_input_tokens is 'Input tokens the vendor reports (NULL when none).';

-- 11. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.reported_output_tokens is 'Output tokens the vendor reports (NULL when none).';

-- 12. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.completion_units is 'Inline-completion activity for token estimation (NULL when not estimated).';

-- 13. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.completion_bytes_accepted is 'Accepted completion bytes (Windsurf) for output estimation.';

-- 14. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.completion_lines_accepted is 'Accepted completion lines (Windsurf), the fallback for output estimation.';

-- 15. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.chat_units is 'Chat / agent turns for token estimation (NULL when not estimated).';

-- 16. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_code__daily_metrics.is_active is 'The actor used the tool that day.';
