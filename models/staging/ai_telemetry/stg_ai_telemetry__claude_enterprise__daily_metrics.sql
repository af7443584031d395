-- Claude Enterprise Analytics, claude.ai chat (source-apis.md §2.7): one row per user per day. The
-- record's claude_code_metrics are ignored on purpose — Claude Code usage comes from its own source
-- (§2.2), and counting both would double it. No tokens: estimated downstream per message (chat_units).
with activity as (
    select * from {{ source('claude_enterprise', 'user_activity') }}
    qualify row_number() over (partition by _tenant, date, user_id order by _extracted_at desc) = 1
)

select
    date as activity_date,
    {{ hash_pii("coalesce(user_email, 'claude_enterprise:' || user_id)") }} as engineer_key,
    'engineer' as actor_type,
    user_email is not null as identity_resolved,
    distinct_conversation_count as sessions,
    message_count as requests,
    {{ null_bigint() }} as lines_suggested,
    {{ null_bigint() }} as lines_accepted,
    {{ null_bigint() }} as reported_input_tokens,
    {{ null_bigint() }} as reported_output_tokens,
    {{ null_bigint() }} as completion_units,
    {{ null_bigint() }} as completion_bytes_accepted,
    {{ null_bigint() }} as completion_lines_accepted,
    coalesce(message_count, 0) as chat_units,
    coalesce(message_count, 0) > 0 or coalesce(distinct_conversation_count, 0) > 0 as is_active
from activity
