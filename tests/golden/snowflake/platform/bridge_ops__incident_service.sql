-- models/marts/bridge_ops__incident_service.sql (incremental) on Snowflake

-- first build
-- 1. use
use warehouse ETL_MEDIUM;

-- 2. create
create transient table OPP_TEST.marts.bridge_ops__incident_service comment = 'Incident × affected service (many-to-many) with a HASHDIFF for change detection. Incremental delete+insert on incident_key over the lookback window, so services removed from an incident disappear too.' as (

-- Incident × affected service (many-to-many). hashdiff covers the descriptive columns, so a consumer
-- that keeps history (or a snapshot) can tell a changed mapping from an unchanged one.
-- Incremental: the incidents updated within the lookback window are re-read and their rows replaced
-- (delete+insert on incident_key), so a service removed from an incident disappears too.
select
    md5(concat_ws('||', coalesce(cast(incident_key as varchar), '^^'), coalesce(cast(service_key as varchar), '^^'))) as incident_service_key,
    incident_key,
    service_key,
    service_name,
    business_unit,
    owning_team,
    service_source,
    is_primary,
    md5(concat_ws('||', coalesce(cast(service_name as varchar), '^^'), coalesce(cast(business_unit as varchar), '^^'), coalesce(cast(owning_team as varchar), '^^'), coalesce(cast(service_source as varchar), '^^'), coalesce(cast(is_primary as varchar), '^^'))) as hashdiff,
    incident_updated_at
from OPP_TEST.intermediate.int_ops__incident_services
);

-- 3. comment
alter table OPP_TEST.marts.bridge_ops__incident_service alter incident_service_key comment 'MD5 of incident_key and service_key.', incident_key comment '`<workspace>:<incident id>` — unique across workspaces (incident ids and references are only unique within one).', service_key comment 'Service key across workspaces (catalog external_id such as svc-checkout-api).', service_name comment 'Service name.', business_unit comment 'Business unit owning the service.', owning_team comment 'Owning team.', service_source comment 'catalog_entry or option.', is_primary comment 'True for the first listed service.', hashdiff comment 'MD5 over service_name, business_unit, owning_team, service_source and is_primary: changes when the mapping''s attributes change.', incident_updated_at comment 'The incident''s updated_at (UTC).';

-- 4. use
use warehouse ETL_SMALL;

-- incremental run (is_incremental(), newest loaded value 2024-06-30 00:00:00; + 2 describe queries for the columns)
-- 1. stage
create or replace temporary table OPP_TEST.marts.bridge_ops__incident_service__opp_tmp as (

-- Incident × affected service (many-to-many). hashdiff covers the descriptive columns, so a consumer
-- that keeps history (or a snapshot) can tell a changed mapping from an unchanged one.
-- Incremental: the incidents updated within the lookback window are re-read and their rows replaced
-- (delete+insert on incident_key), so a service removed from an incident disappears too.
select
    md5(concat_ws('||', coalesce(cast(incident_key as varchar), '^^'), coalesce(cast(service_key as varchar), '^^'))) as incident_service_key,
    incident_key,
    service_key,
    service_name,
    business_unit,
    owning_team,
    service_source,
    is_primary,
    md5(concat_ws('||', coalesce(cast(service_name as varchar), '^^'), coalesce(cast(business_unit as varchar), '^^'), coalesce(cast(owning_team as varchar), '^^'), coalesce(cast(service_source as varchar), '^^'), coalesce(cast(is_primary as varchar), '^^'))) as hashdiff,
    incident_updated_at
from OPP_TEST.intermediate.int_ops__incident_services

    where source_updated_at >= cast(dateadd(day, -7, cast('2024-06-30 00:00:00+00:00' as timestamptz)) as timestamptz)
);

-- 2. begin
begin;

-- 3. delete
delete from OPP_TEST.marts.bridge_ops__incident_service as DBT_INTERNAL_DEST
where (INCIDENT_KEY) in (
    select distinct INCIDENT_KEY
    from OPP_TEST.marts.bridge_ops__incident_service__opp_tmp as DBT_INTERNAL_SOURCE
);

-- 4. insert
insert into OPP_TEST.marts.bridge_ops__incident_service (INCIDENT_SERVICE_KEY, INCIDENT_KEY, SERVICE_KEY, SERVICE_NAME, BUSINESS_UNIT, OWNING_TEAM, SERVICE_SOURCE, IS_PRIMARY, HASHDIFF, INCIDENT_UPDATED_AT)
select INCIDENT_SERVICE_KEY, INCIDENT_KEY, SERVICE_KEY, SERVICE_NAME, BUSINESS_UNIT, OWNING_TEAM, SERVICE_SOURCE, IS_PRIMARY, HASHDIFF, INCIDENT_UPDATED_AT
from OPP_TEST.marts.bridge_ops__incident_service__opp_tmp;

-- 5. commit
commit;

-- 6. comment
comment on table OPP_TEST.marts.bridge_ops__incident_service is 'Incident × affected service (many-to-many) with a HASHDIFF for change detection. Incremental delete+insert on incident_key over the lookback window, so services removed from an incident disappear too.';

-- 7. comment
alter table OPP_TEST.marts.bridge_ops__incident_service alter INCIDENT_SERVICE_KEY comment 'MD5 of incident_key and service_key.', INCIDENT_KEY comment '`<workspace>:<incident id>` — unique across workspaces (incident ids and references are only unique within one).', SERVICE_KEY comment 'Service key across workspaces (catalog external_id such as svc-checkout-api).', SERVICE_NAME comment 'Service name.', BUSINESS_UNIT comment 'Business unit owning the service.', OWNING_TEAM comment 'Owning team.', SERVICE_SOURCE comment 'catalog_entry or option.', IS_PRIMARY comment 'True for the first listed service.', HASHDIFF comment 'MD5 over service_name, business_unit, owning_team, service_source and is_primary: changes when the mapping''s attributes change.', INCIDENT_UPDATED_AT comment 'The incident''s updated_at (UTC).';

-- 8. drop
drop table if exists OPP_TEST.marts.bridge_ops__incident_service__opp_tmp cascade;
