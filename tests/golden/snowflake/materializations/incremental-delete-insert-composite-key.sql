-- 6 statements

-- 1. stage
create or replace temporary table analytics.marts.orders__opp_tmp as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 2. begin
begin;

-- 3. delete
delete from analytics.marts.orders as DBT_INTERNAL_DEST
where (ID, STATUS) in (
    select distinct ID, STATUS
    from analytics.marts.orders__opp_tmp as DBT_INTERNAL_SOURCE
);

-- 4. insert
insert into analytics.marts.orders (ID, STATUS, AMOUNT)
select ID, STATUS, AMOUNT
from analytics.marts.orders__opp_tmp;

-- 5. commit
commit;

-- 6. drop
drop table if exists analytics.marts.orders__opp_tmp cascade;
