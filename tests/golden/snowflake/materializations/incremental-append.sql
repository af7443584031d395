-- 3 statements

-- 1. stage
create or replace temporary view analytics.marts.orders__opp_tmp as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 2. insert
insert into analytics.marts.orders (ID, STATUS, AMOUNT)
select ID, STATUS, AMOUNT
from analytics.marts.orders__opp_tmp;

-- 3. drop
drop view if exists analytics.marts.orders__opp_tmp;
