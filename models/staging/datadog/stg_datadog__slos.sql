-- Datadog SLO definitions (source-apis.md §3): one row per SLO, with the service / team / business unit
-- read from its tags (service:x, team:x, bu:x). The creator's email is not carried.
with slos as (
    select * from {{ source('datadog', 'slos') }}
    qualify row_number() over (partition by _tenant, id order by modified_at desc, _extracted_at desc) = 1
),

tags as (
    select t.slo_id, {{ element_str('t') }} as tag
    from {{ json_explode('slos', 'id as slo_id', '_raw', 'tags') }} as t
),

tag_values as (
    select
        slo_id,
        max(case when tag like 'service:%' then substr(tag, 9) end) as service_name,
        max(case when tag like 'team:%' then substr(tag, 6) end) as team_tag,
        max(case when tag like 'bu:%' then substr(tag, 4) end) as business_unit_tag
    from tags
    group by slo_id
)

select
    s.id as slo_id,
    s.name as slo_name,
    s.type as slo_type,
    tv.service_name,
    tv.team_tag,
    tv.business_unit_tag,
    {{ to_utc('s.created_at') }} as created_at,
    {{ to_utc('s.modified_at') }} as modified_at
from slos as s
left join tag_values as tv on tv.slo_id = s.id
