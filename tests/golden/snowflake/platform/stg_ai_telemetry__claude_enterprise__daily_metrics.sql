-- models/staging/ai_telemetry/stg_ai_telemetry__claude_enterprise__daily_metrics.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics comment = 'Claude Enterprise (claude.ai chat) usage per user per day; claude_code_metrics ignored to avoid double counting Claude Code. No tokens: messages are estimation units. Columns follow the shared schema of macros/ai_telemetry.sql.' as (
-- Claude Enterprise Analytics, claude.ai chat (source-apis.md §2.7): one row per user per day. The
-- record's claude_code_metrics are ignored on purpose — Claude Code usage comes from its own source
-- (§2.2), and counting both would double it. No tokens: estimated downstream per message (chat_units).
with activity as (
    select * from OPP_TEST.raw.claude_enterprise__user_activity
    qualify row_number() over (partition by _tenant, date, user_id order by _extracted_at desc) = 1
)

select
    date as activity_date,
    sha2(lower(trim(cast(coalesce(user_email, 'claude_enterprise:' || user_id) as varchar))), 256) as engineer_key,
    'engineer' as actor_type,
    user_email is not null as identity_resolved,
    distinct_conversation_count as sessions,
    message_count as requests,
    cast(null as bigint) as lines_suggested,
    cast(null as bigint) as lines_accepted,
    cast(null as bigint) as reported_input_tokens,
    cast(null as bigint) as reported_output_tokens,
    cast(null as bigint) as completion_units,
    cast(null as bigint) as completion_bytes_accepted,
    cast(null as bigint) as completion_lines_accepted,
    coalesce(message_count, 0) as chat_units,
    coalesce(message_count, 0) > 0 or coalesce(distinct_conversation_count, 0) > 0 as is_active
from activity
);

-- 2. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.activity_date is 'UTC day of the activity.';

-- 3. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.engineer_key is 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.';

-- 4. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.actor_type is '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.';

-- 5. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.identity_resolved is 'True when engineer_key is the hashed corporate email.';

-- 6. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.sessions is 'Sessions or conversations (NULL when the tool has none).';

-- 7. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.requests is 'Prompts, chat/agent requests and accepted completions the tool counts.';

-- 8. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.lines_suggested is 'Lines of code proposed (NULL when not reported).';

-- 9. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.lines_accepted is 'Lines of code accepted / added.';

-- 10. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.reported_input_tokens is 'Input tokens the vendor reports (NULL when none).';

-- 11. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.reported_output_tokens is 'Output tokens the vendor reports (NULL when none).';

-- 12. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.completion_units is 'Inline-completion activity for token estimation (NULL when not estimated).';

-- 13. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.completion_bytes_accepted is 'Accepted completion bytes (Windsurf) for output estimation.';

-- 14. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.completion_lines_accepted is 'Accepted completion lines (Windsurf), the fallback for output estimation.';

-- 15. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.chat_units is 'Chat / agent turns for token estimation (NULL when not estimated).';

-- 16. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__claude_enterprise__daily_metrics.is_active is 'The actor used the tool that day.';
