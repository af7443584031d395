-- Cursor Admin API daily usage (source-apis.md §2.5): one row per member per day (inactive days included,
-- with is_active = false). No tokens in the daily data: estimated downstream from tabs shown
-- (completion_units) and chat + composer + agent + cmd-K requests (chat_units).
with usage as (
    select * from {{ source('cursor', 'daily_usage') }}
    qualify row_number() over (partition by _tenant, date, email order by _extracted_at desc) = 1
)

select
    date as activity_date,
    {{ hash_pii('email') }} as engineer_key,
    'engineer' as actor_type,
    email like '%@%' as identity_resolved,
    {{ null_bigint() }} as sessions,
    coalesce(chat_requests, 0) + coalesce(composer_requests, 0) + coalesce(agent_requests, 0) + coalesce(cmdk_usages, 0) as requests,
    total_lines_added as lines_suggested,
    accepted_lines_added as lines_accepted,
    {{ null_bigint() }} as reported_input_tokens,
    {{ null_bigint() }} as reported_output_tokens,
    coalesce(total_tabs_shown, 0) as completion_units,
    {{ null_bigint() }} as completion_bytes_accepted,
    {{ null_bigint() }} as completion_lines_accepted,
    coalesce(chat_requests, 0) + coalesce(composer_requests, 0) + coalesce(agent_requests, 0) + coalesce(cmdk_usages, 0) as chat_units,
    coalesce(is_active, false) as is_active
from usage
