-- GitHub Copilot usage metrics (source-apis.md §2.4): one row per user per day. The report carries a
-- login but no email: the login is mapped to the corporate email through the seed engineer_directory
-- (an SSO/HR export); a login the directory lacks keeps a key hashed from 'github:<login>'.
-- Tokens are reported only for CLI use (totals_by_cli.token_usage); IDE completions and chat are
-- estimated downstream from completion_units (code_completion generations) and chat_units
-- (user-initiated chat/agent interactions).
with metrics as (
    select * from {{ source('github_copilot', 'user_metrics') }}
    qualify row_number() over (partition by _tenant, day, user_id order by _extracted_at desc) = 1
),

-- totals_by_cli read out of the record once: the four CLI figures below parse the small object, not the
-- whole record again (records carry per-IDE, language and model breakdowns)
with_cli as (
    select m.*, {{ json_sub('m._raw', 'totals_by_cli') }} as cli
    from metrics as m
),

completions as (
    select
        f._tenant,
        f.day,
        f.user_id,
        sum({{ json_int('f.element', 'code_generation_activity_count') }}) as completion_activities
    from {{ json_explode('metrics', '_tenant, day, user_id', '_raw', 'totals_by_feature') }} as f
    where {{ json_str('f.element', 'feature') }} = 'code_completion'
    group by f._tenant, f.day, f.user_id
),

directory as (
    select lower(trim(github_login)) as github_login, email
    from {{ ref('engineer_directory') }}
)

select
    m.day as activity_date,
    {{ hash_pii("coalesce(dir.email, 'github:' || lower(m.user_login))") }} as engineer_key,
    'engineer' as actor_type,
    dir.email is not null as identity_resolved,
    {{ json_int('m.cli', 'session_count') }} as sessions,
    coalesce(m.user_initiated_interaction_count, 0) + coalesce({{ json_int('m.cli', 'request_count') }}, 0) as requests,
    m.loc_suggested_to_add_sum as lines_suggested,
    m.loc_added_sum as lines_accepted,
    {{ json_int('m.cli', 'token_usage.prompt_tokens_sum') }} as reported_input_tokens,
    {{ json_int('m.cli', 'token_usage.output_tokens_sum') }} as reported_output_tokens,
    coalesce(c.completion_activities, 0) as completion_units,
    {{ null_bigint() }} as completion_bytes_accepted,
    {{ null_bigint() }} as completion_lines_accepted,
    coalesce(m.user_initiated_interaction_count, 0) as chat_units,
    true as is_active
from with_cli as m
left join completions as c on c._tenant = m._tenant and c.day = m.day and c.user_id = m.user_id
left join directory as dir on dir.github_login = lower(m.user_login)
