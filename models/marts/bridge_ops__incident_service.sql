{{ config(tags=['incidents']) }}
-- Incident × affected service (many-to-many). hashdiff covers the descriptive columns, so a consumer
-- that keeps history (or a snapshot) can tell a changed mapping from an unchanged one.
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
