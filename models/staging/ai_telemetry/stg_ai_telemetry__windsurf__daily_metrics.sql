-- Windsurf Analytics (source-apis.md §2.6): autocomplete per api_key per date (→ roster email through
-- apiKey), Cascade lines and Cascade messages per email per day, combined per engineer per day.
-- No tokens: estimated downstream from acceptances (input) and accepted bytes/lines (output), and
-- from Cascade messages. An api_key missing from the roster keeps a key hashed from 'windsurf:<api_key>'.
with roster as (
    select api_key, email
    from {{ source('windsurf', 'users') }}
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
    from {{ source('windsurf', 'autocomplete') }} as a
    left join roster as r on r.api_key = a.api_key
    group by a.date, coalesce(r.email, 'windsurf:' || a.api_key), r.email is not null
),

cascade_lines as (
    select day as activity_date, email as identity, sum(lines_suggested) as lines_suggested, sum(lines_accepted) as lines_accepted
    from {{ source('windsurf', 'cascade_lines') }}
    group by day, email
),

cascade_runs as (
    select day as activity_date, email as identity, sum(messages_sent) as messages_sent
    from {{ source('windsurf', 'cascade_runs') }}
    group by day, email
),

combined as (
    select activity_date, identity, identity_resolved, num_acceptances, num_lines_accepted, num_bytes_accepted,
           {{ null_bigint() }} as cascade_lines_suggested, {{ null_bigint() }} as cascade_lines_accepted, {{ null_bigint() }} as messages_sent
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
    {{ hash_pii('identity') }} as engineer_key,
    'engineer' as actor_type,
    identity_resolved,
    {{ null_bigint() }} as sessions,
    coalesce(num_acceptances, 0) + coalesce(messages_sent, 0) as requests,
    cascade_lines_suggested as lines_suggested,
    coalesce(num_lines_accepted, 0) + coalesce(cascade_lines_accepted, 0) as lines_accepted,
    {{ null_bigint() }} as reported_input_tokens,
    {{ null_bigint() }} as reported_output_tokens,
    coalesce(num_acceptances, 0) as completion_units,
    num_bytes_accepted as completion_bytes_accepted,
    num_lines_accepted as completion_lines_accepted,
    coalesce(messages_sent, 0) as chat_units,
    coalesce(num_acceptances, 0) + coalesce(messages_sent, 0) + coalesce(cascade_lines_accepted, 0) > 0 as is_active
from daily
