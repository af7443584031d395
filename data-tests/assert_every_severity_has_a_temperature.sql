-- Every severity a workspace defines needs a temperature in the seed incident_severity_map, or its
-- incidents would get a NULL temperature and drop out of the per-temperature counts.
select s.workspace, s.severity_name
from {{ ref('stg_incident_io__severities') }} as s
left join {{ ref('incident_severity_map') }} as m
    on m.workspace = s.workspace and m.severity_name = s.severity_name
where m.temperature is null
