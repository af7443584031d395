-- Affected services per incident (source-apis.md §1.2): the incident's custom_field_entries filtered to
-- each workspace's services field (seed incident_service_fields), one row per selected value. Catalog-
-- backed fields give value_catalog_entry {id, name, external_id}; older workspaces use a plain option
-- field whose value_option.value is the service name (service_external_id NULL).
with incidents as (
    select *
    from {{ source('incident_io', 'incidents') }}
    where _workspace in ({{ sql_string_list(var('incident_workspaces')) }})
    qualify row_number() over (partition by _workspace, id order by updated_at desc, _extracted_at desc) = 1
),

service_fields as (
    select workspace, field_name from {{ ref('incident_service_fields') }}
),

field_entries as (
    select
        i._workspace as workspace,
        i.id as incident_id,
        {{ to_utc('i.updated_at') }} as incident_updated_at,
        {{ json_str(json_element('cf'), 'custom_field.name') }} as field_name,
        {{ json_element('cf') }} as field_entry
    from incidents as i
    {{ json_each_join('i._raw', 'custom_field_entries', 'cf') }}
),

service_entries as (
    select fe.*
    from field_entries as fe
    inner join service_fields as sf on sf.workspace = fe.workspace and sf.field_name = fe.field_name
),

service_values as (
    select
        se.workspace,
        se.incident_id,
        se.incident_updated_at,
        se.field_name,
        {{ json_element_index('v') }} as service_position,
        {{ json_str(json_element('v'), 'value_catalog_entry.id') }} as catalog_entry_id,
        {{ json_str(json_element('v'), 'value_catalog_entry.external_id') }} as catalog_external_id,
        {{ json_str(json_element('v'), 'value_catalog_entry.name') }} as catalog_name,
        {{ json_str(json_element('v'), 'value_option.value') }} as option_value
    from service_entries as se
    {{ json_each_join('se.field_entry', 'values', 'v') }}
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
    incident_updated_at
from service_values
where coalesce(catalog_entry_id, option_value) is not null
