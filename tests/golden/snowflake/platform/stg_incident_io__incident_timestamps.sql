-- models/staging/incident_io/stg_incident_io__incident_timestamps.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_incident_io__incident_timestamps comment = 'Each workspace''s timestamp catalogue, to validate the seed incident_timestamp_map.' as (
-- Each workspace's timestamp catalogue (GET /v2/incident_timestamps): used to check that every name in
-- the seed incident_timestamp_map exists in its workspace (data-tests/assert_timestamp_map_names_exist.sql).
select
    id as timestamp_id,
    _workspace as workspace,
    name as timestamp_name,
    rank as timestamp_rank
from OPP_TEST.raw.incident_io__incident_timestamps
where _workspace in ('companya', 'companyb', 'companyc')
qualify row_number() over (partition by _workspace, id order by _extracted_at desc) = 1
);

-- 2. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_timestamps.timestamp_id is 'Timestamp id (workspace-specific).';

-- 3. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_timestamps.workspace is 'Workspace.';

-- 4. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_timestamps.timestamp_name is 'Timestamp name.';

-- 5. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_timestamps.timestamp_rank is 'Rank.';
