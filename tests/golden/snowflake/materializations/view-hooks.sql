-- 4 statements

-- 1. hook
alter session set timezone = 'UTC';

-- 2. hook
insert into audit values ('pre');

-- 3. create
create or replace view analytics.marts.orders as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 4. hook
insert into audit values ('post');
