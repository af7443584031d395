-- Claude Code Analytics (source-apis.md §2.2): one row per actor per day — records of one actor and day
-- (e.g. different terminal types) are summed. Tokens are reported per model in model_breakdown;
-- input tokens include cache reads and cache creation (the prompt-side total, as OpenAI's input_tokens).
-- API actors (api_key_name) are service traffic.
with source as (
    select * from {{ source('claude_code', 'usage_report') }}
    qualify row_number() over (partition by _tenant, date, actor_type, actor_id order by _extracted_at desc) = 1
),

tokens as (
    select
        mb._tenant,
        mb.date,
        mb.actor_type,
        mb.actor_id,
        sum(
            coalesce({{ json_int('mb.element', 'tokens.input') }}, 0)
            + coalesce({{ json_int('mb.element', 'tokens.cache_read') }}, 0)
            + coalesce({{ json_int('mb.element', 'tokens.cache_creation') }}, 0)
        ) as input_tokens,
        sum(coalesce({{ json_int('mb.element', 'tokens.output') }}, 0)) as output_tokens
    from {{ json_explode('source', '_tenant, date, actor_type, actor_id', '_raw', 'model_breakdown') }} as mb
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
    {{ hash_pii("case when d.actor_type = 'user_actor' then coalesce(d.actor_email, d.actor_id) else 'claude_code_api_key:' || d.actor_id end") }} as engineer_key,
    case when d.actor_type = 'user_actor' then 'engineer' else 'service' end as actor_type,
    d.actor_type = 'user_actor' and coalesce(d.actor_email, d.actor_id) like '%@%' as identity_resolved,
    d.num_sessions as sessions,
    {{ null_bigint() }} as requests,
    {{ null_bigint() }} as lines_suggested,
    d.lines_added as lines_accepted,
    coalesce(t.input_tokens, 0) as reported_input_tokens,
    coalesce(t.output_tokens, 0) as reported_output_tokens,
    {{ null_bigint() }} as completion_units,
    {{ null_bigint() }} as completion_bytes_accepted,
    {{ null_bigint() }} as completion_lines_accepted,
    {{ null_bigint() }} as chat_units,
    coalesce(d.num_sessions, 0) > 0 or coalesce(t.input_tokens, 0) > 0 as is_active
from daily as d
left join tokens as t
    on t._tenant = d._tenant and t.date = d.date and t.actor_type = d.actor_type and t.actor_id = d.actor_id
