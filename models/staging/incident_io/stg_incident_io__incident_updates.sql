-- Incident status/severity change log of every configured workspace: latest copy per (workspace, id),
-- UTC timestamps, the updater's email hashed.
with source as (
    select * from {{ source('incident_io', 'incident_updates') }}
    where _workspace in ({{ sql_string_list(var('incident_workspaces')) }})
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
    {{ to_utc('created_at') }} as created_at,
    new_status_name,
    new_status_category,
    new_severity_name,
    new_severity_rank,
    {{ hash_pii(json_str('_raw', 'updater.user.email')) }} as updater_engineer_key,
    {{ to_utc('_extracted_at') }} as extracted_at
from deduped
