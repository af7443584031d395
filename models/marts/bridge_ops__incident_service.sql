{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='incident_key',
        on_schema_change='append_new_columns',
        snowflake_warehouse=var('warehouse_incremental'),
        snowflake_initialization_warehouse=var('warehouse_full_refresh'),
        tags=['incidents']
    )
}}
-- Incident × affected service (many-to-many). hashdiff covers the descriptive columns, so a consumer
-- that keeps history (or a snapshot) can tell a changed mapping from an unchanged one.
-- Incremental: the incidents updated within the lookback window are re-read and their rows replaced
-- (delete+insert on incident_key), so a service removed from an incident disappears too.
select
    {{ surrogate_key(['incident_key', 'service_key']) }} as incident_service_key,
    incident_key,
    service_key,
    service_name,
    business_unit,
    owning_team,
    service_source,
    is_primary,
    {{ hashdiff(['service_name', 'business_unit', 'owning_team', 'service_source', 'is_primary']) }} as hashdiff,
    incident_updated_at
from {{ ref('int_ops__incident_services') }}
{{ lookback_filter('source_updated_at', 'incident_updated_at', 'timestamptz', utc=true) }}
