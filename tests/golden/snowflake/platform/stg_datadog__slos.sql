-- models/staging/datadog/stg_datadog__slos.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_datadog__slos comment = 'Datadog SLO definitions, one row per SLO, with service / team / business unit read from the tags.' as (
-- Datadog SLO definitions (source-apis.md §3): one row per SLO, with the service / team / business unit
-- read from its tags (service:x, team:x, bu:x). The creator's email is not carried.
with slos as (
    select * from OPP_TEST.raw.datadog__slos
    qualify row_number() over (partition by _tenant, id order by modified_at desc, _extracted_at desc) = 1
),

tags as (
    select t.slo_id, t.element::string as tag
    from (
        select id as slo_id, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from slos, lateral flatten(input => _raw:tags, outer => false) as __opp_f
    ) as t
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
    convert_timezone('UTC', s.created_at)::timestamp_ntz as created_at,
    convert_timezone('UTC', s.modified_at)::timestamp_ntz as modified_at
from slos as s
left join tag_values as tv on tv.slo_id = s.id
);

-- 2. comment
comment on column OPP_TEST.staging.stg_datadog__slos.slo_id is 'SLO id.';

-- 3. comment
comment on column OPP_TEST.staging.stg_datadog__slos.slo_name is 'SLO name.';

-- 4. comment
comment on column OPP_TEST.staging.stg_datadog__slos.slo_type is 'metric, monitor or time_slice.';

-- 5. comment
comment on column OPP_TEST.staging.stg_datadog__slos.service_name is 'Service from the service:<name> tag.';

-- 6. comment
comment on column OPP_TEST.staging.stg_datadog__slos.team_tag is 'Team from the team:<slug> tag.';

-- 7. comment
comment on column OPP_TEST.staging.stg_datadog__slos.business_unit_tag is 'Business unit from the bu:<slug> tag.';

-- 8. comment
comment on column OPP_TEST.staging.stg_datadog__slos.created_at is 'Created (UTC).';

-- 9. comment
comment on column OPP_TEST.staging.stg_datadog__slos.modified_at is 'Last modified (UTC).';
