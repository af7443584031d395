-- models/staging/incident_io/stg_incident_io__catalog_entries.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_incident_io__catalog_entries comment = 'Service catalog entries behind the affected-services fields, with owning team, business unit and tier attributes.' as (
-- Service catalog entries behind the affected-services fields, with the owning team, business unit and
-- tier attributes the catalog carries.
with source as (
    select * from OPP_TEST.raw.incident_io__catalog_entries
    where _workspace in ('companya', 'companyb', 'companyc')
    qualify row_number() over (partition by _workspace, id order by _extracted_at desc) = 1
)

select
    id as catalog_entry_id,
    _workspace as workspace,
    catalog_type_id,
    name as service_name,
    coalesce(external_id, id) as service_external_id,
    _raw:attribute_values.business_unit.value.literal::string as business_unit,
    _raw:attribute_values.owning_team.value.literal::string as owning_team,
    _raw:attribute_values.tier.value.literal::string as service_tier,
    convert_timezone('UTC', _extracted_at)::timestamp_ntz as extracted_at
from source
);

-- 2. comment
comment on column OPP_TEST.staging.stg_incident_io__catalog_entries.catalog_entry_id is 'Catalog entry id.';

-- 3. comment
comment on column OPP_TEST.staging.stg_incident_io__catalog_entries.workspace is 'Workspace.';

-- 4. comment
comment on column OPP_TEST.staging.stg_incident_io__catalog_entries.catalog_type_id is 'Catalog type.';

-- 5. comment
comment on column OPP_TEST.staging.stg_incident_io__catalog_entries.service_name is 'Service name.';

-- 6. comment
comment on column OPP_TEST.staging.stg_incident_io__catalog_entries.service_external_id is 'External id shared across workspaces and SLOs (svc-<name>).';

-- 7. comment
comment on column OPP_TEST.staging.stg_incident_io__catalog_entries.business_unit is 'Business unit attribute.';

-- 8. comment
comment on column OPP_TEST.staging.stg_incident_io__catalog_entries.owning_team is 'Owning team attribute.';

-- 9. comment
comment on column OPP_TEST.staging.stg_incident_io__catalog_entries.service_tier is 'Tier attribute (1 = most critical).';

-- 10. comment
comment on column OPP_TEST.staging.stg_incident_io__catalog_entries.extracted_at is 'Extract run start (UTC).';
