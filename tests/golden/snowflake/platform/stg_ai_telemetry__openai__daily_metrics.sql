-- models/staging/ai_telemetry/stg_ai_telemetry__openai__daily_metrics.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics comment = 'OpenAI API usage per user per day (buckets per model summed; user_id resolved through the users list; rows without a user are service traffic). Tokens reported. Columns follow the shared schema of macros/ai_telemetry.sql.' as (
-- OpenAI organization usage (source-apis.md §2.3): daily buckets per user and model, summed per user per
-- day. user_id → the users list's email; rows without a user (service-account keys) and service
-- accounts are service traffic. input_tokens includes cached input.
with usage as (
    select * from OPP_TEST.raw.openai__usage_completions
),

users as (
    select id, email, is_service_account
    from OPP_TEST.raw.openai__users
    qualify row_number() over (partition by _tenant, id order by _extracted_at desc) = 1
),

daily as (
    select
        bucket_date,
        user_id,
        sum(input_tokens) as input_tokens,
        sum(output_tokens) as output_tokens,
        sum(num_model_requests) as num_model_requests
    from usage
    group by bucket_date, user_id
)

select
    d.bucket_date as activity_date,
    sha2(lower(trim(cast(coalesce(u.email, 'openai:' || coalesce(d.user_id, 'service')) as varchar))), 256) as engineer_key,
    case when u.email is null or coalesce(u.is_service_account, false) then 'service' else 'engineer' end as actor_type,
    u.email is not null as identity_resolved,
    cast(null as bigint) as sessions,
    d.num_model_requests as requests,
    cast(null as bigint) as lines_suggested,
    cast(null as bigint) as lines_accepted,
    d.input_tokens as reported_input_tokens,
    d.output_tokens as reported_output_tokens,
    cast(null as bigint) as completion_units,
    cast(null as bigint) as completion_bytes_accepted,
    cast(null as bigint) as completion_lines_accepted,
    cast(null as bigint) as chat_units,
    d.num_model_requests > 0 as is_active
from daily as d
left join users as u on u.id = d.user_id
);

-- 2. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.activity_date is 'UTC day of the activity.';

-- 3. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.engineer_key is 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.';

-- 4. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.actor_type is '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.';

-- 5. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.identity_resolved is 'True when engineer_key is the hashed corporate email.';

-- 6. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.sessions is 'Sessions or conversations (NULL when the tool has none).';

-- 7. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.requests is 'Prompts, chat/agent requests and accepted completions the tool counts.';

-- 8. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.lines_suggested is 'Lines of code proposed (NULL when not reported).';

-- 9. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.lines_accepted is 'Lines of code accepted / added.';

-- 10. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.reported_input_tokens is 'Input tokens the vendor reports (NULL when none).';

-- 11. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.reported_output_tokens is 'Output tokens the vendor reports (NULL when none).';

-- 12. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.completion_units is 'Inline-completion activity for token estimation (NULL when not estimated).';

-- 13. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.completion_bytes_accepted is 'Accepted completion bytes (Windsurf) for output estimation.';

-- 14. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.completion_lines_accepted is 'Accepted completion lines (Windsurf), the fallback for output estimation.';

-- 15. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.chat_units is 'Chat / agent turns for token estimation (NULL when not estimated).';

-- 16. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__openai__daily_metrics.is_active is 'The actor used the tool that day.';
