-- OpenAI organization usage (source-apis.md §2.3): daily buckets per user and model, summed per user per
-- day. user_id → the users list's email; rows without a user (service-account keys) and service
-- accounts are service traffic. input_tokens includes cached input.
with usage as (
    select * from {{ source('openai', 'usage_completions') }}
),

users as (
    select id, email, is_service_account
    from {{ source('openai', 'users') }}
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
    {{ hash_pii("coalesce(u.email, 'openai:' || coalesce(d.user_id, 'service'))") }} as engineer_key,
    case when u.email is null or coalesce(u.is_service_account, false) then 'service' else 'engineer' end as actor_type,
    u.email is not null as identity_resolved,
    {{ null_bigint() }} as sessions,
    d.num_model_requests as requests,
    {{ null_bigint() }} as lines_suggested,
    {{ null_bigint() }} as lines_accepted,
    d.input_tokens as reported_input_tokens,
    d.output_tokens as reported_output_tokens,
    {{ null_bigint() }} as completion_units,
    {{ null_bigint() }} as completion_bytes_accepted,
    {{ null_bigint() }} as completion_lines_accepted,
    {{ null_bigint() }} as chat_units,
    d.num_model_requests > 0 as is_active
from daily as d
left join users as u on u.id = d.user_id
