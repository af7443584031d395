{{
    config(
        materialized='incremental',
        unique_key='incident_key',
        on_schema_change='append_new_columns',
        cluster_by=['incident_date'],
        snowflake_warehouse=var('warehouse_incremental'),
        snowflake_initialization_warehouse=var('warehouse_full_refresh'),
        tags=['incidents']
    )
}}
-- The central incident fact: one row per incident of every workspace, with the MTTx durations of
-- int_ops__incidents_unioned. Incremental merge on incident_key; each run re-reads the incidents updated
-- in the last `lookback_days` (7) before the newest updated_at already loaded, so incidents edited days
-- after resolution are merged again without scanning the history.
select
    incident_key,
    incident_id,
    workspace,
    reference,
    incident_name,
    mode,
    status_name,
    status_category,
    severity_name,
    temperature,
    incident_type,
    business_unit,
    primary_service_key,
    owning_team,
    service_count,
    incident_date,
    created_at,
    updated_at,
    detected_at,
    impact_started_at,
    responded_at,
    responded_at_source,
    fixed_at,
    resolved_at,
    closed_at,
    time_to_detect_sec,
    time_to_respond_sec,
    time_to_stabilize_sec,
    time_to_resolve_sec,
    impact_duration_min,
    has_timestamp_anomaly,
    is_mttx_eligible,
    lead_engineer_key
from {{ ref('int_ops__incidents_unioned') }}
{{ lookback_filter('source_updated_at', 'updated_at', 'timestamptz', utc=true) }}
