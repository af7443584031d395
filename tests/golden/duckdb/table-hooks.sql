-- 1. begin
begin;

-- 2. hook
insert into audit values ('pre');

-- 3. create
create or replace table "warehouse"."analytics"."orders__opp_tmp" as (
select id, status, amount
from "warehouse"."staging"."stg_orders"
where status <> 'deleted'
);

-- 4. drop
drop table if exists "warehouse"."analytics"."orders";

-- 5. swap
alter table "warehouse"."analytics"."orders__opp_tmp" rename to "orders";

-- 6. hook
analyze;

-- 7. commit
commit;

-- 8. hook
checkpoint;
