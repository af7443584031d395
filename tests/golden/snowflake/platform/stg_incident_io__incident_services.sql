-- models/staging/incident_io/stg_incident_io__incident_services.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_incident_io__incident_services comment = 'Affected services per incident: the workspace''s services custom field (seed incident_service_fields) exploded into one row per selected value — catalog entries (id, external_id, name) or, in older workspaces, a plain option''s value (the service name).' as (
-- Affected services per incident (source-apis.md §1.2): the incident's custom_field_entries filtered to
-- each workspace's services field (seed incident_service_fields), one row per selected value. Catalog-
-- backed fields give value_catalog_entry {id, name, external_id}; older workspaces use a plain option
-- field whose value_option.value is the service name (service_external_id NULL).
-- Dedupe on the narrow key columns, then join back, so a filter on the incident's updated_at reaches the
-- RAW scan (the RAW relation is named twice: a CTE read twice would be materialized).
with latest as (
    select _workspace, id, updated_at, _extracted_at
    from OPP_TEST.raw.incident_io__incidents
    where _workspace in ('companya', 'companyb', 'companyc')
    qualify row_number() over (partition by _workspace, id order by updated_at desc, _extracted_at desc) = 1
),

incidents as (
    select s.*
    from OPP_TEST.raw.incident_io__incidents as s
    inner join latest as l
        on l._workspace = s._workspace and l.id = s.id and l.updated_at = s.updated_at and l._extracted_at = s._extracted_at
),

service_fields as (
    select workspace, field_name from OPP_TEST.reference.incident_service_fields
),

field_entries as (
    select
        cf.workspace,
        cf.incident_id,
        cf.incident_updated_at,
        cf.source_updated_at,
        cf.element:custom_field.name::string as field_name,
        cf.element as field_entry
    from (
        select _workspace as workspace, id as incident_id, updated_at as source_updated_at, convert_timezone('UTC', updated_at)::timestamp_ntz as incident_updated_at, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from incidents, lateral flatten(input => _raw:custom_field_entries, outer => false) as __opp_f
    ) as cf
),

service_entries as (
    select fe.*
    from field_entries as fe
    inner join service_fields as sf on sf.workspace = fe.workspace and sf.field_name = fe.field_name
),

service_values as (
    select
        v.workspace,
        v.incident_id,
        v.incident_updated_at,
        v.source_updated_at,
        v.field_name,
        v.element_index as service_position,
        v.element:value_catalog_entry.id::string as catalog_entry_id,
        v.element:value_catalog_entry.external_id::string as catalog_external_id,
        v.element:value_catalog_entry.name::string as catalog_name,
        v.element:value_option.value::string as option_value
    from (
        select workspace, incident_id, incident_updated_at, source_updated_at, field_name, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from service_entries, lateral flatten(input => field_entry:values, outer => false) as __opp_f
    ) as v
)

select
    workspace,
    incident_id,
    workspace || ':' || incident_id as incident_key,
    service_position,
    catalog_entry_id,
    coalesce(catalog_external_id, catalog_entry_id) as service_external_id,
    coalesce(catalog_name, option_value) as service_name,
    case when catalog_entry_id is not null then 'catalog_entry' else 'option' end as service_source,
    field_name as service_field_name,
    incident_updated_at,
    source_updated_at
from service_values
where coalesce(catalog_entry_id, option_value) is not null
);

-- 2. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.workspace is 'Workspace.';

-- 3. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.incident_id is 'The incident.';

-- 4. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.incident_key is '`<workspace>:<incident id>` — unique across workspaces (incident ids and references are only unique within one).';

-- 5. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.service_position is '0-based position of the value in the field (0 = primary service).';

-- 6. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.catalog_entry_id is 'Catalog entry id (NULL for option fields).';

-- 7. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.service_external_id is 'Catalog external_id, else the entry id; NULL for option fields.';

-- 8. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.service_name is 'Service name (catalog entry name or option value).';

-- 9. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.service_source is 'catalog_entry or option.';

-- 10. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.service_field_name is 'Name of the custom field read.';

-- 11. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.incident_updated_at is 'The incident''s updated_at (UTC).';

-- 12. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_services.source_updated_at is 'The incident''s updated_at as RAW holds it (timestamp with time zone), for filters that reach the RAW scan.';
