-- Every timestamp name the seed incident_timestamp_map maps must exist in its workspace's timestamp
-- catalogue (GET /v2/incident_timestamps, source-apis.md §1.2): a renamed timestamp would otherwise turn
-- a canonical column silently NULL. Workspaces without an extracted catalogue are not checked.
with catalogue as (
    select workspace, timestamp_name from {{ ref('stg_incident_io__incident_timestamps') }}
)

select m.workspace, m.timestamp_name, m.canonical_column
from {{ ref('incident_timestamp_map') }} as m
where m.workspace in (select workspace from catalogue)
  and not exists (
      select 1 from catalogue as c
      where c.workspace = m.workspace and c.timestamp_name = m.timestamp_name
  )
