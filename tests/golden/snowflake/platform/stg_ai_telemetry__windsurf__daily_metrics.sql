-- models/staging/ai_telemetry/stg_ai_telemetry__windsurf__daily_metrics.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics comment = 'Windsurf usage per engineer per day: autocomplete (api_key → roster email), Cascade lines and Cascade messages. No tokens: acceptances, accepted bytes/lines and messages are estimation units. Columns follow the shared schema of macros/ai_telemetry.sql.' as (
-- Windsurf Analytics (source-apis.md §2.6): autocomplete per api_key per date (→ roster email through
-- apiKey), Cascade lines and Cascade messages per email per day, combined per engineer per day.
-- No tokens: estimated downstream from acceptances (input) and accepted bytes/lines (output), and
-- from Cascade messages. An api_key missing from the roster keeps a key hashed from 'windsurf:<api_key>'.
with roster as (
    select api_key, email
    from OPP_TEST.raw.windsurf__users
    qualify row_number() over (partition by _tenant, email order by _extracted_at desc) = 1
),

autocomplete as (
    select
        a.date as activity_date,
        coalesce(r.email, 'windsurf:' || a.api_key) as identity,
        r.email is not null as identity_resolved,
        sum(a.num_acceptances) as num_acceptances,
        sum(a.num_lines_accepted) as num_lines_accepted,
        sum(a.num_bytes_accepted) as num_bytes_accepted
    from OPP_TEST.raw.windsurf__autocomplete as a
    left join roster as r on r.api_key = a.api_key
    group by a.date, coalesce(r.email, 'windsurf:' || a.api_key), r.email is not null
),

cascade_lines as (
    select day as activity_date, email as identity, sum(lines_suggested) as lines_suggested, sum(lines_accepted) as lines_accepted
    from OPP_TEST.raw.windsurf__cascade_lines
    group by day, email
),

cascade_runs as (
    select day as activity_date, email as identity, sum(messages_sent) as messages_sent
    from OPP_TEST.raw.windsurf__cascade_runs
    group by day, email
),

combined as (
    select activity_date, identity, identity_resolved, num_acceptances, num_lines_accepted, num_bytes_accepted,
           cast(null as bigint) as cascade_lines_suggested, cast(null as bigint) as cascade_lines_accepted, cast(null as bigint) as messages_sent
    from autocomplete
    union all
    select activity_date, identity, true, null, null, null, lines_suggested, lines_accepted, null
    from cascade_lines
    union all
    select activity_date, identity, true, null, null, null, null, null, messages_sent
    from cascade_runs
),

daily as (
    select
        activity_date,
        identity,
        max(case when identity_resolved then 1 else 0 end) = 1 as identity_resolved,
        sum(num_acceptances) as num_acceptances,
        sum(num_lines_accepted) as num_lines_accepted,
        sum(num_bytes_accepted) as num_bytes_accepted,
        sum(cascade_lines_suggested) as cascade_lines_suggested,
        sum(cascade_lines_accepted) as cascade_lines_accepted,
        sum(messages_sent) as messages_sent
    from combined
    group by activity_date, identity
)

select
    activity_date,
    sha2(lower(trim(cast(identity as varchar))), 256) as engineer_key,
    'engineer' as actor_type,
    identity_resolved,
    cast(null as bigint) as sessions,
    coalesce(num_acceptances, 0) + coalesce(messages_sent, 0) as requests,
    cascade_lines_suggested as lines_suggested,
    coalesce(num_lines_accepted, 0) + coalesce(cascade_lines_accepted, 0) as lines_accepted,
    cast(null as bigint) as reported_input_tokens,
    cast(null as bigint) as reported_output_tokens,
    coalesce(num_acceptances, 0) as completion_units,
    num_bytes_accepted as completion_bytes_accepted,
    num_lines_accepted as completion_lines_accepted,
    coalesce(messages_sent, 0) as chat_units,
    coalesce(num_acceptances, 0) + coalesce(messages_sent, 0) + coalesce(cascade_lines_accepted, 0) > 0 as is_active
from daily
);

-- 2. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.activity_date is 'UTC day of the activity.';

-- 3. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.engineer_key is 'SHA-256 (hex) of the engineer''s lower-cased, trimmed corporate email (salted with `OPP_PII_SALT` when set), made by
`hash_pii` in staging: the cross-tool join key. Raw emails never leave staging. When a tool''s identity cannot be
resolved to an email (a Copilot login missing from the directory, an unknown Windsurf key), the hash of
`<tool>:<native id>` instead, with `identity_resolved = false`.';

-- 4. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.actor_type is '`engineer` for a person, `service` for API keys, service accounts and gateway traffic of no user.';

-- 5. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.identity_resolved is 'True when engineer_key is the hashed corporate email.';

-- 6. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.sessions is 'Sessions or conversations (NULL when the tool has none).';

-- 7. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.requests is 'Prompts, chat/agent requests and accepted completions the tool counts.';

-- 8. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.lines_suggested is 'Lines of code proposed (NULL when not reported).';

-- 9. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.lines_accepted is 'Lines of code accepted / added.';

-- 10. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.reported_input_tokens is 'Input tokens the vendor reports (NULL when none).';

-- 11. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.reported_output_tokens is 'Output tokens the vendor reports (NULL when none).';

-- 12. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.completion_units is 'Inline-completion activity for token estimation (NULL when not estimated).';

-- 13. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.completion_bytes_accepted is 'Accepted completion bytes (Windsurf) for output estimation.';

-- 14. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.completion_lines_accepted is 'Accepted completion lines (Windsurf), the fallback for output estimation.';

-- 15. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.chat_units is 'Chat / agent turns for token estimation (NULL when not estimated).';

-- 16. comment
comment on column OPP_TEST.staging.stg_ai_telemetry__windsurf__daily_metrics.is_active is 'The actor used the tool that day.';
