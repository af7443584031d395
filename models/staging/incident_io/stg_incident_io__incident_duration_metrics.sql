-- The vendor's own duration metrics (workspace-configured names such as "Time to fix", "Lasted"), one row
-- per incident and metric. Kept for reconciliation only (source-apis.md §1.3): the marts compute their
-- durations from the canonical timestamps.
with incidents as (
    select *
    from {{ source('incident_io', 'incidents') }}
    where _workspace in ({{ sql_string_list(var('incident_workspaces')) }})
    qualify row_number() over (partition by _workspace, id order by updated_at desc, _extracted_at desc) = 1
)

select
    dm.workspace,
    dm.incident_id,
    dm.workspace || ':' || dm.incident_id as incident_key,
    {{ json_str('dm.element', 'duration_metric.name') }} as metric_name,
    {{ json_int('dm.element', 'value_seconds') }} as value_seconds
from {{ json_explode('incidents', '_workspace as workspace, id as incident_id', '_raw', 'duration_metrics') }} as dm
