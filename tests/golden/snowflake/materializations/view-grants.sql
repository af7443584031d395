-- 3 statements

-- 1. create
create or replace view analytics.marts.orders as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 2. grant
grant select on view analytics.marts.orders to role reporter;

-- 3. grant
grant select on view analytics.marts.orders to role analyst;
