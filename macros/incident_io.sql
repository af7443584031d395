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
  (ROW_NUMBER() OVER (PARTITION BY id ORDER BY updated_at DESC) = 1), renamed, cast to UTC timestamps,
  PII hashed, and the workspace-configured timestamps pivoted BY NAME into the canonical columns through
  the seed incident_timestamp_map (ids are never portable across workspaces; a name the seed does not map
  stays NULL — nothing is invented). The primary affected service is the first value of the workspace's
  services field (seed incident_service_fields).

  responded_at follows §1.2, first match wins, recorded in responded_at_source:
    'workspace_timestamp'  the workspace's response-marker timestamp (the seed's responded_at row)
    'first_live_update'    the first incident update that moved the incident into a `live` status
    'created_at'           incidents that never sat in triage (not triage/declined/merged now)
  has_fixed_at=false: the workspace has no "Fixed at" timestamp, so fixed_at is NULL whatever the seed says.

  Built for filter push-down: the dedupe window runs on the narrow key columns only, and every JSON
  lookup is a scalar expression on the row (the seed's names are read with run_query and rendered as
  literals), so an incremental mart's filter on source_updated_at (the RAW column untouched; DuckDB
  does not push a filter on the UTC-converted updated_at past the dedupe join) reaches the RAW scan and
  only the incidents kept are parsed.
#}
{% macro stg_incident_io_incidents(workspace, has_fixed_at=true) %}
{%- set canonical = incident_canonical_timestamps() -%}
{%- set ws_filter = "workspace = " ~ string_literal(workspace) -%}
{%- set service_fields = seed_column_values('incident_service_fields', 'field_name', ws_filter) -%}
{#- The RAW relation is named twice rather than through one CTE: a CTE read twice is materialized,
    which would stop filters from reaching the scan. -#}
with latest as (
    select id, updated_at, _extracted_at
    from {{ source('incident_io', 'incidents') }}
    where _workspace = '{{ workspace }}'
    qualify row_number() over (partition by id order by updated_at desc, _extracted_at desc) = 1
),

deduped as (
    select
        s.*,
        {{ json_sub('s._raw', 'incident_timestamp_values') }} as timestamp_values,
        {{ json_array_find('s._raw', 'custom_field_entries', 'custom_field.name', service_fields, 'values') }} as service_values
    from {{ source('incident_io', 'incidents') }} as s
    inner join latest as l on l.id = s.id and l.updated_at = s.updated_at and l._extracted_at = s._extracted_at
    where s._workspace = '{{ workspace }}'
),

first_live as (
    select incident_id, min(created_at) as first_live_at
    from {{ ref('stg_incident_io__incident_updates') }}
    where workspace = '{{ workspace }}' and new_status_category = 'live'
    group by incident_id
),

pivoted as (
    select
        d.*,
        {%- for col in canonical %}
        {%- set names = seed_column_values('incident_timestamp_map', 'timestamp_name', ws_filter ~ " and canonical_column = '" ~ col ~ "'") %}
        {{ parse_utc(json_array_find_str('d.timestamp_values', '', 'incident_timestamp.name', names, 'value.value')) }} as ts_{{ col }}{{ ',' if not loop.last }}
        {%- endfor %}
    from deduped as d
),

renamed as (
    select
        p.id as incident_id,
        '{{ workspace }}' as workspace,
        p.reference,
        p.name as incident_name,
        p.mode,
        p.visibility,
        p.status_name,
        p.status_category,
        p.severity_name,
        p.severity_rank,
        p.incident_type_name as incident_type,
        {{ to_utc('p.created_at') }} as created_at,
        {{ to_utc('p.updated_at') }} as updated_at,
        p.updated_at as source_updated_at,
        p.ts_detected_at as detected_at,
        p.ts_impact_started_at as impact_started_at,
        {% if has_fixed_at -%} p.ts_fixed_at {%- else -%} cast(null as timestamp) {%- endif %} as fixed_at,
        p.ts_resolved_at as resolved_at,
        p.ts_closed_at as closed_at,
        case
            when p.ts_responded_at is not null then p.ts_responded_at
            when fl.first_live_at is not null then fl.first_live_at
            when p.status_category not in ('triage', 'declined', 'merged') then {{ to_utc('p.created_at') }}
        end as responded_at,
        case
            when p.ts_responded_at is not null then 'workspace_timestamp'
            when fl.first_live_at is not null then 'first_live_update'
            when p.status_category not in ('triage', 'declined', 'merged') then 'created_at'
        end as responded_at_source,
        {{ json_str('p.service_values', '[0].value_catalog_entry.id') }} as primary_service_catalog_entry_id,
        coalesce(
            {{ json_str('p.service_values', '[0].value_catalog_entry.external_id') }},
            {{ json_str('p.service_values', '[0].value_catalog_entry.id') }}
        ) as primary_service_external_id,
        coalesce(
            {{ json_str('p.service_values', '[0].value_catalog_entry.name') }},
            {{ json_str('p.service_values', '[0].value_option.value') }}
        ) as primary_service_name,
        {{ json_array_length('p.service_values') }} as service_count,
        {{ hash_pii(json_array_find_str('p._raw', 'incident_role_assignments', 'role.role_type', 'lead', 'assignee.email')) }} as lead_engineer_key,
        {{ hash_pii(json_str('p._raw', 'creator.user.email')) }} as creator_engineer_key,
        {{ to_utc('p._extracted_at') }} as extracted_at
    from pivoted as p
    left join first_live as fl on fl.incident_id = p.id
)

select * from renamed
{% endmacro %}

{# sql_string_list(values): 'a', 'b', 'c' — for IN lists built from a var. #}
{% macro sql_string_list(values) -%}
    {%- for v in values -%}{{ string_literal(v) }}{{ ', ' if not loop.last }}{%- endfor -%}
{%- endmacro %}

{#
  seed_column_values(seed, column, where=none): the values of one column of a seed, read at run time
  (run_query), as a list — to render configuration (timestamp names, field names) into SQL literals.
  The ref() is taken in every pass, so the model depends on the seed; while parsing, the list is empty.
#}
{% macro seed_column_values(seed, column, where=none) -%}
    {%- set relation = ref(seed) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set query -%}
        select {{ column }} from {{ relation }} {% if where %}where {{ where }}{% endif %} order by 1
    {%- endset -%}
    {%- set result = run_query(query) -%}
    {%- set values = [] -%}
    {%- for row in result.rows -%}
        {%- do values.append(row[0]) -%}
    {%- endfor -%}
    {{ return(values) }}
{%- endmacro %}
