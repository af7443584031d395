-- Each workspace's timestamp catalogue (GET /v2/incident_timestamps): used to check that every name in
-- the seed incident_timestamp_map exists in its workspace (data-tests/assert_timestamp_map_names_exist.sql).
select
    id as timestamp_id,
    _workspace as workspace,
    name as timestamp_name,
    rank as timestamp_rank
from {{ source('incident_io', 'incident_timestamps') }}
where _workspace in ({{ sql_string_list(var('incident_workspaces')) }})
qualify row_number() over (partition by _workspace, id order by _extracted_at desc) = 1
