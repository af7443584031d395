-- Affected services per incident (source-apis.md §1.2): the incident's custom_field_entries filtered to
-- each workspace's services field (seed incident_service_fields), one row per selected value. Catalog-
-- backed fields give value_catalog_entry {id, name, external_id}; older workspaces use a plain option
-- field whose value_option.value is the service name (service_external_id NULL).
-- Dedupe on the narrow key columns, then join back, so a filter on the incident's updated_at reaches the
-- RAW scan (the RAW relation is named twice: a CTE read twice would be materialized).
with latest as (
    select _workspace, id, updated_at, _extracted_at
    from {{ source('incident_io', 'incidents') }}
    where _workspace in ({{ sql_string_list(var('incident_workspaces')) }})
    qualify row_number() over (partition by _workspace, id order by updated_at desc, _extracted_at desc) = 1
),

incidents as (
    select s.*
    from {{ source('incident_io', 'incidents') }} as s
    inner join latest as l
        on l._workspace = s._workspace and l.id = s.id and l.updated_at = s.updated_at and l._extracted_at = s._extracted_at
),

service_fields as (
    select workspace, field_name from {{ ref('incident_service_fields') }}
),

field_entries as (
    select
        cf.workspace,
        cf.incident_id,
        cf.incident_updated_at,
        cf.source_updated_at,
        {{ json_str('cf.element', 'custom_field.name') }} as field_name,
        cf.element as field_entry
    from {{ json_explode('incidents', '_workspace as workspace, id as incident_id, updated_at as source_updated_at, ' ~ to_utc('updated_at') ~ ' as incident_updated_at', '_raw', 'custom_field_entries') }} as cf
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
        {{ json_str('v.element', 'value_catalog_entry.id') }} as catalog_entry_id,
        {{ json_str('v.element', 'value_catalog_entry.external_id') }} as catalog_external_id,
        {{ json_str('v.element', 'value_catalog_entry.name') }} as catalog_name,
        {{ json_str('v.element', 'value_option.value') }} as option_value
    from {{ json_explode('service_entries', 'workspace, incident_id, incident_updated_at, source_updated_at, field_name', 'field_entry', 'values') }} as v
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
