-- 3 statements

-- 1. create
create or replace transient table analytics.marts.orders as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 2. grant
grant select on table analytics.marts.orders to role reporter;

-- 3. grant
grant insert on table analytics.marts.orders to role loader;
