-- mode: merge
-- 1. begin
begin;

-- 2. hook
insert into audit values ('pre');

-- 3. stage
create or replace table "warehouse"."snapshots"."orders_snapshot__opp_tmp" as (
with snapshot_query as (

select id, status, amount, updated_at
from "warehouse"."app"."orders"

),

snapshotted_data as (
    select *, id as dbt_unique_key
    from "warehouse"."snapshots"."orders_snapshot"
    where "dbt_valid_to" is null
),

insertions_source_data as (
    select *, id as dbt_unique_key,
        updated_at as "dbt_updated_at",
        updated_at as "dbt_valid_from",
        coalesce(nullif(updated_at, updated_at), null) as "dbt_valid_to",
        md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(updated_at as varchar), '')) as "dbt_scd_id"
    from snapshot_query
),

updates_source_data as (
    select *, id as dbt_unique_key,
        updated_at as "dbt_updated_at",
        updated_at as "dbt_valid_from",
        updated_at as "dbt_valid_to"
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
        or (snapshotted_data.dbt_unique_key is not null and ((snapshotted_data."dbt_valid_from" < source_data.updated_at)))
),

updates as (
    select
        'update' as dbt_change_type,
        source_data.*,
        snapshotted_data."dbt_scd_id"
    from updates_source_data as source_data
    join snapshotted_data
        on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
    where ((snapshotted_data."dbt_valid_from" < source_data.updated_at))
)

select * from insertions
union all
select * from updates
);

-- 4. merge
merge into "warehouse"."snapshots"."orders_snapshot" as DBT_INTERNAL_DEST
using "warehouse"."snapshots"."orders_snapshot__opp_tmp" as DBT_INTERNAL_SOURCE
on DBT_INTERNAL_SOURCE."dbt_scd_id" = DBT_INTERNAL_DEST."dbt_scd_id"
when matched
    and DBT_INTERNAL_DEST."dbt_valid_to" is null
    and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
    then update set "dbt_valid_to" = DBT_INTERNAL_SOURCE."dbt_valid_to"
when not matched
    and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
    then insert ("id", "status", "amount", "updated_at", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_scd_id")
    values (DBT_INTERNAL_SOURCE."id", DBT_INTERNAL_SOURCE."status", DBT_INTERNAL_SOURCE."amount", DBT_INTERNAL_SOURCE."updated_at", DBT_INTERNAL_SOURCE."dbt_updated_at", DBT_INTERNAL_SOURCE."dbt_valid_from", DBT_INTERNAL_SOURCE."dbt_valid_to", DBT_INTERNAL_SOURCE."dbt_scd_id");

-- 5. drop
drop table if exists "warehouse"."snapshots"."orders_snapshot__opp_tmp";

-- 6. commit
commit;

-- 7. hook
checkpoint;
