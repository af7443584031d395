-- 1 statement

-- 1. create
create or replace transient table analytics.marts.orders cluster by (status, to_date(placed_at)) as (
select * from (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
) order by (status, to_date(placed_at))
);
