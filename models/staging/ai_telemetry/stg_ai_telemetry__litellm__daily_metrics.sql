-- LiteLLM gateway (source-apis.md §2.1): per user per day. Pages that split one date are summed per date
-- (the extract already folds them; the GROUP BY keeps staging correct either way). Traffic of gateway
-- keys that belong to another tool's source (seed ai_gateway_exclusions, e.g. Claude Code routed through
-- the gateway) is subtracted so tokens are counted once. user_id → /user/list email; ids that are
-- emails resolve to themselves; keys of no user (default_user_id) are service traffic.
with activity as (
    select * from {{ source('litellm', 'user_daily_activity') }}
    qualify row_number() over (partition by _tenant, user_id, date order by _extracted_at desc) = 1
),

users as (
    select
        user_id,
        coalesce(user_email, case when user_id like '%@%' then user_id end) as email
    from {{ source('litellm', 'users') }}
    qualify row_number() over (partition by _tenant, user_id order by _extracted_at desc) = 1
),

key_metrics as (
    select
        k._tenant,
        k.user_id,
        k.date,
        {{ json_str('k.element', 'metadata.key_alias') }} as key_alias,
        {{ json_int('k.element', 'metrics.prompt_tokens') }} as prompt_tokens,
        {{ json_int('k.element', 'metrics.completion_tokens') }} as completion_tokens,
        {{ json_int('k.element', 'metrics.api_requests') }} as api_requests
    from {{ json_explode('activity', '_tenant, user_id, date', '_raw', 'breakdown.api_keys', kind='object') }} as k
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
    inner join {{ ref('ai_gateway_exclusions') }} as x
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
    {{ hash_pii("coalesce(u.email, 'litellm:' || d.user_id)") }} as engineer_key,
    case when u.email is null then 'service' else 'engineer' end as actor_type,
    u.email is not null as identity_resolved,
    {{ null_bigint() }} as sessions,
    d.api_requests - coalesce(x.api_requests, 0) as requests,
    {{ null_bigint() }} as lines_suggested,
    {{ null_bigint() }} as lines_accepted,
    d.prompt_tokens - coalesce(x.prompt_tokens, 0) as reported_input_tokens,
    d.completion_tokens - coalesce(x.completion_tokens, 0) as reported_output_tokens,
    {{ null_bigint() }} as completion_units,
    {{ null_bigint() }} as completion_bytes_accepted,
    {{ null_bigint() }} as completion_lines_accepted,
    {{ null_bigint() }} as chat_units,
    d.api_requests - coalesce(x.api_requests, 0) > 0 as is_active
from daily as d
left join users as u on u.user_id = d.user_id
left join excluded as x on x._tenant = d._tenant and x.user_id = d.user_id and x.date = d.date
