-- mode: create, 1 statements
-- 1. create
create transient table analytics.snapshots.orders_snapshot as (
select *,
    md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(updated_at as varchar), '')) as DBT_SCD_ID,
    updated_at as DBT_UPDATED_AT,
    updated_at as DBT_VALID_FROM,
    coalesce(nullif(updated_at, updated_at), null) as DBT_VALID_TO
from (
select id, status, amount, updated_at
from analytics.app.orders
) sbq
);
