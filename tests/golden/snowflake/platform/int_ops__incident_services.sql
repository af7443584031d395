-- models/intermediate/int_ops__incident_services.sql (incremental) on Snowflake

-- first build
-- 1. use
use warehouse ETL_MEDIUM;

-- 2. create
create transient table OPP_TEST.intermediate.int_ops__incident_services cluster by (source_updated_at) comment = 'Incident × affected service, resolved to one service key and business unit across workspaces; the first listed service is primary. Incremental (delete+insert per incident, lookback window).' as (
select * from (

-- Incident × affected service, resolved to one service key per service across workspaces: the catalog
-- entry's external_id (catalog-backed fields), else the seed service_ownership's external id for the
-- option's service name, else the name itself. Business unit and owning team come from the catalog
-- entry's attributes, else from service_ownership. The first value of the field is the primary service.
-- Incremental (delete+insert per incident): the incidents updated within the lookback window are
-- re-read and their rows replaced, so a service removed from an incident disappears.
with services as (
    select * from OPP_TEST.staging.stg_incident_io__incident_services
    
),

catalog as (
    select workspace, catalog_entry_id, business_unit, owning_team
    from OPP_TEST.staging.stg_incident_io__catalog_entries
),

ownership as (
    select service_name, service_external_id, business_unit, owning_team
    from OPP_TEST.reference.service_ownership
),

resolved as (
    select
        s.incident_key,
        s.workspace,
        s.incident_id,
        coalesce(s.service_external_id, by_name.service_external_id, s.service_name) as service_key,
        s.service_name,
        coalesce(c.business_unit, by_key.business_unit, by_name.business_unit) as business_unit,
        coalesce(c.owning_team, by_key.owning_team, by_name.owning_team) as owning_team,
        s.service_source,
        s.service_position,
        s.incident_updated_at,
        s.source_updated_at
    from services as s
    left join catalog as c on c.workspace = s.workspace and c.catalog_entry_id = s.catalog_entry_id
    left join ownership as by_key on by_key.service_external_id = s.service_external_id
    left join ownership as by_name on by_name.service_name = s.service_name
)

select
    incident_key,
    workspace,
    incident_id,
    service_key,
    service_name,
    business_unit,
    owning_team,
    service_source,
    service_position,
    -- source_updated_at is one value per incident; partitioning by it too lets a filter on it push down
    service_position = min(service_position) over (partition by incident_key, source_updated_at) as is_primary,
    incident_updated_at,
    source_updated_at
from resolved
qualify row_number() over (partition by incident_key, source_updated_at, service_key order by service_position) = 1
) order by (source_updated_at)
);

-- 3. comment
alter table OPP_TEST.intermediate.int_ops__incident_services alter incident_key comment '`<workspace>:<incident id>` — unique across workspaces (incident ids and references are only unique within one).', workspace comment 'Workspace.', incident_id comment 'incident.io id.', service_key comment 'Service key across workspaces: catalog external_id, else the service_ownership external id of the option name, else the name.', service_name comment 'Service name.', business_unit comment 'Business unit owning the service (catalog attribute, else seed service_ownership).', owning_team comment 'Owning team.', service_source comment 'catalog_entry or option.', service_position comment 'Position in the field (0 first).', is_primary comment 'True for the first listed service.', incident_updated_at comment 'The incident''s updated_at (UTC).', source_updated_at comment 'The incident''s updated_at as RAW holds it (timestamp with time zone): bridge_ops__incident_service filters on it.';

-- 4. use
use warehouse ETL_SMALL;

-- incremental run (is_incremental(), newest loaded value 2024-06-30 00:00:00; + 2 describe queries for the columns)
-- 1. stage
create or replace temporary table OPP_TEST.intermediate.int_ops__incident_services__opp_tmp as (

-- Incident × affected service, resolved to one service key per service across workspaces: the catalog
-- entry's external_id (catalog-backed fields), else the seed service_ownership's external id for the
-- option's service name, else the name itself. Business unit and owning team come from the catalog
-- entry's attributes, else from service_ownership. The first value of the field is the primary service.
-- Incremental (delete+insert per incident): the incidents updated within the lookback window are
-- re-read and their rows replaced, so a service removed from an incident disappears.
with services as (
    select * from OPP_TEST.staging.stg_incident_io__incident_services
    
    where source_updated_at >= cast(dateadd(day, -7, cast('2024-06-30 00:00:00' as timestamptz)) as timestamptz)
),

catalog as (
    select workspace, catalog_entry_id, business_unit, owning_team
    from OPP_TEST.staging.stg_incident_io__catalog_entries
),

ownership as (
    select service_name, service_external_id, business_unit, owning_team
    from OPP_TEST.reference.service_ownership
),

resolved as (
    select
        s.incident_key,
        s.workspace,
        s.incident_id,
        coalesce(s.service_external_id, by_name.service_external_id, s.service_name) as service_key,
        s.service_name,
        coalesce(c.business_unit, by_key.business_unit, by_name.business_unit) as business_unit,
        coalesce(c.owning_team, by_key.owning_team, by_name.owning_team) as owning_team,
        s.service_source,
        s.service_position,
        s.incident_updated_at,
        s.source_updated_at
    from services as s
    left join catalog as c on c.workspace = s.workspace and c.catalog_entry_id = s.catalog_entry_id
    left join ownership as by_key on by_key.service_external_id = s.service_external_id
    left join ownership as by_name on by_name.service_name = s.service_name
)

select
    incident_key,
    workspace,
    incident_id,
    service_key,
    service_name,
    business_unit,
    owning_team,
    service_source,
    service_position,
    -- source_updated_at is one value per incident; partitioning by it too lets a filter on it push down
    service_position = min(service_position) over (partition by incident_key, source_updated_at) as is_primary,
    incident_updated_at,
    source_updated_at
from resolved
qualify row_number() over (partition by incident_key, source_updated_at, service_key order by service_position) = 1
);

-- 2. begin
begin;

-- 3. delete
delete from OPP_TEST.intermediate.int_ops__incident_services as DBT_INTERNAL_DEST
where (INCIDENT_KEY) in (
    select distinct INCIDENT_KEY
    from OPP_TEST.intermediate.int_ops__incident_services__opp_tmp as DBT_INTERNAL_SOURCE
);

-- 4. insert
insert into OPP_TEST.intermediate.int_ops__incident_services (INCIDENT_KEY, WORKSPACE, INCIDENT_ID, SERVICE_KEY, SERVICE_NAME, BUSINESS_UNIT, OWNING_TEAM, SERVICE_SOURCE, SERVICE_POSITION, IS_PRIMARY, INCIDENT_UPDATED_AT, SOURCE_UPDATED_AT)
select INCIDENT_KEY, WORKSPACE, INCIDENT_ID, SERVICE_KEY, SERVICE_NAME, BUSINESS_UNIT, OWNING_TEAM, SERVICE_SOURCE, SERVICE_POSITION, IS_PRIMARY, INCIDENT_UPDATED_AT, SOURCE_UPDATED_AT
from OPP_TEST.intermediate.int_ops__incident_services__opp_tmp;

-- 5. commit
commit;

-- 6. comment
comment on table OPP_TEST.intermediate.int_ops__incident_services is 'Incident × affected service, resolved to one service key and business unit across workspaces; the first listed service is primary. Incremental (delete+insert per incident, lookback window).';

-- 7. comment
alter table OPP_TEST.intermediate.int_ops__incident_services alter INCIDENT_KEY comment '`<workspace>:<incident id>` — unique across workspaces (incident ids and references are only unique within one).', WORKSPACE comment 'Workspace.', INCIDENT_ID comment 'incident.io id.', SERVICE_KEY comment 'Service key across workspaces: catalog external_id, else the service_ownership external id of the option name, else the name.', SERVICE_NAME comment 'Service name.', BUSINESS_UNIT comment 'Business unit owning the service (catalog attribute, else seed service_ownership).', OWNING_TEAM comment 'Owning team.', SERVICE_SOURCE comment 'catalog_entry or option.', SERVICE_POSITION comment 'Position in the field (0 first).', IS_PRIMARY comment 'True for the first listed service.', INCIDENT_UPDATED_AT comment 'The incident''s updated_at (UTC).', SOURCE_UPDATED_AT comment 'The incident''s updated_at as RAW holds it (timestamp with time zone): bridge_ops__incident_service filters on it.';

-- 8. drop
drop table if exists OPP_TEST.intermediate.int_ops__incident_services__opp_tmp cascade;
