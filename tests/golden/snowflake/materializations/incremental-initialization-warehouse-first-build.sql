-- 3 statements

-- 1. use
use warehouse etl_large;

-- 2. create
create transient table analytics.marts.orders as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 3. use
use warehouse transforming;
