-- 1 statement

-- 1. create
create transient table analytics.marts.orders cluster by (status) as (
select * from (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
) order by (status)
);
