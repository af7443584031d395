-- models/staging/incident_io/stg_incident_io__severities.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_incident_io__severities comment = 'Each workspace''s severity catalogue, to check the seed incident_severity_map covers it.' as (
-- Each workspace's severity catalogue; every severity needs a temperature in the seed
-- incident_severity_map (data-tests/assert_every_severity_has_a_temperature.sql).
select
    id as severity_id,
    _workspace as workspace,
    name as severity_name,
    rank as severity_rank
from OPP_TEST.raw.incident_io__severities
where _workspace in ('companya', 'companyb', 'companyc')
qualify row_number() over (partition by _workspace, id order by _extracted_at desc) = 1
);

-- 2. comment
comment on column OPP_TEST.staging.stg_incident_io__severities.severity_id is 'Severity id.';

-- 3. comment
comment on column OPP_TEST.staging.stg_incident_io__severities.workspace is 'Workspace.';

-- 4. comment
comment on column OPP_TEST.staging.stg_incident_io__severities.severity_name is 'Severity name.';

-- 5. comment
comment on column OPP_TEST.staging.stg_incident_io__severities.severity_rank is 'Rank (higher = more severe).';
