-- models/staging/ai_telemetry/stg_ai_telemetry__copilot__daily_metrics.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics comment = 'GitHub Copilot usage per user per day; logins resolved to emails through the seed engineer_directory. Tokens reported only for the CLI; IDE completions and chat are estimation units. Columns follow the shared schema of macros/ai_telemetry.sql.' as (
-- GitHub Copilot usage metrics (source-apis.md §2.4): one row per user per day. The report carries a
-- login but no email: the login is mapped to the corporate email through the seed engineer_directory
-- (an SSO/HR export); a login the directory lacks keeps a key hashed from 'github:<login>'.
-- Tokens are reported only for CLI use (totals_by_cli.token_usage); IDE completions and chat are
-- estimated downstream from completion_units (code_completion generations) and chat_units
-- (user-initiated chat/agent interactions).
with metrics as (
    select * from OPP_TEST.raw.github_copilot__user_metrics
    qualify row_number() over (partition by _tenant, day, user_id order by _extracted_at desc) = 1
),

-- totals_by_cli read out of the record once: the four CLI figures below parse the small object, not the
-- whole record again (records carry per-IDE, language and model breakdowns)
with_cli as (
    select m.*, m._raw:totals_by_cli as cli
    from metrics as m
),

completions as (
    select
        f._tenant,
        f.day,
        f.user_id,
        sum(cast(round(try_to_double(f.element:code_generation_activity_count::string)) as bigint)) as completion_activities
    from (
        select _tenant, day, user_id, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from metrics, lateral flatten(input => _raw:totals_by_feature, outer => false) as __opp_f
    ) as f
    where f.element:feature::string = 'code_completion'
    group by f._tenant, f.day, f.user_id
),

directory as (
    select lower(trim(github_login)) as github_login, email
    from OPP_TEST.reference.engineer_directory
)

select
    m.day as activity_date,
    sha2(lower(trim(cast(coalesce(dir.email, 'github:' || lower(m.user_login)) as varchar))), 256) as engineer_key,
    'engineer' as actor_type,
    dir.email is not null as identity_resolved,
    cast(round(try_to_double(m.cli:session_count::string)) as bigint) as sessions,
    coalesce(m.user_initiated_interaction_count, 0) + coalesce(cast(round(try_to_double(m.cli:request_count::string)) as bigint), 0) as requests,
    m.loc_suggested_to_add_sum as lines_suggested,
    m.loc_added_sum as lines_accepted,
    cast(round(try_to_double(m.cli:token_usage.prompt_tokens_sum::string)) as bigint) as reported_input_tokens,
    cast(round(try_to_double(m.cli:token_usage.output_tokens_sum::string)) as bigint) as reported_output_tokens,
    coalesce(c.completion_activities, 0) as completion_units,
    cast(null as bigint) as completion_bytes_accepted,
    cast(null as bigint) as completion_lines_accepted,
    coalesce(m.user_initiated_interaction_count, 0) as chat_units,
    true as is_active
from with_cli as m
left join completions as c on c._tenant = m._tenant and c.day = m.day and c.user_id = m.user_id
left join directory as dir on dir.github_login = lower(m.user_login)
);

-- 2. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.activity_date is 'UTC day of the activity.';

-- 3. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.engineer_key is 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.';

-- 4. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.actor_type is '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.';

-- 5. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.identity_resolved is 'True when engineer_key is the hashed corporate email.';

-- 6. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.sessions is 'Sessions or conversations (NULL when the tool has none).';

-- 7. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.requests is 'Prompts, chat/agent requests and accepted completions the tool counts.';

-- 8. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.lines_suggested is 'Lines of code proposed (NULL when not reported).';

-- 9. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.lines_accepted is 'Lines of code accepted / added.';

-- 10. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.reported_input_tokens is 'Input tokens the vendor reports (NULL when none).';

-- 11. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.reported_output_tokens is 'Output tokens the vendor reports (NULL when none).';

-- 12. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.completion_units is 'Inline-completion activity for token estimation (NULL when not estimated).';

-- 13. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.completion_bytes_accepted is 'Accepted completion bytes (Windsurf) for output estimation.';

-- 14. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.completion_lines_accepted is 'Accepted completion lines (Windsurf), the fallback for output estimation.';

-- 15. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.chat_units is 'Chat / agent turns for token estimation (NULL when not estimated).';

-- 16. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__copilot__daily_metrics.is_active is 'The actor used the tool that day.';
