-- 5 statements

-- 1. use
use warehouse transforming_xl;

-- 2. alter
alter session set query_tag = 'orders_rebuild';

-- 3. create
create or replace transient table analytics.marts.orders as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 4. use
use warehouse transforming;

-- 5. alter
alter session set query_tag = 'opp';
