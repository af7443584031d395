-- 1. begin
begin;

-- 2. drop
drop table if exists "warehouse"."analytics"."orders";

-- 3. create
create or replace view "warehouse"."analytics"."orders" as (
select id, status, amount
from "warehouse"."staging"."stg_orders"
where status <> 'deleted'
);

-- 4. commit
commit;
