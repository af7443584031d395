-- Each workspace's severity catalogue; every severity needs a temperature in the seed
-- incident_severity_map (data-tests/assert_every_severity_has_a_temperature.sql).
select
    id as severity_id,
    _workspace as workspace,
    name as severity_name,
    rank as severity_rank
from {{ source('incident_io', 'severities') }}
where _workspace in ({{ sql_string_list(var('incident_workspaces')) }})
qualify row_number() over (partition by _workspace, id order by _extracted_at desc) = 1
