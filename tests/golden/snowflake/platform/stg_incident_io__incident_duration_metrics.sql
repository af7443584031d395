-- models/staging/incident_io/stg_incident_io__incident_duration_metrics.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_incident_io__incident_duration_metrics comment = 'The vendor''s own duration metrics per incident (names configured per workspace). For reconciliation only; the marts compute durations from the canonical timestamps.' as (
-- The vendor's own duration metrics (workspace-configured names such as "Time to fix", "Lasted"), one row
-- per incident and metric. Kept for reconciliation only (source-apis.md §1.3): the marts compute their
-- durations from the canonical timestamps.
with incidents as (
    select *
    from OPP_TEST.raw.incident_io__incidents
    where _workspace in ('companya', 'companyb', 'companyc')
    qualify row_number() over (partition by _workspace, id order by updated_at desc, _extracted_at desc) = 1
)

select
    dm.workspace,
    dm.incident_id,
    dm.workspace || ':' || dm.incident_id as incident_key,
    dm.element:duration_metric.name::string as metric_name,
    cast(round(try_to_double(dm.element:value_seconds::string)) as bigint) as value_seconds
from (
        select _workspace as workspace, id as incident_id, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from incidents, lateral flatten(input => _raw:duration_metrics, outer => false) as __opp_f
    ) as dm
);

-- 2. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_duration_metrics.workspace is 'Workspace.';

-- 3. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_duration_metrics.incident_id is 'The incident.';

-- 4. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_duration_metrics.incident_key is '`<workspace>:<incident id>` — unique across workspaces (incident ids and references are only unique within one).';

-- 5. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_duration_metrics.metric_name is 'Metric name (e.g. Time to fix, Lasted).';

-- 6. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_duration_metrics.value_seconds is 'Value in seconds (NULL when not computed).';
