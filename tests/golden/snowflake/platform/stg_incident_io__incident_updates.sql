-- models/staging/incident_io/stg_incident_io__incident_updates.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_incident_io__incident_updates comment = 'Status/severity change log of every configured workspace (latest copy per workspace and id).' as (
-- Incident status/severity change log of every configured workspace: latest copy per (workspace, id),
-- UTC timestamps, the updater's email hashed.
with source as (
    select * from OPP_TEST.raw.incident_io__incident_updates
    where _workspace in ('companya', 'companyb', 'companyc')
),

deduped as (
    select *
    from source
    qualify row_number() over (partition by _workspace, id order by created_at desc, _extracted_at desc) = 1
)

select
    id as update_id,
    _workspace as workspace,
    incident_id,
    _workspace || ':' || incident_id as incident_key,
    convert_timezone('UTC', created_at)::timestamp_ntz as created_at,
    new_status_name,
    new_status_category,
    new_severity_name,
    new_severity_rank,
    sha2(lower(trim(cast(_raw:updater.user.email::string as varchar))), 256) as updater_engineer_key,
    convert_timezone('UTC', _extracted_at)::timestamp_ntz as extracted_at
from deduped
);

-- 2. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.update_id is 'Update id.';

-- 3. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.workspace is 'Workspace.';

-- 4. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.incident_id is 'The incident.';

-- 5. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.incident_key is '`<workspace>:<incident id>` — unique across workspaces (incident ids and references are only unique within one).';

-- 6. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.created_at is 'When the change happened (UTC).';

-- 7. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.new_status_name is 'Status after the change.';

-- 8. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.new_status_category is 'Status category after the change (live = responders engaged).';

-- 9. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.new_severity_name is 'Severity after the change.';

-- 10. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.new_severity_rank is 'Rank of that severity.';

-- 11. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.updater_engineer_key is 'hash_pii of the updating user''s email (NULL for API keys).';

-- 12. comment
comment on column OPP_TEST.staging.stg_incident_io__incident_updates.extracted_at is 'Extract run start (UTC).';
