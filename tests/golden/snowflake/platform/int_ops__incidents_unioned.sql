-- models/intermediate/int_ops__incidents_unioned.sql (incremental) on Snowflake

-- first build
-- 1. use
use warehouse ETL_MEDIUM;

-- 2. create
create transient table OPP_TEST.intermediate.int_ops__incidents_unioned cluster by (source_updated_at) comment = 'Every configured workspace''s incidents (loop over the var incident_workspaces) with the §1.3 metrics: time to detect / respond / stabilize / resolve, impact duration, temperature, timestamp anomalies and MTTx eligibility, plus the primary service''s business unit. Incremental (merge on incident_key, lookback window): RAW JSON is parsed here once.' as (
select * from (


with unioned as (
    select * from OPP_TEST.staging.stg_incident_io__companya__incidents
    union all
    select * from OPP_TEST.staging.stg_incident_io__companyb__incidents
    union all
    select * from OPP_TEST.staging.stg_incident_io__companyc__incidents
),

severity_map as (
    select workspace, severity_name, temperature
    from OPP_TEST.reference.incident_severity_map
),

catalog as (
    select workspace, catalog_entry_id, business_unit, owning_team
    from OPP_TEST.staging.stg_incident_io__catalog_entries
),

ownership as (
    select service_name, service_external_id, business_unit, owning_team
    from OPP_TEST.reference.service_ownership
)

select
    u.workspace || ':' || u.incident_id as incident_key,
    u.incident_id,
    u.workspace,
    u.reference,
    u.incident_name,
    u.mode,
    u.visibility,
    u.status_name,
    u.status_category,
    u.severity_name,
    u.severity_rank,
    sm.temperature,
    u.incident_type,
    coalesce(c.business_unit, by_key.business_unit, by_name.business_unit, 'Unassigned') as business_unit,
    coalesce(u.primary_service_external_id, by_name.service_external_id, u.primary_service_name) as primary_service_key,
    coalesce(c.owning_team, by_key.owning_team, by_name.owning_team) as owning_team,
    u.service_count,
    u.created_at,
    cast(u.created_at as date) as incident_date,
    u.updated_at,
    u.source_updated_at,
    u.detected_at,
    u.impact_started_at,
    u.responded_at,
    u.responded_at_source,
    u.fixed_at,
    u.resolved_at,
    u.closed_at,
    case when datediff(second, u.created_at, u.detected_at) >= 0 then datediff(second, u.created_at, u.detected_at) end as time_to_detect_sec,
    case when datediff(second, u.detected_at, u.responded_at) >= 0 then datediff(second, u.detected_at, u.responded_at) end as time_to_respond_sec,
    case when datediff(second, u.created_at, u.fixed_at) >= 0 then datediff(second, u.created_at, u.fixed_at) end as time_to_stabilize_sec,
    case when datediff(second, u.created_at, u.resolved_at) >= 0 then datediff(second, u.created_at, u.resolved_at) end as time_to_resolve_sec,
    case when datediff(second, u.impact_started_at, coalesce(u.fixed_at, u.resolved_at)) >= 0 then datediff(second, u.impact_started_at, coalesce(u.fixed_at, u.resolved_at)) end / 60.0 as impact_duration_min,
    (
        coalesce(datediff(second, u.created_at, u.detected_at) < 0, false)
        or coalesce(datediff(second, u.detected_at, u.responded_at) < 0, false)
        or coalesce(datediff(second, u.created_at, u.fixed_at) < 0, false)
        or coalesce(datediff(second, u.created_at, u.resolved_at) < 0, false)
        or coalesce(datediff(second, u.impact_started_at, coalesce(u.fixed_at, u.resolved_at)) < 0, false)
    ) as has_timestamp_anomaly,
    coalesce(u.mode not in ('test', 'tutorial') and u.status_category not in ('declined', 'merged', 'canceled'), false) as is_mttx_eligible,
    u.lead_engineer_key,
    u.creator_engineer_key,
    u.extracted_at
from unioned as u
left join severity_map as sm on sm.workspace = u.workspace and sm.severity_name = u.severity_name
left join catalog as c on c.workspace = u.workspace and c.catalog_entry_id = u.primary_service_catalog_entry_id
left join ownership as by_key on by_key.service_external_id = u.primary_service_external_id
left join ownership as by_name on by_name.service_name = u.primary_service_name
) order by (source_updated_at)
);

-- 3. comment
alter table OPP_TEST.intermediate.int_ops__incidents_unioned alter incident_key comment '`<workspace>:<incident id>` — unique across workspaces (incident ids and references are only unique within one).', incident_id comment 'incident.io id.', workspace comment 'incident.io workspace (one of the var incident_workspaces).', reference comment 'Reference such as INC-42 (unique within the workspace).', incident_name comment 'Incident title.', mode comment 'standard, retrospective, test or tutorial.', status_name comment 'Current status name.', status_category comment 'Current status category.', visibility comment 'public or private.', severity_rank comment 'Severity rank.', source_updated_at comment 'updated_at as RAW holds it (timestamp with time zone): the column fct_ops__incidents filters on, so the filter reaches the RAW scans.', severity_name comment 'Workspace severity name.', temperature comment 'Severity class from the workspace''s severity name through the seed `incident_severity_map`: P0/critical → `critical`,
P1 → `high`, P2 → `medium`, P3 and below → `low`. NULL when the incident has no severity.', incident_type comment 'Incident type.', business_unit comment 'Business unit owning the primary affected service (Unassigned when none).', primary_service_key comment 'Service key of the first affected service.', owning_team comment 'Team owning the primary service.', service_count comment 'Number of affected services.', incident_date comment 'UTC date of created_at; the clustering key.', created_at comment 'Created (UTC).', updated_at comment 'Last change (UTC); the incremental lookback column.', detected_at comment 'Canonical detection time (UTC).', impact_started_at comment 'Canonical impact start (UTC).', responded_at comment 'When the first responder engaged (source-apis.md §1.2), first match wins: the workspace''s response-marker timestamp
(seed `incident_timestamp_map` row `responded_at`: "Accepted at" / "Acknowledged at"); else the first incident update
moving the incident into a `live` status; else `created_at` for incidents that never sat in triage. NULL otherwise.', responded_at_source comment 'Where `responded_at` came from: `workspace_timestamp`, `first_live_update` or `created_at` (NULL when unknown).', fixed_at comment 'Canonical fix time (UTC; NULL in companyc).', resolved_at comment 'Canonical resolution time (UTC).', closed_at comment 'Canonical close time (UTC).', time_to_detect_sec comment 'Seconds from incident creation to detection: `detected_at − created_at` (source-apis.md §1.3). NULL when either is
unset, and NULL when negative (then `has_timestamp_anomaly` is true). companya records no detection time; its
"Impact started" is used, so this is creation → confirmed impact.', time_to_respond_sec comment 'Seconds from detection to the first responder: `responded_at − detected_at`. NULL when either is unset or the result
is negative (`has_timestamp_anomaly`). See `responded_at_source` for where `responded_at` came from.', time_to_stabilize_sec comment 'Seconds from creation to the fix: `fixed_at − created_at`. NULL where the workspace has no "Fixed at" (companyc),
when unset, or when negative (`has_timestamp_anomaly`).', time_to_resolve_sec comment 'Seconds from creation to resolution: `resolved_at − created_at`. NULL when unset or negative (`has_timestamp_anomaly`).', impact_duration_min comment 'Customer-facing impact in minutes: `(coalesce(fixed_at, resolved_at) − impact_started_at) / 60`. NULL when either end
is unset or when negative (`has_timestamp_anomaly`).', has_timestamp_anomaly comment 'True when any of the five durations came out negative (timestamps entered out of order); those durations are NULL.', is_mttx_eligible comment 'False for `test`/`tutorial` incidents and for incidents whose status category is `declined`, `merged` or `canceled`;
the MTTx marts count only eligible incidents (source-apis.md §1.3).', lead_engineer_key comment 'hash_pii of the incident lead''s email.', creator_engineer_key comment 'hash_pii of the creator''s email.', extracted_at comment 'Extract run start (UTC).';

-- 4. use
use warehouse ETL_SMALL;

-- incremental run (is_incremental(), newest loaded value 2024-06-30 00:00:00; + 2 describe queries for the columns)
-- 1. stage
create or replace temporary view OPP_TEST.intermediate.int_ops__incidents_unioned__opp_tmp as (


with unioned as (
    select * from OPP_TEST.staging.stg_incident_io__companya__incidents
    union all
    select * from OPP_TEST.staging.stg_incident_io__companyb__incidents
    union all
    select * from OPP_TEST.staging.stg_incident_io__companyc__incidents
),

severity_map as (
    select workspace, severity_name, temperature
    from OPP_TEST.reference.incident_severity_map
),

catalog as (
    select workspace, catalog_entry_id, business_unit, owning_team
    from OPP_TEST.staging.stg_incident_io__catalog_entries
),

ownership as (
    select service_name, service_external_id, business_unit, owning_team
    from OPP_TEST.reference.service_ownership
)

select
    u.workspace || ':' || u.incident_id as incident_key,
    u.incident_id,
    u.workspace,
    u.reference,
    u.incident_name,
    u.mode,
    u.visibility,
    u.status_name,
    u.status_category,
    u.severity_name,
    u.severity_rank,
    sm.temperature,
    u.incident_type,
    coalesce(c.business_unit, by_key.business_unit, by_name.business_unit, 'Unassigned') as business_unit,
    coalesce(u.primary_service_external_id, by_name.service_external_id, u.primary_service_name) as primary_service_key,
    coalesce(c.owning_team, by_key.owning_team, by_name.owning_team) as owning_team,
    u.service_count,
    u.created_at,
    cast(u.created_at as date) as incident_date,
    u.updated_at,
    u.source_updated_at,
    u.detected_at,
    u.impact_started_at,
    u.responded_at,
    u.responded_at_source,
    u.fixed_at,
    u.resolved_at,
    u.closed_at,
    case when datediff(second, u.created_at, u.detected_at) >= 0 then datediff(second, u.created_at, u.detected_at) end as time_to_detect_sec,
    case when datediff(second, u.detected_at, u.responded_at) >= 0 then datediff(second, u.detected_at, u.responded_at) end as time_to_respond_sec,
    case when datediff(second, u.created_at, u.fixed_at) >= 0 then datediff(second, u.created_at, u.fixed_at) end as time_to_stabilize_sec,
    case when datediff(second, u.created_at, u.resolved_at) >= 0 then datediff(second, u.created_at, u.resolved_at) end as time_to_resolve_sec,
    case when datediff(second, u.impact_started_at, coalesce(u.fixed_at, u.resolved_at)) >= 0 then datediff(second, u.impact_started_at, coalesce(u.fixed_at, u.resolved_at)) end / 60.0 as impact_duration_min,
    (
        coalesce(datediff(second, u.created_at, u.detected_at) < 0, false)
        or coalesce(datediff(second, u.detected_at, u.responded_at) < 0, false)
        or coalesce(datediff(second, u.created_at, u.fixed_at) < 0, false)
        or coalesce(datediff(second, u.created_at, u.resolved_at) < 0, false)
        or coalesce(datediff(second, u.impact_started_at, coalesce(u.fixed_at, u.resolved_at)) < 0, false)
    ) as has_timestamp_anomaly,
    coalesce(u.mode not in ('test', 'tutorial') and u.status_category not in ('declined', 'merged', 'canceled'), false) as is_mttx_eligible,
    u.lead_engineer_key,
    u.creator_engineer_key,
    u.extracted_at
from unioned as u
left join severity_map as sm on sm.workspace = u.workspace and sm.severity_name = u.severity_name
left join catalog as c on c.workspace = u.workspace and c.catalog_entry_id = u.primary_service_catalog_entry_id
left join ownership as by_key on by_key.service_external_id = u.primary_service_external_id
left join ownership as by_name on by_name.service_name = u.primary_service_name

    where u.source_updated_at >= cast(dateadd(day, -7, cast('2024-06-30 00:00:00' as timestamptz)) as timestamptz)
);

-- 2. merge
merge into OPP_TEST.intermediate.int_ops__incidents_unioned as DBT_INTERNAL_DEST
using OPP_TEST.intermediate.int_ops__incidents_unioned__opp_tmp as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE.INCIDENT_KEY = DBT_INTERNAL_DEST.INCIDENT_KEY)
when matched then update set
    INCIDENT_KEY = DBT_INTERNAL_SOURCE.INCIDENT_KEY,
    INCIDENT_ID = DBT_INTERNAL_SOURCE.INCIDENT_ID,
    WORKSPACE = DBT_INTERNAL_SOURCE.WORKSPACE,
    REFERENCE = DBT_INTERNAL_SOURCE.REFERENCE,
    INCIDENT_NAME = DBT_INTERNAL_SOURCE.INCIDENT_NAME,
    MODE = DBT_INTERNAL_SOURCE.MODE,
    STATUS_NAME = DBT_INTERNAL_SOURCE.STATUS_NAME,
    STATUS_CATEGORY = DBT_INTERNAL_SOURCE.STATUS_CATEGORY,
    VISIBILITY = DBT_INTERNAL_SOURCE.VISIBILITY,
    SEVERITY_RANK = DBT_INTERNAL_SOURCE.SEVERITY_RANK,
    SOURCE_UPDATED_AT = DBT_INTERNAL_SOURCE.SOURCE_UPDATED_AT,
    SEVERITY_NAME = DBT_INTERNAL_SOURCE.SEVERITY_NAME,
    TEMPERATURE = DBT_INTERNAL_SOURCE.TEMPERATURE,
    INCIDENT_TYPE = DBT_INTERNAL_SOURCE.INCIDENT_TYPE,
    BUSINESS_UNIT = DBT_INTERNAL_SOURCE.BUSINESS_UNIT,
    PRIMARY_SERVICE_KEY = DBT_INTERNAL_SOURCE.PRIMARY_SERVICE_KEY,
    OWNING_TEAM = DBT_INTERNAL_SOURCE.OWNING_TEAM,
    SERVICE_COUNT = DBT_INTERNAL_SOURCE.SERVICE_COUNT,
    INCIDENT_DATE = DBT_INTERNAL_SOURCE.INCIDENT_DATE,
    CREATED_AT = DBT_INTERNAL_SOURCE.CREATED_AT,
    UPDATED_AT = DBT_INTERNAL_SOURCE.UPDATED_AT,
    DETECTED_AT = DBT_INTERNAL_SOURCE.DETECTED_AT,
    IMPACT_STARTED_AT = DBT_INTERNAL_SOURCE.IMPACT_STARTED_AT,
    RESPONDED_AT = DBT_INTERNAL_SOURCE.RESPONDED_AT,
    RESPONDED_AT_SOURCE = DBT_INTERNAL_SOURCE.RESPONDED_AT_SOURCE,
    FIXED_AT = DBT_INTERNAL_SOURCE.FIXED_AT,
    RESOLVED_AT = DBT_INTERNAL_SOURCE.RESOLVED_AT,
    CLOSED_AT = DBT_INTERNAL_SOURCE.CLOSED_AT,
    TIME_TO_DETECT_SEC = DBT_INTERNAL_SOURCE.TIME_TO_DETECT_SEC,
    TIME_TO_RESPOND_SEC = DBT_INTERNAL_SOURCE.TIME_TO_RESPOND_SEC,
    TIME_TO_STABILIZE_SEC = DBT_INTERNAL_SOURCE.TIME_TO_STABILIZE_SEC,
    TIME_TO_RESOLVE_SEC = DBT_INTERNAL_SOURCE.TIME_TO_RESOLVE_SEC,
    IMPACT_DURATION_MIN = DBT_INTERNAL_SOURCE.IMPACT_DURATION_MIN,
    HAS_TIMESTAMP_ANOMALY = DBT_INTERNAL_SOURCE.HAS_TIMESTAMP_ANOMALY,
    IS_MTTX_ELIGIBLE = DBT_INTERNAL_SOURCE.IS_MTTX_ELIGIBLE,
    LEAD_ENGINEER_KEY = DBT_INTERNAL_SOURCE.LEAD_ENGINEER_KEY,
    CREATOR_ENGINEER_KEY = DBT_INTERNAL_SOURCE.CREATOR_ENGINEER_KEY,
    EXTRACTED_AT = DBT_INTERNAL_SOURCE.EXTRACTED_AT
when not matched then insert (INCIDENT_KEY, INCIDENT_ID, WORKSPACE, REFERENCE, INCIDENT_NAME, MODE, STATUS_NAME, STATUS_CATEGORY, VISIBILITY, SEVERITY_RANK, SOURCE_UPDATED_AT, SEVERITY_NAME, TEMPERATURE, INCIDENT_TYPE, BUSINESS_UNIT, PRIMARY_SERVICE_KEY, OWNING_TEAM, SERVICE_COUNT, INCIDENT_DATE, CREATED_AT, UPDATED_AT, DETECTED_AT, IMPACT_STARTED_AT, RESPONDED_AT, RESPONDED_AT_SOURCE, FIXED_AT, RESOLVED_AT, CLOSED_AT, TIME_TO_DETECT_SEC, TIME_TO_RESPOND_SEC, TIME_TO_STABILIZE_SEC, TIME_TO_RESOLVE_SEC, IMPACT_DURATION_MIN, HAS_TIMESTAMP_ANOMALY, IS_MTTX_ELIGIBLE, LEAD_ENGINEER_KEY, CREATOR_ENGINEER_KEY, EXTRACTED_AT)
values (DBT_INTERNAL_SOURCE.INCIDENT_KEY, DBT_INTERNAL_SOURCE.INCIDENT_ID, DBT_INTERNAL_SOURCE.WORKSPACE, DBT_INTERNAL_SOURCE.REFERENCE, DBT_INTERNAL_SOURCE.INCIDENT_NAME, DBT_INTERNAL_SOURCE.MODE, DBT_INTERNAL_SOURCE.STATUS_NAME, DBT_INTERNAL_SOURCE.STATUS_CATEGORY, DBT_INTERNAL_SOURCE.VISIBILITY, DBT_INTERNAL_SOURCE.SEVERITY_RANK, DBT_INTERNAL_SOURCE.SOURCE_UPDATED_AT, DBT_INTERNAL_SOURCE.SEVERITY_NAME, DBT_INTERNAL_SOURCE.TEMPERATURE, DBT_INTERNAL_SOURCE.INCIDENT_TYPE, DBT_INTERNAL_SOURCE.BUSINESS_UNIT, DBT_INTERNAL_SOURCE.PRIMARY_SERVICE_KEY, DBT_INTERNAL_SOURCE.OWNING_TEAM, DBT_INTERNAL_SOURCE.SERVICE_COUNT, DBT_INTERNAL_SOURCE.INCIDENT_DATE, DBT_INTERNAL_SOURCE.CREATED_AT, DBT_INTERNAL_SOURCE.UPDATED_AT, DBT_INTERNAL_SOURCE.DETECTED_AT, DBT_INTERNAL_SOURCE.IMPACT_STARTED_AT, DBT_INTERNAL_SOURCE.RESPONDED_AT, DBT_INTERNAL_SOURCE.RESPONDED_AT_SOURCE, DBT_INTERNAL_SOURCE.FIXED_AT, DBT_INTERNAL_SOURCE.RESOLVED_AT, DBT_INTERNAL_SOURCE.CLOSED_AT, DBT_INTERNAL_SOURCE.TIME_TO_DETECT_SEC, DBT_INTERNAL_SOURCE.TIME_TO_RESPOND_SEC, DBT_INTERNAL_SOURCE.TIME_TO_STABILIZE_SEC, DBT_INTERNAL_SOURCE.TIME_TO_RESOLVE_SEC, DBT_INTERNAL_SOURCE.IMPACT_DURATION_MIN, DBT_INTERNAL_SOURCE.HAS_TIMESTAMP_ANOMALY, DBT_INTERNAL_SOURCE.IS_MTTX_ELIGIBLE, DBT_INTERNAL_SOURCE.LEAD_ENGINEER_KEY, DBT_INTERNAL_SOURCE.CREATOR_ENGINEER_KEY, DBT_INTERNAL_SOURCE.EXTRACTED_AT);

-- 3. comment
comment on table OPP_TEST.intermediate.int_ops__incidents_unioned is 'Every configured workspace''s incidents (loop over the var incident_workspaces) with the §1.3 metrics: time to detect / respond / stabilize / resolve, impact duration, temperature, timestamp anomalies and MTTx eligibility, plus the primary service''s business unit. Incremental (merge on incident_key, lookback window): RAW JSON is parsed here once.';

-- 4. comment
alter table OPP_TEST.intermediate.int_ops__incidents_unioned alter INCIDENT_KEY comment '`<workspace>:<incident id>` — unique across workspaces (incident ids and references are only unique within one).', INCIDENT_ID comment 'incident.io id.', WORKSPACE comment 'incident.io workspace (one of the var incident_workspaces).', REFERENCE comment 'Reference such as INC-42 (unique within the workspace).', INCIDENT_NAME comment 'Incident title.', MODE comment 'standard, retrospective, test or tutorial.', STATUS_NAME comment 'Current status name.', STATUS_CATEGORY comment 'Current status category.', VISIBILITY comment 'public or private.', SEVERITY_RANK comment 'Severity rank.', SOURCE_UPDATED_AT comment 'updated_at as RAW holds it (timestamp with time zone): the column fct_ops__incidents filters on, so the filter reaches the RAW scans.', SEVERITY_NAME comment 'Workspace severity name.', TEMPERATURE comment 'Severity class from the workspace''s severity name through the seed `incident_severity_map`: P0/critical → `critical`,
P1 → `high`, P2 → `medium`, P3 and below → `low`. NULL when the incident has no severity.', INCIDENT_TYPE comment 'Incident type.', BUSINESS_UNIT comment 'Business unit owning the primary affected service (Unassigned when none).', PRIMARY_SERVICE_KEY comment 'Service key of the first affected service.', OWNING_TEAM comment 'Team owning the primary service.', SERVICE_COUNT comment 'Number of affected services.', INCIDENT_DATE comment 'UTC date of created_at; the clustering key.', CREATED_AT comment 'Created (UTC).', UPDATED_AT comment 'Last change (UTC); the incremental lookback column.', DETECTED_AT comment 'Canonical detection time (UTC).', IMPACT_STARTED_AT comment 'Canonical impact start (UTC).', RESPONDED_AT comment 'When the first responder engaged (source-apis.md §1.2), first match wins: the workspace''s response-marker timestamp
(seed `incident_timestamp_map` row `responded_at`: "Accepted at" / "Acknowledged at"); else the first incident update
moving the incident into a `live` status; else `created_at` for incidents that never sat in triage. NULL otherwise.', RESPONDED_AT_SOURCE comment 'Where `responded_at` came from: `workspace_timestamp`, `first_live_update` or `created_at` (NULL when unknown).', FIXED_AT comment 'Canonical fix time (UTC; NULL in companyc).', RESOLVED_AT comment 'Canonical resolution time (UTC).', CLOSED_AT comment 'Canonical close time (UTC).', TIME_TO_DETECT_SEC comment 'Seconds from incident creation to detection: `detected_at − created_at` (source-apis.md §1.3). NULL when either is
unset, and NULL when negative (then `has_timestamp_anomaly` is true). companya records no detection time; its
"Impact started" is used, so this is creation → confirmed impact.', TIME_TO_RESPOND_SEC comment 'Seconds from detection to the first responder: `responded_at − detected_at`. NULL when either is unset or the result
is negative (`has_timestamp_anomaly`). See `responded_at_source` for where `responded_at` came from.', TIME_TO_STABILIZE_SEC comment 'Seconds from creation to the fix: `fixed_at − created_at`. NULL where the workspace has no "Fixed at" (companyc),
when unset, or when negative (`has_timestamp_anomaly`).', TIME_TO_RESOLVE_SEC comment 'Seconds from creation to resolution: `resolved_at − created_at`. NULL when unset or negative (`has_timestamp_anomaly`).', IMPACT_DURATION_MIN comment 'Customer-facing impact in minutes: `(coalesce(fixed_at, resolved_at) − impact_started_at) / 60`. NULL when either end
is unset or when negative (`has_timestamp_anomaly`).', HAS_TIMESTAMP_ANOMALY comment 'True when any of the five durations came out negative (timestamps entered out of order); those durations are NULL.', IS_MTTX_ELIGIBLE comment 'False for `test`/`tutorial` incidents and for incidents whose status category is `declined`, `merged` or `canceled`;
the MTTx marts count only eligible incidents (source-apis.md §1.3).', LEAD_ENGINEER_KEY comment 'hash_pii of the incident lead''s email.', CREATOR_ENGINEER_KEY comment 'hash_pii of the creator''s email.', EXTRACTED_AT comment 'Extract run start (UTC).';

-- 5. drop
drop view if exists OPP_TEST.intermediate.int_ops__incidents_unioned__opp_tmp;
