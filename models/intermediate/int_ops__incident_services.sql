{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='incident_key',
        on_schema_change='append_new_columns',
        cluster_by=['source_updated_at'],
        snowflake_warehouse=var('warehouse_incremental'),
        snowflake_initialization_warehouse=var('warehouse_full_refresh')
    )
}}
-- Incident × affected service, resolved to one service key per service across workspaces: the catalog
-- entry's external_id (catalog-backed fields), else the seed service_ownership's external id for the
-- option's service name, else the name itself. Business unit and owning team come from the catalog
-- entry's attributes, else from service_ownership. The first value of the field is the primary service.
-- Incremental (delete+insert per incident): the incidents updated within the lookback window are
-- re-read and their rows replaced, so a service removed from an incident disappears.
with services as (
    select * from {{ ref('stg_incident_io__incident_services') }}
    {{ lookback_filter('source_updated_at', 'source_updated_at', 'timestamptz') }}
),

catalog as (
    select workspace, catalog_entry_id, business_unit, owning_team
    from {{ ref('stg_incident_io__catalog_entries') }}
),

ownership as (
    select service_name, service_external_id, business_unit, owning_team
    from {{ ref('service_ownership') }}
),

resolved as (
    select
        s.incident_key,
        s.workspace,
        s.incident_id,
        coalesce(s.service_external_id, by_name.service_external_id, s.service_name) as service_key,
        s.service_name,
        coalesce(c.business_unit, by_key.business_unit, by_name.business_unit) as business_unit,
        coalesce(c.owning_team, by_key.owning_team, by_name.owning_team) as owning_team,
        s.service_source,
        s.service_position,
        s.incident_updated_at,
        s.source_updated_at
    from services as s
    left join catalog as c on c.workspace = s.workspace and c.catalog_entry_id = s.catalog_entry_id
    left join ownership as by_key on by_key.service_external_id = s.service_external_id
    left join ownership as by_name on by_name.service_name = s.service_name
)

select
    incident_key,
    workspace,
    incident_id,
    service_key,
    service_name,
    business_unit,
    owning_team,
    service_source,
    service_position,
    -- source_updated_at is one value per incident; partitioning by it too lets a filter on it push down
    service_position = min(service_position) over (partition by incident_key, source_updated_at) as is_primary,
    incident_updated_at,
    source_updated_at
from resolved
qualify row_number() over (partition by incident_key, source_updated_at, service_key order by service_position) = 1
