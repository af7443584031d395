-- 9 statements

-- 1. hook
insert into audit values ('pre outside');

-- 2. hook
insert into audit values ('pre inside');

-- 3. stage
create or replace temporary table analytics.marts.orders__opp_tmp as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 4. begin
begin;

-- 5. delete
delete from analytics.marts.orders as DBT_INTERNAL_DEST
where (ID) in (
    select distinct ID
    from analytics.marts.orders__opp_tmp as DBT_INTERNAL_SOURCE
);

-- 6. insert
insert into analytics.marts.orders (ID, STATUS, AMOUNT)
select ID, STATUS, AMOUNT
from analytics.marts.orders__opp_tmp;

-- 7. hook
insert into audit values ('post inside');

-- 8. commit
commit;

-- 9. drop
drop table if exists analytics.marts.orders__opp_tmp cascade;
