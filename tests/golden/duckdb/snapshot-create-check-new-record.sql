-- mode: create
-- 1. create
create table "warehouse"."snapshots"."orders_snapshot" as (
select *,
    md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(now()::timestamp as varchar), '')) as "dbt_scd_id",
    now()::timestamp as "dbt_updated_at",
    now()::timestamp as "dbt_valid_from",
    coalesce(nullif(now()::timestamp, now()::timestamp), null) as "dbt_valid_to",
    'False' as "dbt_is_deleted"
from (
select id, status, amount, updated_at
from "warehouse"."app"."orders"
) sbq
);
