-- Service catalog entries behind the affected-services fields, with the owning team, business unit and
-- tier attributes the catalog carries.
with source as (
    select * from {{ source('incident_io', 'catalog_entries') }}
    where _workspace in ({{ sql_string_list(var('incident_workspaces')) }})
    qualify row_number() over (partition by _workspace, id order by _extracted_at desc) = 1
)

select
    id as catalog_entry_id,
    _workspace as workspace,
    catalog_type_id,
    name as service_name,
    coalesce(external_id, id) as service_external_id,
    {{ json_str('_raw', 'attribute_values.business_unit.value.literal') }} as business_unit,
    {{ json_str('_raw', 'attribute_values.owning_team.value.literal') }} as owning_team,
    {{ json_str('_raw', 'attribute_values.tier.value.literal') }} as service_tier,
    {{ to_utc('_extracted_at') }} as extracted_at
from source
