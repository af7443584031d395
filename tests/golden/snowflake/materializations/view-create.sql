-- 1 statement

-- 1. create
create or replace view analytics.marts.orders as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);
