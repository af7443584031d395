-- mode: merge, 3 statements
-- 1. stage
create or replace temporary table analytics.snapshots.orders_snapshot__opp_tmp as (
with snapshot_query as (

select id, status, amount, updated_at
from analytics.app.orders

),

snapshotted_data as (
    select *, id as dbt_unique_key
    from analytics.snapshots.orders_snapshot
    where DBT_VALID_TO is null
),

insertions_source_data as (
    select *, id as dbt_unique_key,
        updated_at as DBT_UPDATED_AT,
        updated_at as DBT_VALID_FROM,
        coalesce(nullif(updated_at, updated_at), null) as DBT_VALID_TO,
        md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(updated_at as varchar), '')) as DBT_SCD_ID
    from snapshot_query
),

updates_source_data as (
    select *, id as dbt_unique_key,
        updated_at as DBT_UPDATED_AT,
        updated_at as DBT_VALID_FROM,
        updated_at as DBT_VALID_TO
    from snapshot_query
),

deletes_source_data as (
    select *, id as dbt_unique_key
    from snapshot_query
),

insertions as (
    select
        'insert' as dbt_change_type,
        source_data.*
    from insertions_source_data as source_data
    left outer join snapshotted_data
        on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
    where snapshotted_data.dbt_unique_key is null
        or (snapshotted_data.dbt_unique_key is not null and ((snapshotted_data.DBT_VALID_FROM < source_data.updated_at)))
),

updates as (
    select
        'update' as dbt_change_type,
        source_data.*,
        snapshotted_data.DBT_SCD_ID
    from updates_source_data as source_data
    join snapshotted_data
        on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
    where ((snapshotted_data.DBT_VALID_FROM < source_data.updated_at))
),

deletes as (
    select
        'delete' as dbt_change_type,
        source_data.*,
        to_timestamp_ntz(convert_timezone('UTC', current_timestamp())) as DBT_VALID_FROM,
        to_timestamp_ntz(convert_timezone('UTC', current_timestamp())) as DBT_UPDATED_AT,
        to_timestamp_ntz(convert_timezone('UTC', current_timestamp())) as DBT_VALID_TO,
        snapshotted_data.DBT_SCD_ID
    from snapshotted_data
    left join deletes_source_data as source_data
        on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
    where source_data.dbt_unique_key is null
)

select * from insertions
union all
select * from updates
union all
select * from deletes
);

-- 2. merge
merge into analytics.snapshots.orders_snapshot as DBT_INTERNAL_DEST
using analytics.snapshots.orders_snapshot__opp_tmp as DBT_INTERNAL_SOURCE
on DBT_INTERNAL_SOURCE.DBT_SCD_ID = DBT_INTERNAL_DEST.DBT_SCD_ID
when matched
    and DBT_INTERNAL_DEST.DBT_VALID_TO is null
    and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
    then update set DBT_VALID_TO = DBT_INTERNAL_SOURCE.DBT_VALID_TO
when not matched
    and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
    then insert (ID, STATUS, AMOUNT, UPDATED_AT, DBT_UPDATED_AT, DBT_VALID_FROM, DBT_VALID_TO, DBT_SCD_ID)
    values (DBT_INTERNAL_SOURCE.ID, DBT_INTERNAL_SOURCE.STATUS, DBT_INTERNAL_SOURCE.AMOUNT, DBT_INTERNAL_SOURCE.UPDATED_AT, DBT_INTERNAL_SOURCE.DBT_UPDATED_AT, DBT_INTERNAL_SOURCE.DBT_VALID_FROM, DBT_INTERNAL_SOURCE.DBT_VALID_TO, DBT_INTERNAL_SOURCE.DBT_SCD_ID);

-- 3. drop
drop table if exists analytics.snapshots.orders_snapshot__opp_tmp cascade;
