-- 2 statements

-- 1. drop
drop view if exists analytics.marts.orders;

-- 2. create
create or replace transient table analytics.marts.orders as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);
