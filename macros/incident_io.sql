{#
  The canonical incident timestamps every workspace's staging model produces (source-apis.md §1.3).
  The seed incident_timestamp_map maps each workspace's timestamp NAMES onto these columns.
#}
{% macro incident_canonical_timestamps() -%}
    {{ return(['detected_at', 'impact_started_at', 'responded_at', 'fixed_at', 'resolved_at', 'closed_at']) }}
{%- endmacro %}

{#
  stg_incident_io_incidents(workspace, has_fixed_at=true): the body shared by the per-workspace staging
  models stg_incident_io__<workspace>__incidents. Thin: one workspace's RAW incidents, deduplicated
  (latest updated_at per id), renamed, cast to UTC timestamps, PII hashed, and the workspace-configured
  timestamps pivoted BY NAME into the canonical columns through the seed incident_timestamp_map (ids
  are never portable across workspaces; a name the seed does not map stays NULL — nothing is invented).

  responded_at follows §1.2, first match wins, recorded in responded_at_source:
    'workspace_timestamp'  the workspace's response-marker timestamp (the seed's responded_at row)
    'first_live_update'    the first incident update that moved the incident into a `live` status
    'created_at'           incidents that never sat in triage (not triage/declined/merged now)
  has_fixed_at=false: the workspace has no "Fixed at" timestamp, so fixed_at is NULL whatever the seed says.
#}
{% macro stg_incident_io_incidents(workspace, has_fixed_at=true) %}
{%- set canonical = incident_canonical_timestamps() -%}
with source as (
    select * from {{ source('incident_io', 'incidents') }}
    where _workspace = '{{ workspace }}'
),

deduped as (
    select *
    from source
    qualify row_number() over (partition by id order by updated_at desc, _extracted_at desc) = 1
),

timestamp_map as (
    select timestamp_name, canonical_column
    from {{ ref('incident_timestamp_map') }}
    where workspace = '{{ workspace }}'
),

timestamp_values as (
    select
        d.id as incident_id,
        {{ json_str(json_element('tv'), 'incident_timestamp.name') }} as timestamp_name,
        {{ parse_utc(json_str(json_element('tv'), 'value.value')) }} as timestamp_value
    from deduped as d
    {{ json_each_join('d._raw', 'incident_timestamp_values', 'tv') }}
),

pivoted as (
    select
        tv.incident_id,
        {%- for col in canonical %}
        max(case when m.canonical_column = '{{ col }}' then tv.timestamp_value end) as {{ col }}{{ ',' if not loop.last }}
        {%- endfor %}
    from timestamp_values as tv
    inner join timestamp_map as m on m.timestamp_name = tv.timestamp_name
    group by tv.incident_id
),

first_live as (
    select incident_id, min(created_at) as first_live_at
    from {{ ref('stg_incident_io__incident_updates') }}
    where workspace = '{{ workspace }}' and new_status_category = 'live'
    group by incident_id
),

renamed as (
    select
        d.id as incident_id,
        '{{ workspace }}' as workspace,
        d.reference,
        d.name as incident_name,
        d.mode,
        d.visibility,
        d.status_name,
        d.status_category,
        d.severity_name,
        d.severity_rank,
        d.incident_type_name as incident_type,
        {{ to_utc('d.created_at') }} as created_at,
        {{ to_utc('d.updated_at') }} as updated_at,
        p.detected_at,
        p.impact_started_at,
        {% if has_fixed_at -%} p.fixed_at {%- else -%} cast(null as timestamp) {%- endif %} as fixed_at,
        p.resolved_at,
        p.closed_at,
        case
            when p.responded_at is not null then p.responded_at
            when fl.first_live_at is not null then fl.first_live_at
            when d.status_category not in ('triage', 'declined', 'merged') then {{ to_utc('d.created_at') }}
        end as responded_at,
        case
            when p.responded_at is not null then 'workspace_timestamp'
            when fl.first_live_at is not null then 'first_live_update'
            when d.status_category not in ('triage', 'declined', 'merged') then 'created_at'
        end as responded_at_source,
        {{ hash_pii(json_array_find_str('d._raw', 'incident_role_assignments', 'role.role_type', 'lead', 'assignee.email')) }} as lead_engineer_key,
        {{ hash_pii(json_str('d._raw', 'creator.user.email')) }} as creator_engineer_key,
        {{ to_utc('d._extracted_at') }} as extracted_at
    from deduped as d
    left join pivoted as p on p.incident_id = d.id
    left join first_live as fl on fl.incident_id = d.id
)

select * from renamed
{% endmacro %}

{# sql_string_list(values): 'a', 'b', 'c' — for IN lists built from a var. #}
{% macro sql_string_list(values) -%}
    {%- for v in values -%}{{ string_literal(v) }}{{ ', ' if not loop.last }}{%- endfor -%}
{%- endmacro %}
