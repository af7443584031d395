-- 1. begin
begin;

-- 2. create
create or replace table "warehouse"."analytics"."orders__opp_tmp" as (
select id, status, amount
from "warehouse"."staging"."stg_orders"
where status <> 'deleted'
);

-- 3. drop
drop table if exists "warehouse"."analytics"."orders";

-- 4. swap
alter table "warehouse"."analytics"."orders__opp_tmp" rename to "orders";

-- 5. commit
commit;
