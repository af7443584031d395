-- 2 statements

-- 1. drop
drop table if exists analytics.marts.orders cascade;

-- 2. create
create or replace view analytics.marts.orders as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);
