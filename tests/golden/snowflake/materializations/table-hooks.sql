-- 3 statements

-- 1. hook
insert into audit values ('pre');

-- 2. create
create or replace transient table analytics.marts.orders as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 3. hook
select 1;
