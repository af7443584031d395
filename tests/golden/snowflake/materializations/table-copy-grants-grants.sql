-- 3 statements

-- 1. create
create or replace transient table analytics.marts.orders copy grants as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 2. select
show grants on analytics.marts.orders;

-- 3. grant
grant select on table analytics.marts.orders to role reporter;
