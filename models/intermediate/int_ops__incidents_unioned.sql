{{
    config(
        materialized='incremental',
        unique_key='incident_key',
        on_schema_change='append_new_columns',
        cluster_by=['source_updated_at'],
        snowflake_warehouse=var('warehouse_incremental'),
        snowflake_initialization_warehouse=var('warehouse_full_refresh')
    )
}}
{#
  Every configured workspace's incidents in one canonical schema — a loop over the project var
  `incident_workspaces` (adding a workspace is one line there plus its staging model) — with the
  metric definitions of source-apis.md §1.3:

    time_to_detect_sec    = detected_at  − created_at
    time_to_respond_sec   = responded_at − detected_at
    time_to_stabilize_sec = fixed_at     − created_at        (NULL where the workspace has no fixed_at)
    time_to_resolve_sec   = resolved_at  − created_at
    impact_duration_min   = (coalesce(fixed_at, resolved_at) − impact_started_at) / 60

  A NULL timestamp makes its durations NULL (never invented). A negative duration (timestamps entered
  out of order) becomes NULL and sets has_timestamp_anomaly. temperature maps the workspace's severity
  by name through the seed incident_severity_map (critical / high / medium / low; NULL without a
  severity). is_mttx_eligible excludes test/tutorial incidents and declined/merged/canceled ones.
  business_unit owns the primary (first listed) affected service: the catalog entry's attribute, else
  the seed service_ownership, else 'Unassigned'.

  Incremental (merge on incident_key): this is where RAW JSON is parsed, once; each run re-reads the
  incidents updated within lookback_days of the newest one held, and the filter reaches the RAW scans
  (scalar columns and joins to small reference tables only), so the marts and tests read a table.
#}
with unioned as (
    {%- for workspace in var('incident_workspaces') %}
    select * from {{ ref('stg_incident_io__' ~ workspace ~ '__incidents') }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

severity_map as (
    select workspace, severity_name, temperature
    from {{ ref('incident_severity_map') }}
),

catalog as (
    select workspace, catalog_entry_id, business_unit, owning_team
    from {{ ref('stg_incident_io__catalog_entries') }}
),

ownership as (
    select service_name, service_external_id, business_unit, owning_team
    from {{ ref('service_ownership') }}
)

select
    u.workspace || ':' || u.incident_id as incident_key,
    u.incident_id,
    u.workspace,
    u.reference,
    u.incident_name,
    u.mode,
    u.visibility,
    u.status_name,
    u.status_category,
    u.severity_name,
    u.severity_rank,
    sm.temperature,
    u.incident_type,
    coalesce(c.business_unit, by_key.business_unit, by_name.business_unit, 'Unassigned') as business_unit,
    coalesce(u.primary_service_external_id, by_name.service_external_id, u.primary_service_name) as primary_service_key,
    coalesce(c.owning_team, by_key.owning_team, by_name.owning_team) as owning_team,
    u.service_count,
    u.created_at,
    cast(u.created_at as date) as incident_date,
    u.updated_at,
    u.source_updated_at,
    u.detected_at,
    u.impact_started_at,
    u.responded_at,
    u.responded_at_source,
    u.fixed_at,
    u.resolved_at,
    u.closed_at,
    {{ non_negative_seconds('u.created_at', 'u.detected_at') }} as time_to_detect_sec,
    {{ non_negative_seconds('u.detected_at', 'u.responded_at') }} as time_to_respond_sec,
    {{ non_negative_seconds('u.created_at', 'u.fixed_at') }} as time_to_stabilize_sec,
    {{ non_negative_seconds('u.created_at', 'u.resolved_at') }} as time_to_resolve_sec,
    {{ non_negative_seconds('u.impact_started_at', 'coalesce(u.fixed_at, u.resolved_at)') }} / 60.0 as impact_duration_min,
    (
        {{ is_negative_duration('u.created_at', 'u.detected_at') }}
        or {{ is_negative_duration('u.detected_at', 'u.responded_at') }}
        or {{ is_negative_duration('u.created_at', 'u.fixed_at') }}
        or {{ is_negative_duration('u.created_at', 'u.resolved_at') }}
        or {{ is_negative_duration('u.impact_started_at', 'coalesce(u.fixed_at, u.resolved_at)') }}
    ) as has_timestamp_anomaly,
    coalesce(u.mode not in ('test', 'tutorial') and u.status_category not in ('declined', 'merged', 'canceled'), false) as is_mttx_eligible,
    u.lead_engineer_key,
    u.creator_engineer_key,
    u.extracted_at
from unioned as u
left join severity_map as sm on sm.workspace = u.workspace and sm.severity_name = u.severity_name
left join catalog as c on c.workspace = u.workspace and c.catalog_entry_id = u.primary_service_catalog_entry_id
left join ownership as by_key on by_key.service_external_id = u.primary_service_external_id
left join ownership as by_name on by_name.service_name = u.primary_service_name
{{ lookback_filter('u.source_updated_at', 'source_updated_at', 'timestamptz') }}
