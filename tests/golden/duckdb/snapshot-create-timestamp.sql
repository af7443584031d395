-- mode: create
-- 1. create
create table "warehouse"."snapshots"."orders_snapshot" as (
select *,
    md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(updated_at as varchar), '')) as "dbt_scd_id",
    updated_at as "dbt_updated_at",
    updated_at as "dbt_valid_from",
    coalesce(nullif(updated_at, updated_at), null) as "dbt_valid_to"
from (
select id, status, amount, updated_at
from "warehouse"."app"."orders"
) sbq
);
