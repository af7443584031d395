-- models/staging/incident_io/stg_incident_io__companyc__incidents.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_incident_io__companyc__incidents comment = 'companyc''s incidents in the canonical schema. Quirk: no "Fixed at" timestamp, so fixed_at is always NULL; services are a plain option field. Deduplicated (latest updated_at per id); timestamps pivoted by NAME through the seed incident_timestamp_map; PII hashed.' as (

with latest as (
    select id, updated_at, _extracted_at
    from OPP_TEST.raw.incident_io__incidents
    where _workspace = 'companyc'
    qualify row_number() over (partition by id order by updated_at desc, _extracted_at desc) = 1
),

deduped as (
    select
        s.*,
        s._raw:incident_timestamp_values as timestamp_values,
        filter(s._raw:custom_field_entries, x -> x:custom_field.name::string in ('Affected service'))[0]:values as service_values
    from OPP_TEST.raw.incident_io__incidents as s
    inner join latest as l on l.id = s.id and l.updated_at = s.updated_at and l._extracted_at = s._extracted_at
    where s._workspace = 'companyc'
),

first_live as (
    select incident_id, min(created_at) as first_live_at
    from OPP_TEST.staging.stg_incident_io__incident_updates
    where workspace = 'companyc' and new_status_category = 'live'
    group by incident_id
),

pivoted as (
    select
        d.*,
        convert_timezone('UTC', try_to_timestamp_tz(filter(d.timestamp_values, x -> x:incident_timestamp.name::string in ('Detected at'))[0]:value.value::string))::timestamp_ntz as ts_detected_at,
        convert_timezone('UTC', try_to_timestamp_tz(filter(d.timestamp_values, x -> x:incident_timestamp.name::string in ('Impact started'))[0]:value.value::string))::timestamp_ntz as ts_impact_started_at,
        convert_timezone('UTC', try_to_timestamp_tz(filter(d.timestamp_values, x -> x:incident_timestamp.name::string in ('Accepted at'))[0]:value.value::string))::timestamp_ntz as ts_responded_at,
        convert_timezone('UTC', try_to_timestamp_tz(cast(null as varchar)))::timestamp_ntz as ts_fixed_at,
        convert_timezone('UTC', try_to_timestamp_tz(filter(d.timestamp_values, x -> x:incident_timestamp.name::string in ('Resolved at'))[0]:value.value::string))::timestamp_ntz as ts_resolved_at,
        convert_timezone('UTC', try_to_timestamp_tz(filter(d.timestamp_values, x -> x:incident_timestamp.name::string in ('Closed at'))[0]:value.value::string))::timestamp_ntz as ts_closed_at
    from deduped as d
),

renamed as (
    select
        p.id as incident_id,
        'companyc' as workspace,
        p.reference,
        p.name as incident_name,
        p.mode,
        p.visibility,
        p.status_name,
        p.status_category,
        p.severity_name,
        p.severity_rank,
        p.incident_type_name as incident_type,
        convert_timezone('UTC', p.created_at)::timestamp_ntz as created_at,
        convert_timezone('UTC', p.updated_at)::timestamp_ntz as updated_at,
        p.updated_at as source_updated_at,
        p.ts_detected_at as detected_at,
        p.ts_impact_started_at as impact_started_at,
        cast(null as timestamp) as fixed_at,
        p.ts_resolved_at as resolved_at,
        p.ts_closed_at as closed_at,
        case
            when p.ts_responded_at is not null then p.ts_responded_at
            when fl.first_live_at is not null then fl.first_live_at
            when p.status_category not in ('triage', 'declined', 'merged') then convert_timezone('UTC', p.created_at)::timestamp_ntz
        end as responded_at,
        case
            when p.ts_responded_at is not null then 'workspace_timestamp'
            when fl.first_live_at is not null then 'first_live_update'
            when p.status_category not in ('triage', 'declined', 'merged') then 'created_at'
        end as responded_at_source,
        p.service_values[0]:value_catalog_entry.id::string as primary_service_catalog_entry_id,
        coalesce(
            p.service_values[0]:value_catalog_entry.external_id::string,
            p.service_values[0]:value_catalog_entry.id::string
        ) as primary_service_external_id,
        coalesce(
            p.service_values[0]:value_catalog_entry.name::string,
            p.service_values[0]:value_option.value::string
        ) as primary_service_name,
        coalesce(array_size(p.service_values), 0) as service_count,
        sha2(lower(trim(cast(filter(p._raw:incident_role_assignments, x -> x:role.role_type::string in ('lead'))[0]:assignee.email::string as varchar))), 256) as lead_engineer_key,
        sha2(lower(trim(cast(p._raw:creator.user.email::string as varchar))), 256) as creator_engineer_key,
        convert_timezone('UTC', p._extracted_at)::timestamp_ntz as extracted_at
    from pivoted as p
    left join first_live as fl on fl.incident_id = p.id
)

select * from renamed
);

-- 2. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.incident_id is 'incident.io incident id (ULID-style); unique within the workspace.';

-- 3. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.workspace is 'The workspace: always ''companyc''.';

-- 4. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.reference is 'Human reference such as INC-42; unique only within a workspace.';

-- 5. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.incident_name is 'Incident title (free text).';

-- 6. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.mode is 'standard, retrospective, test or tutorial.';

-- 7. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.visibility is 'public or private.';

-- 8. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.status_name is 'The workspace''s status name (e.g. Monitoring).';

-- 9. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.status_category is 'Status category: triage, live, learning, closed, declined, merged, canceled, paused.';

-- 10. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.severity_name is 'The workspace''s severity name (NULL when unset).';

-- 11. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.severity_rank is 'Severity rank in the workspace (higher is more severe).';

-- 12. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.incident_type is 'Incident type name.';

-- 13. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.created_at is 'Incident creation (UTC).';

-- 14. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.updated_at is 'Last change (UTC); the incremental watermark.';

-- 15. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.source_updated_at is 'updated_at as RAW holds it (timestamp with time zone), untouched, so incremental filters on it reach the RAW scan.';

-- 16. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.detected_at is 'Canonical detection time (UTC), from the timestamp the seed incident_timestamp_map maps to detected_at.';

-- 17. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.impact_started_at is 'Canonical customer-impact start (UTC).';

-- 18. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.fixed_at is 'Canonical fix time (UTC); always NULL in companyc.';

-- 19. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.resolved_at is 'Canonical resolution time (UTC).';

-- 20. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.closed_at is 'Canonical close time (UTC).';

-- 21. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.responded_at is 'When the first responder engaged (source-apis.md §1.2), first match wins: the workspace''s response-marker timestamp
(seed `incident_timestamp_map` row `responded_at`: "Accepted at" / "Acknowledged at"); else the first incident update
moving the incident into a `live` status; else `created_at` for incidents that never sat in triage. NULL otherwise.';

-- 22. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.responded_at_source is 'Where `responded_at` came from: `workspace_timestamp`, `first_live_update` or `created_at` (NULL when unknown).';

-- 23. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.primary_service_catalog_entry_id is 'Catalog entry id of the first value of the services field (NULL for option fields).';

-- 24. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.primary_service_external_id is 'Catalog external_id (else entry id) of the first affected service; NULL for option fields.';

-- 25. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.primary_service_name is 'Name of the first affected service (catalog entry name or option value).';

-- 26. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.service_count is 'Number of values in the services field.';

-- 27. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.lead_engineer_key is 'hash_pii of the incident lead''s email (role_type = lead); NULL when nobody leads.';

-- 28. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.creator_engineer_key is 'hash_pii of the creating user''s email; NULL when an API key created it.';

-- 29. comment
comment on column OPP_TEST.staging.stg_incident_io__companyc__incidents.extracted_at is 'When the extract run that last changed the RAW row started (UTC).';
